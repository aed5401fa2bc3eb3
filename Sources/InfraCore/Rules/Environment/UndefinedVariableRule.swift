/// ENV003: every `${VAR}` a compose file interpolates is defined or has a default.
public struct UndefinedVariableRule: Rule {
    public static let description = RuleDescription(
        id: "ENV003", name: "undefined-variable",
        summary: "A ${VAR} in a compose file without a default must be defined in .env or the environment",
        message: "Variable {name} used in {compose_file} is not defined",
        rationale: """
            Compose replaces `${VAR}` with the value from the shell or the project's `.env`; when \
            neither defines it the value is silently empty (only a warning scrolls by), so a \
            container starts with an empty password or `postgresql://:@forge-postgres/`. \
            Define the variable in the `.env` beside the compose file, or give it a default \
            (`${VAR:-value}`); `${VAR:?message}` makes Compose refuse to start without it. Each \
            variable is reported once per value that uses it. Secrets belong in `.env` (not \
            committed), never in the compose file.
            """,
        severity: .error, category: .environment,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/atlas/docker-compose.yml": """
                    services:
                      api:
                        container_name: atlas-api
                        image: atlas-api:${ATLAS_TAG:-dev}
                        environment:
                          DATABASE_URL: postgresql://atlas:${ATLAS_DB_PASSWORD}@forge-postgres:5432/atlas
                    """,
                "apps/atlas/.env": "ATLAS_DB_PASSWORD=change-me\n",
            ]),
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/atlas/docker-compose.yml": """
                    services:
                      api:
                        container_name: atlas-api
                        image: atlas-api:${ATLAS_TAG}
                        environment:
                          LOG_LEVEL: ${LOG_LEVEL-info}
                          SENTRY_DSN: ${SENTRY_DSN:+enabled}
                    """,
            ], environment: ["ATLAS_TAG": "1.2"]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/atlas/docker-compose.yml": """
                    services:
                      api:
                        container_name: atlas-api
                        image: 1️⃣atlas-api:${ATLAS_TAG}
                        environment:
                          DATABASE_URL: 2️⃣postgresql://atlas:${ATLAS_DB_PASSWORD}@forge-postgres:5432/atlas
                          REDIS_URL: redis://forge-redis:${REDIS_PORT:-6379}/0
                    """,
            ]),
            // Referenced in the overlay; a variable used twice in one value is reported once.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      atlas: { ports: 7000-7999 }
                    services:
                      atlas:
                        dev:
                          - name: atlas-api
                            type: api
                            compose_file: apps/atlas/docker-compose.yml
                            compose_overlays: [apps/atlas/docker-compose.traefik.yml]
                    """,
                "apps/atlas/docker-compose.yml": """
                    services:
                      api:
                        container_name: atlas-api
                        image: atlas-api:dev
                    """,
                "apps/atlas/docker-compose.traefik.yml": """
                    services:
                      api:
                        labels:
                          traefik.http.routers.atlas.rule: 1️⃣Host(`${ATLAS_DOMAIN}`) || Host(`www.${ATLAS_DOMAIN}`)
                          traefik.http.routers.atlas.tls.certresolver: 2️⃣${CERT_RESOLVER}
                    """,
            ]),
        ])

    private static let registry = """
        version: 1
        apps:
          atlas: { ports: 7000-7999 }
        services:
          atlas:
            dev:
              - { name: atlas-api, type: api, compose_file: apps/atlas/docker-compose.yml }
        """

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for project in context.projects {
            let envFile = project.directory.isEmpty ? ".env" : "\(project.directory)/.env"
            for reference in project.variableReferences where !reference.hasDefault && !reference.isDefined {
                guard seen.insert("\(reference.location) \(reference.name)").inserted else { continue }
                let file = reference.location.file
                findings.append(Self.description.finding(
                    "Variable \(reference.name) used in \(file) is not defined. Compose will substitute an empty string.",
                    at: reference.location,
                    fix: Fix(
                        file: envFile, replace: "\(reference.name)=",
                        explanation: "Define \(reference.name) in \(envFile) (or the shell), or write a default: ${\(reference.name):-value}.")))
            }
        }
        return findings
    }
}
