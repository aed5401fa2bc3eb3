import DockerEngine

/// Works out a `StartupPlan` from the registry and the loaded workspace: a pure function of
/// its input, so `up` and `down` can be checked without an engine.
public struct StartupPlanner: Sendable {
    public let context: ValidationContext
    /// Absolute path of the workspace root (a compose file at the root takes its folder name as
    /// project name).
    public let workspaceRoot: String

    public init(context: ValidationContext, workspaceRoot: String) {
        self.context = context
        self.workspaceRoot = workspaceRoot
    }

    /// The plan for the services of `apps` (every app when empty) in `environments` (nil: `dev`,
    /// or every environment when the registry has no dev services).
    public func plan(apps: [String] = [], environments: Set<Registry.Environment>? = nil) throws(StartupPlanError) -> StartupPlan {
        let registry = context.registry
        for app in apps where registry.app(named: app) == nil && !registry.services.contains(where: { $0.app == app }) {
            let known = Set(registry.apps.map(\.name) + registry.services.map(\.app)).sorted()
            throw .unknownApp(app, suggestion: NodeReader.suggestion(for: app, among: known), known: known)
        }
        let wantedEnvironments = environments
            ?? (registry.services.contains { $0.environment == .dev } ? [.dev] : Set(Registry.Environment.allCases))
        let selected = registry.services.filter {
            wantedEnvironments.contains($0.environment) && (apps.isEmpty || apps.contains($0.app))
        }

        var problems: [InputError] = []
        var resolved: [(service: Registry.Service, project: ComposeProject, compose: ComposeService)] = []
        for service in selected {
            let reference = service.location(of: "compose_file")
            guard let project = context.project(file: service.composeFile) else {
                problems.append(InputError(reference, "\(service.name): its compose file \(service.composeFile) does not exist"))
                continue
            }
            guard let compose = project.service(container: service.name) else {
                problems.append(InputError(
                    reference,
                    "\(service.name): \(service.composeFile) has no service with container_name \(service.name) (nor a key of that name)"))
                continue
            }
            resolved.append((service, project, compose))
        }
        guard problems.isEmpty else { throw .unresolved(problems) }

        let plannedKeys = Dictionary(grouping: resolved, by: { $0.project.file }).mapValues { Set($0.map(\.compose.name)) }
        let numbers = Set(resolved.map { registry.tier(of: $0.service) }).sorted { ($0 ?? .max) < ($1 ?? .max) }
        let tiers = numbers.map { number -> StartupPlan.Tier in
            var projects: [StartupPlan.Project] = []
            for entry in resolved where registry.tier(of: entry.service) == number {
                let planned = StartupPlan.Service(name: entry.service.name, app: entry.service.app, composeKey: entry.compose.name, location: entry.compose.location)
                let name = projectName(entry.project)
                if let index = projects.firstIndex(where: { $0.files[0] == entry.project.file }) {
                    projects[index].services.append(planned)
                    for profile in entry.compose.profiles where !projects[index].profiles.contains(profile) {
                        projects[index].profiles.append(profile)
                    }
                } else {
                    let whole = Set(entry.project.services.map(\.name)).isSubset(of: plannedKeys[entry.project.file] ?? [])
                    projects.append(StartupPlan.Project(
                        name: name, files: entry.project.files, services: [planned], profiles: entry.compose.profiles,
                        isWholeProject: whole))
                }
            }
            return StartupPlan.Tier(number: number, name: registry.startupOrder.first { $0.tier == number }?.name, projects: projects)
        }
        return StartupPlan(
            networks: networks(for: resolved.map { ($0.service, $0.project, $0.compose) }, everyApp: apps.isEmpty),
            ports: ports(for: resolved.map { ($0.service, $0.compose) }), tiers: tiers)
    }

    /// The name `docker compose -p` gets: the one Compose derives for the files, so containers
    /// started by hand from the same files are the same project.
    func projectName(_ project: ComposeProject) -> String {
        ComposeProject.derivedName(declared: project.name, baseFile: project.file, workspaceRoot: workspaceRoot)
    }

    /// The registry's external networks (every one when the whole platform starts, else those
    /// the planned services join), then external networks only the compose files declare.
    private func networks(
        for entries: [(Registry.Service, ComposeProject, ComposeService)], everyApp: Bool
    ) -> [StartupPlan.Network] {
        var joined: Set<String> = []
        var composeExternal: [StartupPlan.Network] = []
        for (service, project, compose) in entries {
            joined.formUnion(service.networks.map(\.value))
            for membership in compose.networks {
                guard let network = project.network(named: membership.name) else { continue }
                let engineName = network.engineName(project: projectName(project))
                joined.insert(engineName)
                if network.external, !composeExternal.contains(where: { $0.name == engineName }) {
                    composeExternal.append(StartupPlan.Network(name: engineName, internal: network.internal, location: network.location))
                }
            }
        }
        var result = context.registry.networks
            .filter { $0.external && (everyApp || joined.contains($0.name)) }
            .map { StartupPlan.Network(name: $0.name, internal: $0.internal, location: $0.location, driver: $0.driver) }
        for network in composeExternal where !result.contains(where: { $0.name == network.name }) {
            result.append(network)
        }
        return result
    }

    /// Every host port the planned services publish: the compose files' published ports (what
    /// the engine will bind), and the registry's ports of services whose compose entry lacks
    /// them; each (port, protocol) once, in service order.
    private func ports(for entries: [(Registry.Service, ComposeService)]) -> [StartupPlan.Port] {
        var seen: Set<String> = []
        var result: [StartupPlan.Port] = []
        func add(_ port: StartupPlan.Port) {
            if seen.insert("\(port.port)/\(port.transport)").inserted { result.append(port) }
        }
        for (service, compose) in entries {
            guard compose.networkMode != "host" else { continue }
            for entry in compose.ports {
                guard let transport = HostPortHolder.Transport(rawValue: entry.protocol) else { continue }
                for number in entry.publishedPorts {
                    add(StartupPlan.Port(port: number, transport: transport, service: service.name, app: service.app, location: entry.location))
                }
            }
            for number in service.ports {
                let allocation = context.registry.allocation(of: number.value)
                add(StartupPlan.Port(
                    port: number.value, transport: allocation?.protocol == .udp ? .udp : .tcp, service: service.name,
                    app: service.app, location: allocation?.location ?? number.location))
            }
        }
        return result
    }
}

/// Why no plan could be made.
public enum StartupPlanError: InfraError, Sendable, CustomStringConvertible {
    /// An app argument the registry does not know.
    case unknownApp(String, suggestion: String?, known: [String])
    /// Services whose compose file or compose service is missing, one error each.
    case unresolved([InputError])

    public var description: String {
        switch self {
        case .unknownApp(let app, let suggestion, let known):
            "unknown app \(app)" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
                + "; the registry has \(known.joined(separator: ", "))"
        case .unresolved(let errors):
            errors.map(\.description).joined(separator: "\n")
        }
    }

    public var code: String {
        switch self {
        case .unknownApp: "startup.unknown-app"
        case .unresolved: "startup.unresolved"
        }
    }

    public var errorDescription: String? { description }
}
