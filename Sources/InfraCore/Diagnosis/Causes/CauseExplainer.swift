import DockerEngine

/// Explains one kind of root cause against the workspace: what it means for the service, where
/// to change what, and which commands show it is gone. Described like a rule, so its examples
/// are its tests.
public protocol CauseExplainer: Sendable {
    /// The cause's documentation and examples.
    static var description: CauseDescription { get }

    init()

    /// `cause`, shown by `container`, explained for `service`.
    func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause
}
