/// ENV001: the variables the registry says a service needs are defined for its container.
public struct RequiredVariableRule: Rule {
    public static let description = RuleDescription(
        id: "ENV001", name: "required-variable",
        summary: "Every variable in a service's registry `environment` is defined in its compose definition",
        message: "Service {service} needs environment variable {name}",
        rationale: """
            The registry's `environment` lists the variables a service cannot start without \
            (`DATABASE_URL`, `REDIS_URL`…). A container missing one usually crashes at boot with \
            a configuration error, or silently falls back to a default such as localhost. Define \
            the variable under the service's `environment`, or in an `env_file` it loads; refer to \
            secrets as `${VAR}` so the value stays out of the compose file.
            """,
        severity: .error, category: .environment,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        environment:
                          DATABASE_URL: postgresql://prism:${DB_PASSWORD:-dev}@forge-postgres:5432/prism
                          REDIS_URL: redis://forge-redis:6379/0
                    """,
            ]),
            // One from the environment list, one from an env file.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        env_file: backend.env
                        environment:
                          - REDIS_URL=redis://forge-redis:6379/0
                    """,
                "apps/prism/backend.env": "DATABASE_URL=postgresql://prism@forge-postgres:5432/prism\n",
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        1️⃣environment:
                          REDIS_URL: redis://forge-redis:6379/0
                    """,
            ]),
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      1️⃣2️⃣backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                    """,
            ]),
        ])

    private static let registry = """
        version: 1
        apps:
          prism: { ports: 6000-6999 }
        services:
          prism:
            dev:
              - name: prism-backend
                type: api
                compose_file: apps/prism/docker-compose.yml
                environment: [DATABASE_URL, REDIS_URL]
        """

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        for service in context.registry.services where !service.environmentVariables.isEmpty {
            guard let compose = context.composeService(for: service) else { continue }
            let defined = Set(compose.environment.map(\.name))
            let location = compose.location(of: "environment")
            for variable in service.environmentVariables where !defined.contains(variable.value) {
                let name = variable.value
                var message = "Service \(service.name) needs environment variable \(name)."
                if !compose.envFiles.isEmpty {
                    message += " Neither its environment nor \(compose.envFiles.map(\.value).joined(separator: ", ")) defines it."
                }
                findings.append(Self.description.finding(
                    message, at: location, service: service.name, app: service.app,
                    evidence: ["The registry requires it at \(variable.location)."],
                    fix: Fix(
                        file: location.file, line: location.line,
                        replace: line(defining: name, in: compose, context),
                        explanation: "Add \(name) under the environment of \(compose.name) (`- \(name)=${\(name)}` in list form), or to its env file.")))
            }
        }
        return findings
    }

    /// The line that defines `name` as `${name}`, written like the service's other variables
    /// (list or mapping form, their indentation), or an `environment` block when it has none.
    private func line(defining name: String, in compose: ComposeService, _ context: ValidationContext) -> String {
        if var neighbour = compose.environment.first(where: { $0.envFile == nil }) {
            neighbour.name = name
            return context.environmentLine(of: neighbour, value: "${\(name)}")
        }
        let indent = compose.fieldLocations["environment"].map(RuleText.indent(of:)) ?? RuleText.childIndent(of: compose.location)
        return "\(indent)environment:\n\(indent)  \(name): ${\(name)}"
    }
}
