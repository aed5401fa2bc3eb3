/// DEP004: within one compose project, a service waits for its registry dependencies.
public struct HealthyDependencyRule: Rule {
    public static let description = RuleDescription(
        id: "DEP004", name: "healthy-dependency",
        summary: "A dependency in the same compose project needs a depends_on, with service_healthy when it has a health check",
        message: "Service {service} does not wait for {dependency} to be healthy",
        rationale: """
            When a registry dependency lives in the same compose project, Compose can hold the \
            service back until the dependency is ready, but only if `depends_on` says so. Without \
            it, or with the default `service_started`, the service starts while its database is \
            still initialising and fails its first connections. Write \
            `depends_on: { db: { condition: service_healthy } }` when the dependency defines a \
            health check (and `service_started` when it cannot have one). Dependencies in other \
            projects are ordered by startup tier instead (DEP003).
            """,
        severity: .warning, category: .dependencies,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:dev
                        depends_on:
                          db:
                            condition: service_healthy
                          cache:
                            condition: service_started
                      db:
                        container_name: synapse-db
                        image: postgres:16
                        healthcheck:
                          test: [CMD-SHELL, pg_isready -U synapse]
                      cache:
                        container_name: synapse-cache
                        image: redis:7
                    """,
            ]),
            // Short form is fine for a dependency without a health check.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:dev
                        depends_on: [db, cache]
                      db:
                        container_name: synapse-db
                        image: postgres:16
                        healthcheck:
                          disable: true
                      cache:
                        container_name: synapse-cache
                        image: redis:7
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/synapse/docker-compose.yml": """
                    services:
                      1️⃣2️⃣api:
                        container_name: synapse-api
                        image: synapse-api:dev
                      db:
                        container_name: synapse-db
                        image: postgres:16
                      cache:
                        container_name: synapse-cache
                        image: redis:7
                    """,
            ]),
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:dev
                        depends_on:
                          1️⃣db:
                            condition: service_started
                          cache:
                            condition: service_started
                      db:
                        container_name: synapse-db
                        image: postgres:16
                        healthcheck:
                          test: [CMD-SHELL, pg_isready -U synapse]
                      cache:
                        container_name: synapse-cache
                        image: redis:7
                    """,
            ]),
        ])

    private static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          synapse: { ports: 4000-4999 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
          synapse:
            dev:
              - { name: synapse-db, type: database, compose_file: apps/synapse/docker-compose.yml }
              - { name: synapse-cache, type: cache, compose_file: apps/synapse/docker-compose.yml }
              - name: synapse-api
                type: api
                compose_file: apps/synapse/docker-compose.yml
                dependencies: [synapse-db, synapse-cache, forge-postgres]
        """

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let registry = context.registry
        var findings: [Finding] = []
        for service in registry.services {
            guard let project = context.project(file: service.composeFile),
                  let compose = project.service(container: service.name) else { continue }
            for entry in service.dependencies {
                guard let dependency = registry.service(named: entry.value), dependency.composeFile == service.composeFile,
                      let target = project.service(container: dependency.name), target.name != compose.name else { continue }
                let current = compose.dependsOn.first { $0.service == target.name && !$0.isImplicit }
                let location: SourceLocation
                let detail: String
                if let current {
                    guard current.condition != .healthy, target.hasHealthcheck else { continue }
                    location = current.location
                    detail = "Its depends_on uses \(current.condition.rawValue), but \(target.name) has a health check; use service_healthy."
                } else {
                    location = compose.location(of: "depends_on")
                    detail = "Its compose definition has no depends_on entry for \(target.name)."
                }
                findings.append(Self.description.finding(
                    "Service \(service.name) does not wait for \(dependency.name) to be healthy. \(detail)",
                    at: location, service: service.name, app: service.app,
                    fix: fix(compose, waitingFor: target, at: location)))
            }
        }
        return findings
    }

    /// The whole `depends_on` block in long form, with the entry for `target` added or its
    /// condition raised (Compose does not allow mixing the list and mapping forms).
    private func fix(_ service: ComposeService, waitingFor target: ComposeService, at location: SourceLocation) -> Fix {
        let condition: ComposeDependency.Condition = target.hasHealthcheck ? .healthy : .started
        var entries = service.dependsOn.filter { !$0.isImplicit }.map { ($0.service, $0.condition, $0.required) }
        if let index = entries.firstIndex(where: { $0.0 == target.name }) {
            entries[index].1 = condition
        } else {
            entries.append((target.name, condition, true))
        }
        // At the indentation of the service's keys, so the block can replace `depends_on` as is.
        let indent = service.fieldLocations["depends_on"].map(RuleText.indent(of:)) ?? RuleText.childIndent(of: service.location)
        var yaml = "\(indent)depends_on:\n"
        for (name, condition, required) in entries {
            yaml += "\(indent)  \(name):\n\(indent)    condition: \(condition.rawValue)\n"
            if !required { yaml += "\(indent)    required: false\n" }
        }
        let at = service.fieldLocations["depends_on"] ?? service.location
        return Fix(
            file: at.file, line: at.line, replace: yaml,
            explanation: target.hasHealthcheck
                ? "Make \(service.name) wait until \(target.name) reports healthy."
                : "Make \(service.name) start after \(target.name); give \(target.name) a healthcheck and use service_healthy to wait for readiness.")
    }
}
