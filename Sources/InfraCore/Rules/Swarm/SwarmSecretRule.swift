/// SWM011: a secret in a swarm service's environment.
public struct SwarmSecretRule: Rule {
    public static let description = RuleDescription(
        id: "SWM011", name: "swarm-environment-secret",
        summary: "A service on a swarm passes a secret through its environment instead of `secrets:`",
        message: "{service} passes {variable} in its environment: use a swarm secret",
        rationale: """
            On a swarm the service's environment is part of its spec: every manager stores it in \
            the Raft log and `docker service inspect` shows it to anyone who can reach the \
            engine, whether it was written in the file or interpolated from `.env`. Swarm \
            secrets are encrypted at rest and in transit and reach only the service's tasks, as \
            a file under `/run/secrets/`. Declare the secret at the top level (`secrets: \
            { db_password: { external: true } }`, created with `docker secret create`), give it \
            to the service (`secrets: [db_password]`) and point the program at the file (the \
            official images read `POSTGRES_PASSWORD_FILE` and the like).
            """,
        severity: .warning, category: .security, scope: .swarm,
        nonTriggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-api:
                    image: axiom/nexus-api:1.4.0
                    environment:
                      DB_PASSWORD_FILE: /run/secrets/db_password
                      LOG_LEVEL: info
                    secrets: [db_password]
                """) + "\nsecrets:\n  db_password:\n    external: true\n")),
        ],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-api:
                    image: axiom/nexus-api:1.4.0
                    environment:
                      1️⃣DB_PASSWORD: ${DB_PASSWORD}
                      2️⃣API_TOKEN: hunter2
                """), more: ["apps/nexus/.env": "DB_PASSWORD=s3cret\n"])),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        context.entries.flatMap { entry -> [Finding] in
            let name = entry.registered?.name ?? ValidationContext.platformName(of: entry.service)
            return entry.service.environment.filter { variable in
                guard SecretMasker.isSecretVariable(variable.name), let value = variable.value, !value.isEmpty else { return false }
                return !value.hasPrefix("/run/secrets/")
            }.map { variable in
                let secret = variable.name.lowercased()
                return Self.description.finding(
                    "\(name) passes \(variable.name) in its environment: use a swarm secret",
                    at: variable.location, service: name, app: entry.registered?.app,
                    evidence: ["\(variable.name) is in the service spec (`docker service inspect` shows it)"],
                    fix: Fix(
                        file: variable.location.file, line: variable.location.line,
                        replace: RuleText.indent(of: variable.location) + "\(variable.name)_FILE: /run/secrets/\(secret)",
                        explanation: "Create the secret once (`printf %s \"$\(variable.name)\" | docker secret create \(secret) -`), declare it at the top level (`secrets: { \(secret): { external: true } }`), give it to the service (`secrets: [\(secret)]`), and read the file its _FILE variable names."))
            }
        }
    }
}
