/// HC001: a service of a critical type without a working health check.
public struct CriticalHealthcheckRule: Rule {
    public static let description = RuleDescription(
        id: "HC001", name: "critical-healthcheck",
        summary: "A service of a critical type has no health check in its compose definition",
        message: "Critical service {service} must define health check",
        rationale: """
            Services of the types in `rules.critical_types` (by default databases, caches and APIs) \
            are what everything else waits for. Without a Docker health check, `depends_on` with \
            `condition: service_healthy` cannot wait for them, `docker ps` cannot tell a started \
            container from a working one, and restarts go unnoticed. Define a `healthcheck` that \
            exercises the service itself (pg_isready, redis-cli ping, an HTTP health endpoint); \
            `disable: true` or `test: ["NONE"]` count as none.
            """,
        severity: .error, category: .health,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                    services:
                      forge:
                        dev:
                          - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
                          - { name: forge-loki, type: logging, compose_file: forge/docker-compose.yml }
                    """,
                "forge/docker-compose.yml": """
                    services:
                      postgres:
                        image: postgres:16
                        container_name: forge-postgres
                        healthcheck:
                          test: ["CMD-SHELL", "pg_isready -U postgres"]
                          interval: 10s
                      loki:
                        image: grafana/loki:3.0.0
                        container_name: forge-loki
                    """,
            ]),
            // Critical types are the workspace's choice.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-api, type: api, compose_file: apps/synapse/docker-compose.yml }
                    rules:
                      critical_types: [database]
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      synapse-api:
                        image: synapse-api:dev
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                    services:
                      forge:
                        dev:
                          - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
                          - { name: forge-redis, type: cache, compose_file: forge/docker-compose.yml }
                    """,
                "forge/docker-compose.yml": """
                    services:
                      1️⃣postgres:
                        image: postgres:16
                        container_name: forge-postgres
                      redis:
                        image: redis:7
                        container_name: forge-redis
                        2️⃣healthcheck:
                          disable: true
                    """,
            ]),
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    port_registry:
                      allocated:
                        4000: { service: synapse-api, app: synapse, internal_port: 8000 }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-api, type: api, ports: [4000], compose_file: apps/synapse/docker-compose.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      synapse-api:
                        image: synapse-api:dev
                        ports: ["4000:8000"]
                        1️⃣healthcheck:
                          test: ["NONE"]
                    """,
            ]),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let critical = Set(context.registry.rules.criticalTypes)
        return context.registry.services.compactMap { service in
            // A provider-run service has no container to check.
            guard critical.contains(service.type), let compose = context.composeService(for: service), compose.provider == nil,
                  !compose.hasHealthcheck else { return nil }
            let location = compose.healthcheck.map { compose.fieldLocations["healthcheck"] ?? $0.location } ?? compose.location
            return Self.description.finding(
                "Critical service \(service.name) must define health check",
                at: location, service: service.name, app: service.app,
                evidence: compose.healthcheck.map { ["\(location): \(Self.why($0))"] } ?? ["\(location): \(compose.name) has no healthcheck"],
                fix: fix(service, compose, context))
        }
    }

    /// Why a written health check does not count.
    static func why(_ check: Healthcheck) -> String {
        if check.disabled { return "the health check is disabled (disable: true)" }
        if check.test.first == "NONE" { return "the health check is disabled (test: [\"NONE\"])" }
        return "the health check has no test"
    }

    /// A health check suited to the service's type, as YAML to write in its compose definition.
    private func fix(_ service: Registry.Service, _ compose: ComposeService, _ context: ValidationContext) -> Fix {
        guard let test = Self.test(for: service, compose, context) else {
            return Fix(
                file: compose.location.file, line: compose.location.line,
                explanation: "Add a `healthcheck` to \(compose.name) whose test exercises the service.")
        }
        let block = [
            "healthcheck:",
            "  test: \(test)",
            "  interval: 10s",
            "  timeout: 5s",
            "  retries: 5",
            "  start_period: 10s",
        ]
        if let existing = compose.healthcheck {
            let at = compose.fieldLocations["healthcheck"] ?? existing.location
            let indent = RuleText.indent(of: at)
            return Fix(
                file: at.file, line: at.line, replace: block.map { indent + $0 }.joined(separator: "\n"),
                explanation: "Replace the health check of \(compose.name) with one that exercises it.")
        }
        let indent = RuleText.childIndent(of: compose.location)
        let key = RuleText.indent(of: compose.location) + "\(compose.name):"
        return Fix(
            file: compose.location.file, line: compose.location.line,
            replace: ([key] + block.map { indent + $0 }).joined(separator: "\n"),
            explanation: "Add a health check under the service \(compose.name).")
    }

    /// The `test` of a health check for this kind of service, as a YAML flow list.
    static func test(for service: Registry.Service, _ compose: ComposeService, _ context: ValidationContext) -> String? {
        let image = (compose.image ?? service.image ?? "").lowercased()
        switch service.type {
        case .database:
            if image.contains("mariadb") { return #"["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]"# }
            if image.contains("mysql") { return #"["CMD", "mysqladmin", "ping", "-h", "localhost"]"# }
            if image.contains("mongo") { return #"["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping')"]"# }
            return #"["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]"#
        case .cache:
            if image.contains("valkey") { return #"["CMD", "valkey-cli", "ping"]"# }
            return #"["CMD", "redis-cli", "ping"]"#
        default:
            guard service.type == .api || service.health?.probe == .http else { return nil }
            let port = internalPort(of: service, compose, context)
            let path = service.health?.path ?? "/health"
            return #"["CMD-SHELL", "wget -qO- http://localhost:\#(port)\#(path)"]"#
        }
    }

    /// The container port the service listens on: its allocation's `internal_port`, else the
    /// target of its first published port, else its first `expose`, else 80.
    static func internalPort(of service: Registry.Service, _ compose: ComposeService, _ context: ValidationContext) -> Int {
        if let port = context.registry.allocations.first(where: { $0.service == service.name && $0.internalPort != nil })?.internalPort {
            return port
        }
        if let target = compose.ports.first?.target.lowerBound { return target }
        if let exposed = compose.expose.first.flatMap({ Int($0.value.split(separator: "/").first ?? "") }) { return exposed }
        return 80
    }
}
