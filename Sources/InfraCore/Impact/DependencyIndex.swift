/// Who depends on whom across the whole platform, and how: the registry's `dependencies`,
/// compose `depends_on`, environment values that name a service (or its published host
/// port), and Traefik routes through the proxy. Built once from a `ValidationContext`.
public struct DependencyIndex: Sendable {
    /// How one service depends on another.
    public enum Via: String, Sendable, Hashable, CaseIterable, Comparable {
        case registry
        case dependsOn = "depends_on"
        case environment
        case traefik
        case network

        public static func < (lhs: Via, rhs: Via) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// `service` depends on `dependency`, as written at `location`.
    public struct Edge: Sendable, Hashable {
        public var service: String
        public var dependency: String
        public var via: Via
        public var location: SourceLocation
        /// What is written there, for a person (`DATABASE_URL connects to forge-postgres:5432`).
        public var detail: String
    }

    public private(set) var edges: [Edge] = []
    /// Edges by the service depended on.
    private var byDependency: [String: [Edge]] = [:]

    public init(_ context: ValidationContext) {
        let registry = context.registry
        var edges: [Edge] = []
        for service in registry.services {
            for dependency in service.dependencies where registry.service(named: dependency.value) != nil {
                edges.append(Edge(
                    service: service.name, dependency: dependency.value, via: .registry, location: dependency.location,
                    detail: "dependencies of \(service.name) list \(dependency.value)"))
            }
        }
        var seen = Set<String>()
        for entry in context.entries {
            guard let registered = entry.registered else { continue }
            let key = "\(registered.name)|\(entry.service.location)"
            guard seen.insert(key).inserted else { continue }
            for dependency in entry.service.dependsOn where !dependency.isImplicit {
                let target = entry.project.service(named: dependency.service).flatMap { context.registryService(for: $0, in: entry.project)?.name }
                    ?? context.crossProjectTarget(of: dependency.service, from: entry.project)?.name
                guard let target, target != registered.name else { continue }
                edges.append(Edge(
                    service: registered.name, dependency: target, via: .dependsOn, location: dependency.location,
                    detail: "depends_on of \(entry.service.name) names \(dependency.service)"))
            }
            for variable in entry.service.environment {
                guard let value = variable.value else { continue }
                let hostsAllowed = ConnectionString.isConnectionVariable(variable.name)
                for endpoint in ConnectionString.endpoints(in: value, hostsAllowed: hostsAllowed) {
                    let named = registry.service(named: endpoint.host)?.name
                        ?? entry.project.service(named: endpoint.host).flatMap { context.registryService(for: $0, in: entry.project)?.name }
                    let published = ConnectionString.isLoopbackOrHost(endpoint.host) && endpoint.portWritten
                        ? endpoint.port.flatMap { registry.allocation(of: $0)?.service } : nil
                    guard let target = named ?? published, target != registered.name else { continue }
                    edges.append(Edge(
                        service: registered.name, dependency: target, via: .environment, location: variable.location,
                        detail: "\(variable.name) connects to \(endpoint.written)"))
                }
            }
        }
        // Every routed service is reached through the proxy.
        let proxies = registry.services.filter { $0.type == .proxy }.map(\.name)
        for setup in context.traefik {
            for router in setup.routers {
                guard case .labels(_, let routed) = router.origin, registry.service(named: routed) != nil else { continue }
                for proxy in proxies where proxy != routed {
                    edges.append(Edge(
                        service: routed, dependency: proxy, via: .traefik,
                        location: router.rule?.location ?? SourceLocation(file: setup.projectFile, line: 1, column: 1),
                        detail: "router \(router.name) of \(proxy) sends \(router.rule?.value ?? "its traffic") to \(routed)"))
                }
            }
        }
        for service in registry.services where service.domain != nil {
            for proxy in proxies where proxy != service.name && !edges.contains(where: { $0.service == service.name && $0.via == .traefik }) {
                edges.append(Edge(
                    service: service.name, dependency: proxy, via: .traefik, location: service.location(of: "domain"),
                    detail: "\(proxy) routes \(service.domain ?? "") to \(service.name)"))
            }
        }
        self.edges = edges
        byDependency = Dictionary(grouping: edges, by: \.dependency)
    }

    /// The edges into `service`: who depends on it directly, and how.
    public func dependents(of service: String) -> [Edge] { byDependency[service] ?? [] }
}
