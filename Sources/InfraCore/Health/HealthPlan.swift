/// What `infractl health` will check for each service, worked out from the registry (and the
/// compose files, for PostgreSQL's user and database) before anything connects.
public struct HealthPlan: Sendable {
    /// One service's checks.
    public struct Entry: Sendable {
        public var service: Registry.Service
        public var isShared: Bool
        /// The network probe; nil for `probe: docker`, no `health`, or no port to probe.
        public var target: ProbeTarget?
        /// Why a probe the registry asks for cannot run (no port).
        public var problem: String?
        public var degradedThreshold: Duration

        public init(
            service: Registry.Service, isShared: Bool = false, target: ProbeTarget?, problem: String? = nil,
            degradedThreshold: Duration = HealthPlan.defaultDegraded
        ) {
            self.service = service
            self.isShared = isShared
            self.target = target
            self.problem = problem
            self.degradedThreshold = degradedThreshold
        }
    }

    /// A probe's bound when the registry gives no `timeout_ms`.
    public static let defaultTimeout: Duration = .milliseconds(3000)
    /// The degraded threshold when the registry gives no `degraded_ms`.
    public static let defaultDegraded: Duration = .milliseconds(1000)

    public var entries: [Entry]
    /// The registry, for rule settings and locations.
    public var registry: Registry

    public init(entries: [Entry], registry: Registry) {
        self.entries = entries
        self.registry = registry
    }

    /// The plan for `services` (registry names; every service when empty) of `context`,
    /// probing published ports on `host`.
    public init(context: ValidationContext, services: [String] = [], host: String = "127.0.0.1") {
        let registry = context.registry
        let wanted = Set(services)
        var entries: [Entry] = []
        for service in registry.services where wanted.isEmpty || wanted.contains(service.name) {
            entries.append(Self.entry(service, registry: registry, compose: context.composeService(for: service), host: host))
        }
        self.init(entries: entries, registry: registry)
    }

    static func entry(_ service: Registry.Service, registry: Registry, compose: ComposeService?, host: String) -> Entry {
        let health = service.health
        let degraded = health?.degradedMs.map { Duration.milliseconds($0) } ?? defaultDegraded
        let shared = registry.isShared(service)
        guard let health, health.probe != .docker else {
            return Entry(service: service, isShared: shared, target: nil, degradedThreshold: degraded)
        }
        guard let port = health.port ?? service.ports.first?.value else {
            return Entry(
                service: service, isShared: shared, target: nil,
                problem: "no host port to probe (it publishes none and sets no health.port)",
                degradedThreshold: degraded)
        }
        let timeout = health.timeoutMs.map { Duration.milliseconds($0) } ?? defaultTimeout
        let request: ProbeTarget.Request
        switch health.probe {
        case .postgres:
            let user = value(of: ["POSTGRES_USER", "PGUSER"], in: compose) ?? "postgres"
            let database = value(of: ["POSTGRES_DB", "PGDATABASE"], in: compose) ?? user
            request = .postgres(user: user, database: database)
        case .redis:
            request = .redis
        case .http:
            let https = registry.allocation(of: port)?.protocol == .https
            let path = health.path.map { $0.hasPrefix("/") ? $0 : "/" + $0 } ?? "/"
            request = .http(path: path, https: https, serverName: https ? (service.domain ?? "localhost") : nil)
        case .tcp, .docker:
            request = .tcp
        }
        return Entry(
            service: service, isShared: shared, target: ProbeTarget(request: request, host: host, port: port, timeout: timeout),
            degradedThreshold: degraded)
    }

    /// The first of `names` the compose service sets to a literal, non-empty value.
    private static func value(of names: [String], in compose: ComposeService?) -> String? {
        for name in names {
            if let value = compose?.variable(name)?.value, !value.isEmpty, !value.contains("$") { return value }
        }
        return nil
    }
}
