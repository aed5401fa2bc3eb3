/// REG002: a key the registry format or the Compose Specification does not define.
public struct UnknownKeyRule: Rule {
    public static let description = RuleDescription(
        id: "REG002", name: "unknown-key",
        summary: "Unknown key in registry or compose",
        message: "Unknown key {key}",
        rationale: """
            A key that the format does not define is ignored, so a typo such as `dependecies` or \
            `healtcheck` silently drops the setting it was meant to make. Rename the key to the \
            one suggested, or remove it. Compose extension fields (`x-…`) are never reported.
            """,
        severity: .warning, category: .registry,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999, description: Knowledge application }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-api, type: api, dependencies: [], compose_file: apps/synapse/docker-compose.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    x-defaults: &defaults
                      restart: unless-stopped
                    services:
                      synapse-api:
                        <<: *defaults
                        image: synapse-api:dev
                        x-owner: knowledge-team
                    """,
            ]),
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    platform: AXIOM
                    apps: {}
                    rules: { critical_types: [database], disabled: [NET002] }
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    services:
                      synapse:
                        dev:
                          - name: synapse-api
                            type: api
                            1️⃣dependecies: [forge-postgres]
                            compose_file: apps/synapse/docker-compose.yml
                    2️⃣owner: platform-team
                    """,
            ]),
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-api, type: api, compose_file: apps/synapse/docker-compose.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      synapse-api:
                        image: synapse-api:dev
                        1️⃣healtcheck:
                          test: ["CMD", "true"]
                    """,
            ]),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var seen = Set<SourceLocation>()
        let keys = context.registry.unknownKeys + context.projects.flatMap(\.unknownKeys)
        return keys.compactMap { unknown in
            guard seen.insert(unknown.location).inserted else { return nil }
            var message = "Unknown key \(unknown.key)"
            if let suggestion = unknown.suggestion { message += " (did you mean '\(suggestion)'?)" }
            return Self.description.finding(
                message, at: unknown.location,
                fix: Fix(
                    file: unknown.location.file, line: unknown.location.line, replace: unknown.suggestion.map { context.line(at: unknown.location, replacingScalarWith: $0) ?? "\($0):" },
                    explanation: unknown.suggestion.map { "Rename `\(unknown.key)` to `\($0)`." } ?? "Remove `\(unknown.key)`; it has no effect."))
        }
    }
}
