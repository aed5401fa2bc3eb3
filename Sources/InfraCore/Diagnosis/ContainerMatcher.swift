import DockerEngine

/// Tells which registry service a container implements: the container named like the service
/// (the registry's `name` is the container name), else the container Compose made for the
/// service's compose key from the service's compose file in this workspace, else a swarm
/// task's container of the service's `<stack>_<key>` swarm service.
public struct ContainerMatcher: Sendable {
    private let registry: Registry
    /// Registry name by `<absolute compose file>\0<compose key>`.
    private let byComposeLabels: [String: String]
    /// Registry name by swarm service name.
    public let bySwarmService: [String: String]

    /// A matcher for the workspace at `workspaceRoot` (absolute), whose compose files are given
    /// relative to it.
    public init(context: ValidationContext, workspaceRoot: String) {
        registry = context.registry
        var index: [String: String] = [:]
        let root = workspaceRoot.hasSuffix("/") ? String(workspaceRoot.dropLast()) : workspaceRoot
        for service in context.registry.services {
            guard let compose = context.composeService(for: service) else { continue }
            index["\(root)/\(service.composeFile)\u{0}\(compose.name)"] = service.name
        }
        byComposeLabels = index
        bySwarmService = context.swarmServiceNames(workspaceRoot: root)
    }

    /// The registry service `summary` implements, if any.
    public func registryName(of summary: ContainerSummary) -> String? {
        if registry.service(named: summary.name) != nil { return summary.name }
        if let swarm = summary.swarmServiceName { return bySwarmService[swarm] }
        guard let labels = summary.compose, !labels.isOneOff else { return nil }
        for file in labels.configFiles {
            if let name = byComposeLabels["\(file)\u{0}\(labels.service)"] { return name }
        }
        return nil
    }
}
