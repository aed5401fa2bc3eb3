import Foundation
import InfraCore
import Testing

/// A fixed set of findings every reporter is tested on: errors, warnings and info, with and
/// without location, fix and evidence, an absolute fix path, and secrets in message, evidence and
/// verification commands.
enum ReportFixtures {
    static let workspace = "/srv/axiom"

    /// Secret values in the findings; no output may contain them.
    static let secrets = ["hunter2-literal", "url-pass-9f3", "tok-0123456789abcdef"]

    static let findings: [Finding] = [
        Finding(
            rule: "PORT001", severity: .error, message: "Port 4000 already allocated to synapse-backend",
            location: SourceLocation(
                file: "apps/synapse/docker-compose.dev.yml", line: 14, column: 9,
                keyPath: "services.synapse-frontend.ports[0]"),
            service: "synapse-frontend", port: 4000, app: "synapse",
            evidence: [
                "apps/synapse/docker-compose.dev.yml:14 publishes \"4000:3000\" for synapse-frontend",
                ".dev/infra/registry.yml:41 allocates 4000 to synapse-backend",
            ],
            fix: Fix(
                file: "apps/synapse/docker-compose.dev.yml", line: 14, replace: "ports:\n  - \"4001:3000\"",
                explanation: "Publish synapse-frontend on 4001, the lowest free port in synapse's range 4000-4099"),
            verify: ["docker compose -f apps/synapse/docker-compose.dev.yml up -d synapse-frontend"]),
        Finding(
            rule: "NET001", severity: .error, message: "Service synapse-backend must be on axiom-shared to access postgres",
            location: SourceLocation(file: "apps/synapse/docker-compose.dev.yml", line: 22, column: 5, keyPath: "services.synapse-backend"),
            service: "synapse-backend", app: "synapse",
            fix: Fix(
                file: "apps/synapse/docker-compose.dev.yml", line: 27, replace: "    networks:\n      - synapse-internal\n      - axiom-shared",
                explanation: "Join the shared network")),
        Finding(
            rule: "SEC001", severity: .warning,
            message: "POSTGRES_PASSWORD of synapse-db is hard-coded; use an env file or secret (POSTGRES_PASSWORD=hunter2-literal)",
            location: SourceLocation(file: "apps/synapse/docker-compose.dev.yml", line: 31, column: 7),
            service: "synapse-db", app: "synapse",
            evidence: [
                "POSTGRES_PASSWORD: hunter2-literal",
                "DATABASE_URL=postgres://synapse:url-pass-9f3@synapse-db:5432/synapse",
            ],
            fix: Fix(
                file: "/srv/axiom/apps/synapse/docker-compose.dev.yml", line: 31,
                replace: "environment:\n  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}",
                explanation: "Read the password from apps/synapse/.env instead of writing it in the compose file"),
            verify: ["curl -fsS -H 'Authorization: Bearer tok-0123456789abcdef' http://localhost:4001/health"]),
        Finding(
            rule: "DOC001", severity: .warning, message: "synapse-worker is missing from the service inventory",
            service: "synapse-worker", app: "synapse",
            fix: Fix(file: ".dev/infra/infrastructure.md", explanation: "Add a row for synapse-worker to the inventory table")),
        Finding(
            rule: "REG002", severity: .info, message: "Unknown key owner",
            location: SourceLocation(file: ".dev/infra/registry.yml", line: 7, column: 3, keyPath: "owner")),
    ].sorted(by: Finding.reportOrder)

    /// Descriptions for the rules above, except REG002 (known only from its finding).
    static let rules: [RuleDescription] = [
        RuleDescription(
            id: "PORT001", name: "port-conflict", summary: "A host port is claimed by two services.",
            message: "Port {port} already allocated to {service}",
            rationale: "Two services cannot publish the same host port; the second fails to start.",
            severity: .error, category: .ports),
        RuleDescription(
            id: "NET001", name: "shared-network-access", summary: "A service reaching a shared service is on the shared network.",
            message: "Service {service} must be on {network} to access {dependency}",
            rationale: "Containers resolve each other by name only on a network they share.",
            severity: .error, category: .networks),
        RuleDescription(
            id: "SEC001", name: "hard-coded-secret", summary: "No literal secrets in compose environments.",
            message: "{name} of {service} is hard-coded; use an env file or secret",
            rationale: "Compose files are committed; secrets belong in an env file or a Docker secret.",
            severity: .warning, category: .security),
        RuleDescription(
            id: "DOC001", name: "inventory", summary: "The service inventory lists every registry service.",
            message: "{service} is missing from the service inventory",
            rationale: "infrastructure.md is what people read first; it must match the registry.",
            severity: .warning, category: .documentation),
    ]

    static func report(_ findings: [Finding] = findings, strict: Bool = false, platform: String? = "AXIOM") -> Report {
        Report(command: "validate", workspace: workspace, platform: platform, findings: findings, strict: strict)
    }

    /// Every format's output for `report`, text both plain and coloured.
    static func outputs(_ report: Report) -> [(name: String, text: String)] {
        [
            ("text", TextReporter(colored: false).generate(report)),
            ("text-colored", TextReporter(colored: true).generate(report)),
            ("markdown", MarkdownReporter(layouts: [ValidationMarkdownLayout(rules: rules)]).generate(report)),
            ("json", JSONReporter().generate(report)),
            ("sarif", SARIFReporter(rules: rules).generate(report)),
            ("github", GitHubReporter().generate(report)),
        ]
    }
}

/// Golden files in Fixtures/golden, found from this source file; `INFRACTL_UPDATE_GOLDEN=1`
/// rewrites them instead of comparing.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden", isDirectory: true)

    static func check(_ output: String, against name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        let contents = output + "\n"
        if ProcessInfo.processInfo.environment["INFRACTL_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name); run with INFRACTL_UPDATE_GOLDEN=1 to record it", sourceLocation: sourceLocation)
            return
        }
        #expect(contents == expected, "output differs from golden file \(name)", sourceLocation: sourceLocation)
    }
}
