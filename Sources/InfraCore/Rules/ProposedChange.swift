/// Treats the new services of proposed compose files as if they were registered, so that a
/// change is checked against the registry before anyone writes it down: its ports must be free
/// and in its app's range, its networks and dependencies must make sense.
enum ProposedChange {
    static func apply(to context: ValidationContext) -> ValidationContext {
        var context = context
        for file in context.proposedFiles {
            guard let project = context.project(file: file) else { continue }
            let app = owningApp(of: project, in: context.registry)
            for service in project.services {
                let name = ValidationContext.platformName(of: service)
                guard context.registry.service(named: name) == nil else { continue }
                guard let app = app ?? appByPort(service, context.registry) else { continue }
                context.registry.services.append(registered(service, name: name, app: app, project: project))
                for port in service.ports {
                    for number in port.publishedPorts where context.registry.allocation(of: number)?.service != name {
                        context.registry.allocations.append(Registry.PortAllocation(
                            port: number, service: name, app: app, internalPort: port.target.lowerBound,
                            protocol: port.protocol == "udp" ? .udp : .tcp, networks: service.networkNames,
                            location: port.location, fieldLocations: ["service": port.location, "app": port.location]))
                    }
                }
            }
        }
        return context
    }

    /// The app whose registered services live in the proposed file's folder.
    private static func owningApp(of project: ComposeProject, in registry: Registry) -> String? {
        let folder = project.directory
        let owners = Set(registry.services.filter { WorkspacePath.directory(of: $0.composeFile) == folder }.map(\.app))
        return owners.count == 1 ? owners.first : nil
    }

    /// The app whose port range holds the service's first published port.
    private static func appByPort(_ service: ComposeService, _ registry: Registry) -> String? {
        guard let port = service.ports.lazy.flatMap(\.publishedPorts).first else { return nil }
        return registry.apps.first { $0.ports.contains(port) }?.name
    }

    /// The registry entry a proposed service would get.
    private static func registered(_ service: ComposeService, name: String, app: String, project: ComposeProject) -> Registry.Service {
        Registry.Service(
            name: name, app: app, image: service.image, type: guessType(service),
            ports: service.ports.flatMap { port in port.publishedPorts.map { Located($0, at: port.location) } },
            networks: service.networkNames.map { Located($0, at: service.location(of: "networks")) },
            dependencies: service.dependsOn.map { Located($0.service, at: $0.location) },
            composeFile: project.file, composeOverlays: Array(project.files.dropFirst()),
            location: service.location, fieldLocations: service.fieldLocations)
    }

    /// A service type from the image name, for proposed services the registry does not know yet.
    static func guessType(_ service: ComposeService) -> ServiceType {
        let image = (service.image ?? "").lowercased()
        let kinds: [(String, ServiceType)] = [
            ("postgres", .database), ("mysql", .database), ("mariadb", .database), ("mongo", .database),
            ("redis", .cache), ("valkey", .cache), ("memcached", .cache), ("loki", .logging),
            ("meilisearch", .search), ("elasticsearch", .search), ("grafana", .monitoring),
            ("prometheus", .monitoring), ("promtail", .logShipper), ("traefik", .proxy), ("nginx", .proxy),
        ]
        return kinds.first { image.contains($0.0) }?.1 ?? .other
    }
}
