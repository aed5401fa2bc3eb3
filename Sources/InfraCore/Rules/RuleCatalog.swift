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
        RequiredVariableRule.self,
        ContainerAddressRule.self,
        UndefinedVariableRule.self,
        RegistryDriftRule.self,
        UnknownKeyRule.self,
        LocalDomainACMERule.self,
        CertificateFileRule.self,
        CertificateCoverageRule.self,
        FileProviderRule.self,
        HardcodedSecretRule.self,
        ExposedDataStoreRule.self,
        DockerSocketRule.self,
        PrivilegedServiceRule.self,
        ServiceInventoryRule.self,
    ]

    /// The rule with this id (case-insensitive).
    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id.caseInsensitiveCompare(id) == .orderedSame }
    }
}
