/// SEC006: an env file that holds secrets stays out of git.
public struct TrackedEnvFileRule: Rule {
    public static let description = RuleDescription(
        id: "SEC006", name: "tracked-env-secrets",
        summary: "An `.env` or env file that holds secrets must not be tracked by git",
        message: "{file} holds secrets and is tracked by git",
        rationale: """
            Moving a password out of a compose file into `.env` (what SEC001 asks) only helps if \
            `.env` stays on the machine: once git tracks it, every clone, fork, CI log and backup \
            of the repository has the secret, and removing the file later leaves it in the \
            history. Untrack it (`git rm --cached FILE`), add it to `.gitignore`, commit a \
            `FILE.example` with empty values instead, and change the secrets that were pushed. \
            The rule reads each project's `.env` and every `env_file`, and reports a file whose \
            variables include a secret (a name with PASSWORD, SECRET, TOKEN or KEY, with a \
            value) when the workspace is a git repository that tracks the file.
            """,
        severity: .error, category: .security, equivalents: ["CIS 4.10"], scope: .audit,
        nonTriggeringExamples: [
            // Ignored by git, or holding no secret, or no repository at all.
            RuleExample(workspace(secret: "POSTGRES_PASSWORD=dev-only"), gitTracked: [".dev/infra/registry.yml", "apps/nexus/docker-compose.yml"]),
            RuleExample(workspace(secret: "LOG_LEVEL=debug\nAPI_TOKEN="), gitTracked: ["apps/nexus/.env"]),
            RuleExample(workspace(secret: "POSTGRES_PASSWORD=dev-only")),
        ],
        triggeringExamples: [
            RuleExample(workspace(secret: "LOG_LEVEL=debug\n1️⃣POSTGRES_PASSWORD=dev-only"), gitTracked: ["apps/nexus/.env"]),
        ])

    private static func workspace(secret: String) -> [String: String] {
        [
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  nexus: { ports: 5000-5999 }
                services:
                  nexus:
                    dev:
                      - { name: nexus-api, type: api, compose_file: apps/nexus/docker-compose.yml }
                """,
            "apps/nexus/docker-compose.yml": """
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    environment:
                      DATABASE_PASSWORD: ${POSTGRES_PASSWORD:-}
                """,
            "apps/nexus/.env": secret,
        ]
    }

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var files: [String] = []
        for project in context.projects {
            if let dotEnv = WorkspacePath.join(project.directory, ".env") { files.append(dotEnv) }
            files += project.services.flatMap { $0.envFiles.map(\.value) }
        }
        var seen: Set<String> = []
        return files.filter { seen.insert($0).inserted }.compactMap { file in
            guard let text = try? context.files.text(of: file),
                  let entries = try? EnvFileParser().parse(text, file: file),
                  let secret = entries.first(where: { entry in
                      HardcodedSecretRule.isSecretName(entry.name) && HardcodedSecretRule.isSecretValue(entry.value ?? "")
                  }),
                  context.files.isTrackedByGit(file) == true
            else { return nil }
            let names = entries.filter { HardcodedSecretRule.isSecretName($0.name) && HardcodedSecretRule.isSecretValue($0.value ?? "") }.map(\.name)
            return Self.description.finding(
                "\(file) holds secrets and is tracked by git.", at: secret.location,
                evidence: ["secrets: \(names.joined(separator: ", "))", "git ls-files lists \(file)"],
                fix: Fix(
                    file: file,
                    explanation: "Untrack it (git rm --cached \(file)), add it to .gitignore, commit \(file).example with empty values, and change the secrets that were pushed."),
                verify: ["git ls-files --error-unmatch \(file)"])
        }
    }
}
