/// Treats the new services of proposed compose files as if they were registered, so that a
/// change is checked against the registry before anyone writes it down: its ports must be free
/// and in its app's range, its networks and dependencies must make sense.
enum ProposedChange {
    static func apply(to context: ValidationContext) -> ValidationContext {
        var context = context
        for file in context.proposedFiles {
            guard let project = context.project(file: file) else { continue }
            for service in project.services {
                let name = ValidationContext.platformName(of: service)
                guard context.registry.service(named: name) == nil else { continue }
                guard let app = context.app(of: service, in: project)?.name else { continue }
                context.registry.services.append(registered(service, name: name, app: app, project: project, context: context))
                for port in service.ports {
                    for number in port.publishedPorts where context.registry.allocation(of: number)?.service != name {
                        context.registry.allocations.append(Registry.PortAllocation(
                            port: number, service: name, app: app, internalPort: port.target.lowerBound,
                            protocol: port.protocol == "udp" ? .udp : .tcp, networks: service.networkNames,
                            location: port.location, fieldLocations: ["service": port.location, "app": port.location],
                            origin: .proposed(file: project.file)))
                    }
                }
            }
        }
        return context
    }

    /// The registry entry a proposed service would get.
    private static func registered(
        _ service: ComposeService, name: String, app: String, project: ComposeProject, context: ValidationContext
    ) -> Registry.Service {
        Registry.Service(
            name: name, app: app, image: service.image, type: guessType(service),
            ports: service.ports.flatMap { port in port.publishedPorts.map { Located($0, at: port.location) } },
            networks: service.networkNames.map { Located($0, at: service.location(of: "networks")) },
            dependencies: dependencies(of: service, in: project, context),
            composeFile: project.file, composeOverlays: Array(project.files.dropFirst()),
            location: service.location, fieldLocations: service.fieldLocations, origin: .proposed(file: project.file))
    }

    /// What a proposed service depends on: its `depends_on` (a key of its own project by the
    /// name it goes by on the platform), then the registered services its environment connects
    /// to (`DATABASE_URL: postgresql://…@forge-postgres:5432/…`), each once.
    private static func dependencies(of service: ComposeService, in project: ComposeProject, _ context: ValidationContext) -> [Located<String>] {
        let registry = context.registry
        var names = Set<String>()
        var found: [Located<String>] = []
        for dependency in service.dependsOn {
            // A key of this project, or of another one (DEP005), by the name it goes by on the platform.
            let name = project.service(named: dependency.service).map(ValidationContext.platformName)
                ?? context.crossProjectTarget(of: dependency.service, from: project)?.name ?? dependency.service
            if names.insert(name).inserted { found.append(Located(name, at: dependency.location)) }
        }
        let own = ValidationContext.platformName(of: service)
        for variable in service.environment {
            guard let value = variable.value else { continue }
            let hostsAllowed = ConnectionString.isConnectionVariable(variable.name)
            for endpoint in ConnectionString.endpoints(in: value, hostsAllowed: hostsAllowed)
            where endpoint.host != own && registry.service(named: endpoint.host) != nil && names.insert(endpoint.host).inserted {
                found.append(Located(endpoint.host, at: variable.location))
            }
        }
        return found
    }

    /// A service type from the image name, else from the service's name (`atlas-api`,
    /// `atlas-worker`), for proposed services the registry does not know yet.
    static func guessType(_ service: ComposeService) -> ServiceType {
        if let type = imageType(service) { return type }
        let name = ValidationContext.platformName(of: service).lowercased()
        let suffixes: [(String, ServiceType)] = [
            ("api", .api), ("backend", .api), ("server", .api), ("worker", .worker), ("jobs", .worker),
            ("frontend", .frontend), ("web", .frontend), ("ui", .frontend),
        ]
        return suffixes.first { name.hasSuffix("-\($0.0)") || name.hasSuffix("_\($0.0)") || name == $0.0 }?.1 ?? .other
    }

    private static func imageType(_ service: ComposeService) -> ServiceType? {
        let image = (service.image ?? "").lowercased()
        let kinds: [(String, ServiceType)] = [
            ("postgres", .database), ("mysql", .database), ("mariadb", .database), ("mongo", .database),
            ("redis", .cache), ("valkey", .cache), ("memcached", .cache), ("loki", .logging),
            ("meilisearch", .search), ("elasticsearch", .search), ("grafana", .monitoring),
            ("prometheus", .monitoring), ("promtail", .logShipper), ("traefik", .proxy), ("nginx", .proxy),
        ]
        return kinds.first { image.contains($0.0) }?.1
    }
}
