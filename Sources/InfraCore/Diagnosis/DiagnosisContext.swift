import DockerEngine
import Foundation

/// Everything the analyzers read: the workspace as loaded (registry and compose projects), the
/// engine snapshot, the services diagnosed, each one's container, and the causes its state and
/// logs show, explained against the workspace. Built once; analyzers are pure functions of it.
public struct DiagnosisContext: Sendable {
    /// The workspace as loaded: registry and compose projects.
    public let validation: ValidationContext
    /// What the engine and the host said.
    public let snapshot: EngineSnapshot
    /// Absolute path of the workspace root (compose labels name files absolutely).
    public let workspaceRoot: String
    /// The registry services diagnosed, in registry order: those in scope, of the expected
    /// environments, that run as containers (provider-run services do not).
    public let services: [Registry.Service]
    /// Whether only some services were asked for (then containers outside the registry are
    /// not reported).
    public let isFiltered: Bool
    /// The environments expected to run.
    public let environments: Set<Registry.Environment>
    /// Which registry service each container implements.
    public let matcher: ContainerMatcher

    private let containersByService: [String: ContainerSnapshot]
    private let registryNameByContainer: [String: String]
    private var causesByService: [String: [ServiceCause]] = [:]
    /// ENV002 and NET001 findings of the workspace, by service: their fixes are reused when a log
    /// line shows the problem they describe.
    let staticFindings: [String: [Finding]]

    /// The registry.
    public var registry: Registry { validation.registry }

    /// The context of `snapshot` for `request`; throws for a service the registry lacks.
    public init(
        validation: ValidationContext, snapshot: EngineSnapshot, workspaceRoot: String,
        request: DiagnosisRequest = DiagnosisRequest()
    ) throws(DiagnosisError) {
        self.validation = validation
        self.snapshot = snapshot
        self.workspaceRoot = workspaceRoot
        let matcher = ContainerMatcher(context: validation, workspaceRoot: workspaceRoot)
        self.matcher = matcher

        var byService: [String: ContainerSnapshot] = [:]
        var nameByContainer: [String: String] = [:]
        for container in snapshot.containers {
            guard let name = matcher.registryName(of: container.summary) else { continue }
            nameByContainer[container.name] = name
            // The container named like the service wins; among others a running one.
            if let current = byService[name] {
                if current.name == name || (current.isRunning && !container.isRunning && container.name != name) { continue }
            }
            byService[name] = container
        }
        containersByService = byService
        registryNameByContainer = nameByContainer

        let scope = try request.scope(in: validation.registry)
        isFiltered = !request.services.isEmpty
        let environments: Set<Registry.Environment>
        if let asked = request.environments {
            environments = asked
        } else {
            let running = Set(validation.registry.services.filter { byService[$0.name] != nil }.map(\.environment))
            if !running.isEmpty {
                environments = running
            } else if validation.registry.services.contains(where: { $0.environment == .dev }) {
                environments = [.dev]
            } else {
                environments = Set(Registry.Environment.allCases)
            }
        }
        self.environments = environments
        services = scope.filter { service in
            // A service asked for by name is diagnosed whatever its environment.
            guard environments.contains(service.environment) || request.services.contains(service.name) else { return false }
            return validation.composeService(for: service)?.provider == nil
        }

        var byRule: [String: [Finding]] = [:]
        for finding in ContainerAddressRule().validate(validation) + SharedNetworkRule().validate(validation) {
            if let service = finding.service { byRule[service, default: []].append(finding) }
        }
        staticFindings = byRule

        for service in services {
            guard let container = byService[service.name], container.isFailing || (container.restartCount ?? 0) > 0 else {
                continue
            }
            causesByService[service.name] = explainCauses(of: service, container: container)
        }
    }

    /// The container of a registry service.
    public func container(of service: String) -> ContainerSnapshot? { containersByService[service] }

    /// The swarm service a registry service runs as (`<stack>_<key>`), when its compose
    /// service is known.
    public func swarmName(of service: Registry.Service) -> String? {
        guard let (project, compose) = self.compose(of: service) else { return nil }
        return ValidationContext.swarmName(project: project, key: compose.name, workspaceRoot: workspaceRoot)
    }

    /// Whether the service's container is running.
    public func isRunning(_ service: String) -> Bool { containersByService[service]?.isRunning ?? false }

    /// The registry service a container implements.
    public func registryName(ofContainer name: String) -> String? { registryNameByContainer[name] }

    /// Running containers that implement no registry service (none when only some services
    /// were asked for).
    public var unregisteredContainers: [ContainerSnapshot] {
        guard !isFiltered else { return [] }
        return snapshot.containers.filter { $0.isRunning && registryNameByContainer[$0.name] == nil }
            .sorted { $0.name < $1.name }
    }

    /// The causes of a service's failure (its container failing, unhealthy or restarting), most
    /// telling first; empty when it is fine or has no container.
    public func causes(of service: String) -> [ServiceCause] { causesByService[service] ?? [] }

    /// The compose definition of a registry service and its project.
    public func compose(of service: Registry.Service) -> (project: ComposeProject, service: ComposeService)? {
        guard let project = validation.project(file: service.composeFile),
              let compose = project.service(container: service.name) else { return nil }
        return (project, compose)
    }

    /// The first external network of a service's compose definition that does not exist on the
    /// engine, with where the project declares it; nil when the engine's networks were not read.
    public func missingExternalNetwork(of service: Registry.Service) -> (name: String, location: SourceLocation)? {
        guard !snapshot.networks.isEmpty, let (project, compose) = compose(of: service) else { return nil }
        for key in compose.networkNames {
            guard let network = project.network(named: key), network.external else { continue }
            let name = network.engineName(project: project.name ?? "")
            if snapshot.network(named: name) == nil { return (name, network.location) }
        }
        return nil
    }

    /// The host ports the registry allocates to a service.
    public func allocatedPorts(of service: Registry.Service) -> [Int] {
        var ports = Set(service.ports.map(\.value))
        for allocation in registry.allocations where allocation.service == service.name { ports.insert(allocation.port) }
        return ports.sorted()
    }

    /// The container ports a service listens on, as the registry's allocations say.
    public func internalPorts(of service: Registry.Service) -> [Int] {
        allocatedPorts(of: service).compactMap { registry.allocation(of: $0)?.internalPort }
    }
}
