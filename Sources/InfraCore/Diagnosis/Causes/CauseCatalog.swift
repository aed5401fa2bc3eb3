import DockerEngine

/// Every cause explainer, one per kind of root cause, in rank order.
public enum CauseCatalog {
    /// The explainer of `kind`.
    public static func explainer(for kind: RootCause.Kind) -> any CauseExplainer {
        switch kind {
        case .portAllocated: PortAllocatedCause()
        case .outOfMemory: OutOfMemoryCause()
        case .addressInUse: AddressInUseCause()
        case .authenticationFailed: AuthenticationFailedCause()
        case .hostNotFound: HostNotFoundCause()
        case .localhost: LocalhostCause()
        case .connectionRefused: ConnectionRefusedCause()
        case .missingFile: MissingFileCause()
        case .permissionDenied: PermissionDeniedCause()
        case .healthCheckFailed: HealthCheckFailedCause()
        case .dependencyDown: DependencyDownCause()
        }
    }

    /// Every explainer, most telling cause first.
    public static var all: [any CauseExplainer.Type] {
        RootCause.Kind.allCases.map { type(of: explainer(for: $0)) }
    }
}
