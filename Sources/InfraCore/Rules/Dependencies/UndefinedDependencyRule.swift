/// DEP001: every registry dependency names a registered service, and every compose
/// `depends_on` a service of its project (or, DEP005, of another one).
public struct UndefinedDependencyRule: Rule {
    public static let description = RuleDescription(
        id: "DEP001", name: "undefined-dependency",
        summary: "A registry dependency or compose depends_on must name a defined service",
        message: "Service {service} depends on {dependency} which is not defined",
        rationale: """
            `dependencies` names the services that must run before a service starts; startup \
            ordering, `diagnose` and the network rules follow these names. A name that matches no \
            service in the registry (a typo, a renamed or removed service) silently drops that \
            ordering. Correct the name, or register the missing service. A compose `depends_on` \
            naming no service of its project makes Docker Compose refuse the whole file; when the \
            name is a service of another project of the platform that is DEP005 instead.
            """,
        severity: .error, category: .dependencies,
        nonTriggeringExamples: [
            RuleExample([".dev/infra/registry.yml": registry(dependencies: "[forge-postgres, forge-redis]")]),
            RuleExample([".dev/infra/registry.yml": registry(dependencies: "[]")]),
        ],
        triggeringExamples: [
            RuleExample([".dev/infra/registry.yml": registry(dependencies: "[forge-postgres, 1️⃣forge-rediss]")]),
            RuleExample([".dev/infra/registry.yml": registry(dependencies: "\n          - 1️⃣postgres\n          - forge-redis\n          - 2️⃣meilisearch")]),
            // A compose depends_on that names no service anywhere on the platform.
            RuleExample([
                ".dev/infra/registry.yml": registry(dependencies: "[]"),
                "apps/atlas/docker-compose.yml": """
                    services:
                      api:
                        container_name: atlas-api
                        image: atlas-api:dev
                        depends_on: [1️⃣wroker]
                      worker:
                        image: atlas-api:dev
                    """,
            ]),
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
        var seen = Set<SourceLocation>()
        for service in registry.services {
            for dependency in service.dependencies where !names.contains(dependency.value) && seen.insert(dependency.location).inserted {
                let guess = NodeReader.suggestion(for: dependency.value, among: names.sorted())
                    ?? names.sorted().first { $0.hasSuffix("-\(dependency.value)") }
                var message = "Service \(service.name) depends on \(dependency.value) which is not defined."
                if let guess { message += " Did you mean \(guess)?" }
                findings.append(Self.description.finding(
                    message, at: dependency.location, service: service.name, app: service.app,
                    fix: guess.map {
                        Fix(file: dependency.location.file, line: dependency.location.line,
                            replace: context.line(at: dependency.location, replacingScalarWith: $0) ?? $0,
                            explanation: "Name the registered service \($0) instead of \(dependency.value).")
                    } ?? Fix(file: dependency.location.file, line: dependency.location.line,
                             explanation: "Remove \(dependency.value) from the dependencies of \(service.name), or register it under `services`.")))
            }
        }
        for project in context.projects {
            let keys = project.services.map(\.name)
            for (service, dependency) in project.undefinedDependencies where seen.insert(dependency.location).inserted {
                guard context.crossProjectTarget(of: dependency.service, from: project) == nil else { continue }
                let name = ValidationContext.platformName(of: service)
                let guess = NodeReader.suggestion(for: dependency.service, among: keys)
                var message = "Service \(name) depends on \(dependency.service) which is not defined."
                if let guess { message += " Did you mean \(guess)?" }
                let line = guess.flatMap { context.line(at: dependency.location, replacingScalarWith: $0) }
                findings.append(Self.description.finding(
                    message, at: dependency.location, service: name,
                    app: context.registryService(for: service, in: project)?.app ?? context.app(of: service, in: project)?.name,
                    evidence: ["Docker Compose refuses \(project.file): service \"\(service.name)\" depends on undefined service \"\(dependency.service)\""],
                    fix: Fix(
                        file: dependency.location.file, line: dependency.location.line, replace: line,
                        explanation: guess.map { "Name the service \($0) of this project instead of \(dependency.service)." }
                            ?? "Remove \(dependency.service) from `depends_on` of \(service.name), or define it in \(project.file).")))
            }
        }
        return findings
    }
}
