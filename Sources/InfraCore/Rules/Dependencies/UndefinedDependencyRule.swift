/// DEP001: every registry dependency names a registered service.
public struct UndefinedDependencyRule: Rule {
    public static let description = RuleDescription(
        id: "DEP001", name: "undefined-dependency",
        summary: "A registry dependency must name a service the registry defines",
        message: "Service {service} depends on {dependency} which is not defined",
        rationale: """
            `dependencies` names the services that must run before a service starts; startup \
            ordering, `diagnose` and the network rules follow these names. A name that matches no \
            service in the registry (a typo, a renamed or removed service) silently drops that \
            ordering. Correct the name, or register the missing service. (A compose `depends_on` \
            on an unknown service is already refused when the compose file is read.)
            """,
        severity: .error, category: .dependencies,
        nonTriggeringExamples: [
            RuleExample([".dev/infra/registry.yml": registry(dependencies: "[forge-postgres, forge-redis]")]),
            RuleExample([".dev/infra/registry.yml": registry(dependencies: "[]")]),
        ],
        triggeringExamples: [
            RuleExample([".dev/infra/registry.yml": registry(dependencies: "[forge-postgres, 1️⃣forge-rediss]")]),
            RuleExample([".dev/infra/registry.yml": registry(dependencies: "\n          - 1️⃣postgres\n          - forge-redis\n          - 2️⃣meilisearch")]),
        ])

    private static func registry(dependencies: String) -> String {
        """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          atlas: { ports: 7000-7999 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
              - { name: forge-redis, type: cache, compose_file: forge/docker-compose.yml }
          atlas:
            dev:
              - name: atlas-api
                type: api
                compose_file: apps/atlas/docker-compose.yml
                dependencies: \(dependencies)
        """
    }

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let registry = context.registry
        let names = Set(registry.services.map(\.name))
        var findings: [Finding] = []
        for service in registry.services {
            for dependency in service.dependencies where !names.contains(dependency.value) {
                let guess = NodeReader.suggestion(for: dependency.value, among: names.sorted())
                    ?? names.sorted().first { $0.hasSuffix("-\(dependency.value)") }
                var message = "Service \(service.name) depends on \(dependency.value) which is not defined."
                if let guess { message += " Did you mean \(guess)?" }
                findings.append(Self.description.finding(
                    message, at: dependency.location, service: service.name, app: service.app,
                    fix: guess.map {
                        Fix(file: dependency.location.file, line: dependency.location.line, replace: $0,
                            explanation: "Name the registered service \($0) instead of \(dependency.value).")
                    } ?? Fix(file: dependency.location.file, line: dependency.location.line,
                             explanation: "Remove \(dependency.value) from the dependencies of \(service.name), or register it under `services`.")))
            }
        }
        return findings
    }
}
