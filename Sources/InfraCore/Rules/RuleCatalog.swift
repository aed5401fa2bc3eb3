/// Every static rule infractl knows, in catalogue order.
public enum RuleCatalog {
    public static let all: [any Rule.Type] = [
        PortConflictRule.self,
        PortRangeRule.self,
        SystemPortRule.self,
        UnregisteredPortRule.self,
        UnpublishedPortRule.self,
        SharedNetworkRule.self,
        InternalNetworkRule.self,
        ExternalSharedNetworkRule.self,
        TraefikNetworkRule.self,
        UndefinedDependencyRule.self,
        CircularDependencyRule.self,
        StartupTierRule.self,
        HealthyDependencyRule.self,
        CrossProjectDependencyRule.self,
        CriticalHealthcheckRule.self,
        CriticalMemoryLimitRule.self,
        RequiredVariableRule.self,
        ContainerAddressRule.self,
        UndefinedVariableRule.self,
        RegistryDriftRule.self,
        UnknownKeyRule.self,
        LocalDomainACMERule.self,
        CertificateFileRule.self,
        CertificateCoverageRule.self,
        FileProviderRule.self,
        HTTPRedirectRule.self,
        HardcodedSecretRule.self,
        ExposedDataStoreRule.self,
        DockerSocketRule.self,
        PrivilegedServiceRule.self,
        PrivateKeyModeRule.self,
        TrackedEnvFileRule.self,
        NoNewPrivilegesRule.self,
        CapabilityDropRule.self,
        DangerousCapabilityRule.self,
        ReadOnlyRootFilesystemRule.self,
        PinnedImageRule.self,
        SecurityProfileRule.self,
        SensitiveHostPathRule.self,
        DangerousDeviceRule.self,
        MountPropagationRule.self,
        RootUserRule.self,
        LoggingDisabledRule.self,
        TmpfsOptionsRule.self,
        ResourceLimitsRule.self,
        OpenPortRule.self,
        ServiceInventoryRule.self,
        SwarmBuildRule.self,
        SwarmContainerNameRule.self,
        SwarmRestartRule.self,
        SwarmDependsOnRule.self,
        SwarmNetworkModeRule.self,
        SwarmPrivilegedRule.self,
        SwarmDotEnvRule.self,
        SwarmOverlayNetworkRule.self,
        SwarmRolloutRule.self,
    ]

    /// The rules `validate` runs: every rule but the Security Report's audit-only ones.
    public static let validation: [any Rule.Type] = all.filter { $0.description.scope == .validate || $0.description.scope == .swarm }

    /// The rule with this id (case-insensitive).
    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id.caseInsensitiveCompare(id) == .orderedSame }
    }
}
