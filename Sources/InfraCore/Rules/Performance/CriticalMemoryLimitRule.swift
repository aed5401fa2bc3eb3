/// PERF005: a service of a critical type without a memory limit.
public struct CriticalMemoryLimitRule: Rule {
    public static let description = RuleDescription(
        id: "PERF005", name: "critical-memory-limit",
        summary: "A service of a critical type has no memory limit",
        message: "Critical service {service} has no memory limit",
        rationale: """
            Without a limit, a database, cache or API that grows (a query without a LIMIT, a \
            cache without `maxmemory`, a leak) takes memory from every other service on the \
            host until the kernel's OOM killer picks a victim, which may be any container, or \
            dockerd itself. With one, the service alone is killed and restarted, `infractl \
            stats` can warn before it happens (PERF001), and `diagnose` names the cause (PERF002). \
            Critical types are the registry's `rules.critical_types` (by default databases, \
            caches and APIs). Set `mem_limit` or `deploy.resources.limits.memory` (Compose \
            prefers the latter), sized from what the service uses: the fix proposes 1g for a \
            database, 256m for a cache and 512m for an API. `audit`'s SEC019 asks the same of \
            every service, for CPU too; this rule is the one `validate` runs.
            """,
        severity: .warning, category: .performance, equivalents: ["compose-lint CL-0026", "CIS 5.10"],
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": Self.registry,
                "forge/docker-compose.yml": """
                    services:
                      postgres:
                        image: postgres:16
                        container_name: forge-postgres
                        mem_limit: 1g
                      redis:
                        image: redis:7
                        container_name: forge-redis
                        deploy:
                          resources:
                            limits: { memory: 256m }
                      loki:
                        image: grafana/loki:3.0.0
                        container_name: forge-loki
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": Self.registry,
                "forge/docker-compose.yml": """
                    services:
                      1️⃣postgres:
                        image: postgres:16
                        container_name: forge-postgres
                      2️⃣redis:
                        image: redis:7
                        container_name: forge-redis
                        deploy:
                          resources:
                            reservations: { memory: 128m }
                      loki:
                        image: grafana/loki:3.0.0
                        container_name: forge-loki
                    """,
            ]),
        ])

    private static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
              - { name: forge-redis, type: cache, compose_file: forge/docker-compose.yml }
              - { name: forge-loki, type: logging, compose_file: forge/docker-compose.yml }
        """

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let critical = Set(context.registry.rules.criticalTypes)
        return context.registry.services.compactMap { service in
            // A provider-run service has no container to limit.
            guard critical.contains(service.type), let compose = context.composeService(for: service), compose.provider == nil,
                  compose.hardening.memoryLimit == nil else { return nil }
            let size = Self.proposedLimit(for: service.type)
            let key = RuleText.indent(of: compose.location) + "\(compose.name):"
            return Self.description.finding(
                "Critical service \(service.name) has no memory limit",
                at: compose.location, service: service.name, app: service.app,
                evidence: ["\(compose.location): \(compose.name) sets neither mem_limit nor deploy.resources.limits.memory"],
                fix: Fix(
                    file: compose.location.file, line: compose.location.line,
                    replace: key + "\n" + RuleText.childIndent(of: compose.location) + "mem_limit: \(size)",
                    explanation: "Limit \(compose.name)'s memory (\(size) to start; size it from `infractl stats`), so a leak kills it alone instead of its neighbours."))
        }
    }

    /// A first limit by type, to be sized from what the service really uses.
    static func proposedLimit(for type: ServiceType) -> String {
        switch type {
        case .database: "1g"
        case .cache: "256m"
        default: "512m"
        }
    }
}
