/// SEC001: passwords, secrets, tokens and keys come from an env file or a secret, never from the
/// compose file itself.
public struct HardcodedSecretRule: Rule {
    public static let description = RuleDescription(
        id: "SEC001", name: "hardcoded-secret",
        summary: "A compose `environment` entry must not hold a literal password, secret, token or key",
        message: "{name} of {service} is hard-coded; use an env file or secret",
        rationale: """
            A password written into a compose file is in every clone, every fork and every \
            backup of the repository, and changing it means a commit. Refer to it instead \
            (`POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}`) and keep the value in the project's \
            `.env` (which Compose reads for interpolation and which stays out of version \
            control), in an `env_file`, or in a Compose secret (`POSTGRES_PASSWORD_FILE: \
            /run/secrets/db_password`). The rule reads the `environment` entries of every \
            service whose name contains PASSWORD, PASSWD, SECRET or TOKEN, or has a part that is \
            or ends in KEY (`API_KEY`, `SECRET_KEY`, `MEILI_MASTER_KEY`, `APIKEY`; not \
            `KEYCLOAK_URL`), and whose value is written literally: `${VAR}` references, empty \
            values, booleans and file paths are fine. Names ending in _FILE, _PATH, _DIR or _ID \
            (`AWS_ACCESS_KEY_ID`) and names with PUBLIC or PUBLISHABLE in them hold no secret. A \
            connection URL with a literal password (`postgresql://app:pw@db/app`) is reported \
            too. Variables from an env file are not: that is where the values belong. Defaults \
            inside references (`${DB_PASSWORD:-dev}`) are not reported.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0020", "compose-lint CL-0021", "CIS 4.10"],
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": """
                    services:
                      forge-postgres:
                        image: postgres:16-alpine
                        env_file: [postgres.env]
                        environment:
                          POSTGRES_USER: axiom
                          POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
                          POSTGRES_HOST_AUTH_METHOD: scram-sha-256
                          POSTGRES_INITDB_ARGS: --auth-host=scram-sha-256
                          TOKENIZERS_PARALLELISM: "false"
                          API_KEY:
                      forge-grafana:
                        image: grafana/grafana:11.2.0
                        environment:
                          - GF_SECURITY_ADMIN_PASSWORD=${GRAFANA_ADMIN_PASSWORD:-admin}
                          - GF_DATABASE_URL=postgres://grafana:${GRAFANA_DB_PASSWORD}@forge-postgres:5432/grafana
                          - KEYCLOAK_URL=https://sso.axiom.local
                    """,
                "forge/postgres.env": "PGPASSWORD=dev-only\n",
            ], environment: ["POSTGRES_PASSWORD": "x", "GRAFANA_DB_PASSWORD": "y"]),
            // File paths, public keys and key ids are not secrets.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": """
                    services:
                      forge-postgres:
                        image: postgres:16-alpine
                        environment:
                          POSTGRES_PASSWORD_FILE: /run/secrets/db_password
                          SSL_KEY: /certs/axiom.local-key.pem
                          AWS_ACCESS_KEY_ID: AKIAEXAMPLE
                          VAPID_PUBLIC_KEY: BPublicKeyMaterial
                        secrets: [db_password]
                    secrets:
                      db_password:
                        file: ./db_password.txt
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": """
                    services:
                      forge-postgres:
                        image: postgres:16-alpine
                        environment:
                          POSTGRES_USER: axiom
                          1️⃣POSTGRES_PASSWORD: changeme
                          2️⃣api_token: "abc123"
                    """,
            ]),
            // List form, a key, and a URL with a literal password.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": """
                    services:
                      forge-grafana:
                        image: grafana/grafana:11.2.0
                        environment:
                          - 1️⃣GF_SECURITY_ADMIN_PASSWORD=admin
                          - 2️⃣MEILI_MASTER_KEY=masterKey
                          - 3️⃣GF_DATABASE_URL=postgres://grafana:grafana@forge-postgres:5432/grafana
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
              - { name: forge-grafana, type: monitoring, compose_file: forge/docker-compose.yml }
        """

    /// Name parts that say the variable holds a secret wherever they occur in a part.
    static let secretWords = ["PASSWORD", "PASSWD", "SECRET", "TOKEN"]
    /// Last name parts of variables that name where a secret is, or describe it, rather than hold it.
    static let pointerSuffixes: Set<String> = ["FILE", "PATH", "DIR", "ID"]
    /// Name parts of variables whose value is meant to be public.
    static let publicWords: Set<String> = ["PUBLIC", "PUBLISHABLE"]
    /// Values that are settings, not secrets.
    static let booleans: Set<String> = ["true", "false", "yes", "no", "on", "off"]

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<SourceLocation> = []
        for entry in context.entries {
            let service = entry.registered?.name ?? ValidationContext.platformName(of: entry.service)
            for variable in entry.service.environment where variable.envFile == nil && seen.insert(variable.location).inserted {
                if let finding = check(variable, of: service, entry, context) { findings.append(finding) }
            }
        }
        return findings
    }

    private func check(_ variable: EnvironmentVariable, of service: String, _ entry: ValidationContext.Entry, _ context: ValidationContext) -> Finding? {
        let name = variable.name
        // Only a finding names it.
        var envFile: String { WorkspacePath.join(entry.project.directory, ".env") ?? ".env" }
        // The entry's whole line as it is written back, in its own form and indentation.
        func entryText(_ value: String) -> String { context.environmentLine(of: variable, value: value) }
        if Self.isSecretName(name), variable.isLiteral, let raw = variable.rawValue, Self.isSecretValue(raw) {
            return Self.description.finding(
                "\(name) of \(service) is hard-coded; use an env file or secret.",
                at: variable.location, service: service, app: entry.registered?.app,
                evidence: ["\(name) has a literal value in \(variable.location.file)."],
                fix: Fix(
                    file: variable.location.file, line: variable.location.line, replace: entryText("${\(name)}"),
                    explanation: "Refer to the variable and add \(name) with its value to \(envFile), which Compose reads for interpolation; keep that file out of version control."))
        }
        guard let raw = variable.rawValue, raw.includes("://") || raw.firstRange(ofCaseInsensitiveASCII: "password=") != nil else { return nil }
        let masked = ConnectionString.masked(raw)
        guard masked != raw else { return nil }
        let reference = Self.passwordVariable(for: name)
        return Self.description.finding(
            "\(name) of \(service) is hard-coded; use an env file or secret. Its connection string holds a literal password.",
            at: variable.location, service: service, app: entry.registered?.app,
            evidence: ["\(name): \(masked)"],
            fix: Fix(
                file: variable.location.file, line: variable.location.line,
                replace: entryText(masked.replacingOccurrences(of: SecretMasker.mask, with: "${\(reference)}")),
                explanation: "Refer to a variable for the password and add \(reference) with its value to \(envFile), which Compose reads for interpolation; keep that file out of version control."))
    }

    /// Whether a variable's name says it holds a secret.
    static func isSecretName(_ name: String) -> Bool {
        // Split on bytes: the separators are ASCII (a split on Characters cost more than the rest).
        let parts = name.uppercased().utf8
            .split(whereSeparator: { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
            .map { String(Substring($0)) }
        guard let last = parts.last, !pointerSuffixes.contains(last), !parts.contains(where: publicWords.contains) else { return false }
        return parts.contains { part in
            secretWords.contains(where: part.includes) || part.hasSuffix("KEY") || part == "KEYS"
        }
    }

    /// Whether a literal value can be a secret: not empty, not a boolean, not a file path.
    static func isSecretValue(_ value: String) -> Bool {
        let value = value.trimmingSpaces()
        guard !value.isEmpty, !booleans.contains(value.lowercased()) else { return false }
        return !["/", "./", "../", "~/"].contains { value.hasPrefix($0) }
    }

    /// The variable to hold a connection string's password: `DATABASE_URL` → `DATABASE_PASSWORD`.
    static func passwordVariable(for name: String) -> String {
        var stem = name.uppercased()
        for suffix in ConnectionString.suffixes where stem.hasSuffix(suffix) {
            stem = String(stem.dropLast(suffix.count))
            break
        }
        return stem.isEmpty ? "PASSWORD" : "\(stem)_PASSWORD"
    }
}
