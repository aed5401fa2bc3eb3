import DockerEngine
@testable import InfraCore
import Testing

/// Statuses, findings and recommendations from given probe outcomes and engine states, and the
/// health report in every format (golden files).
@Suite("Health evaluation")
struct HealthEvaluatorTests {
    static let file = ".dev/infra/registry.yml"

    static func at(_ line: Int) -> InfraCore.SourceLocation { SourceLocation(file: file, line: line, column: 9) }

    static func service(
        _ name: String, app: String, type: ServiceType, port: Int? = nil, probe: Registry.ProbeKind?, path: String? = nil,
        degradedMs: Int? = nil, line: Int
    ) -> Registry.Service {
        Registry.Service(
            name: name, app: app, type: type, ports: port.map { [Located($0, at: at(line + 1))] } ?? [],
            composeFile: app == "forge" ? "forge/docker-compose.yml" : "apps/\(app)/docker-compose.dev.yml",
            health: probe.map { Registry.Health(probe: $0, path: path, degradedMs: degradedMs, location: at(line + 2)) },
            location: at(line))
    }

    static let registry = Registry(
        file: file, platform: "AXIOM",
        services: [
            service("forge-postgres", app: "forge", type: .database, port: 5433, probe: .postgres, line: 10),
            service("forge-redis", app: "forge", type: .cache, port: 3379, probe: .redis, line: 20),
            service("forge-grafana", app: "forge", type: .monitoring, port: 3000, probe: .http, path: "/api/health", degradedMs: 2000, line: 30),
            service("traefik", app: "forge", type: .proxy, probe: .http, path: "/ping", line: 40),
            service("synapse-backend", app: "synapse", type: .api, port: 4000, probe: .http, path: "/health", line: 50),
            service("synapse-frontend", app: "synapse", type: .frontend, port: 4001, probe: .tcp, line: 60),
            service("nexus-worker", app: "nexus", type: .worker, probe: .docker, line: 70),
            service("synapse-prod-backend", app: "synapse", type: .api, probe: .docker, line: 80),
        ],
        rules: Registry.RuleSettings(sharedApps: ["forge"]))

    static let outcomes: [String: ProbeOutcome] = [
        "forge-postgres": .success("pg_isready: accepting connections", latency: .milliseconds(3)),
        "forge-redis": .success("alive, authentication required (NOAUTH Authentication required.)", latency: .milliseconds(1)),
        "forge-grafana": .success("HTTP 200", latency: .milliseconds(5210)),
        "synapse-backend": .failure("connection refused", latency: .milliseconds(0)),
        "synapse-frontend": .success("accepting TCP connections", latency: .milliseconds(1)),
    ]

    static let snapshot = HealthSnapshot(
        containers: [
            "forge-postgres": .init(name: "forge-postgres", status: .running, health: ContainerHealth(status: .healthy, log: [
                HealthProbeResult(start: "2026-01-01T00:00:00.000Z", end: "2026-01-01T00:00:00.040Z", exitCode: 0, output: "accepting connections\n")
            ])),
            "synapse-backend": .init(name: "synapse-backend", status: .running, restartCount: 2, health: ContainerHealth(status: .unhealthy, failingStreak: 3, log: [
                HealthProbeResult(exitCode: 1, output: "curl: (7) Failed to connect to localhost port 8000\n")
            ])),
            "synapse-frontend": .init(name: "synapse-frontend", status: .running),
            "nexus-worker": .init(name: "nexus-worker", status: .exited, exitCode: 137, oomKilled: true),
        ],
        engineAddress: "unix:///var/run/docker.sock")

    static func report() -> HealthReport {
        let plan = HealthPlan(context: ValidationContext(registry: registry, projects: []))
        return HealthEvaluator.evaluate(
            plan: plan, outcomes: outcomes, snapshot: snapshot, workspace: "/work/axiom", duration: .milliseconds(5234))
    }

    @Test func statusesPerService() {
        let report = Self.report()
        let statuses = Dictionary(uniqueKeysWithValues: report.services.map { ($0.name, $0.status) })
        #expect(statuses == [
            "forge-postgres": .healthy, "forge-redis": .healthy, "forge-grafana": .degraded, "traefik": .unknown,
            "synapse-backend": .unhealthy, "synapse-frontend": .healthy, "nexus-worker": .unhealthy,
            "synapse-prod-backend": .unknown,
        ])
        #expect(report.overall == .unhealthy)
        let worker = report.services.first { $0.name == "nexus-worker" }
        #expect(worker?.probe == "docker")
        #expect(worker?.detail == "container exited (code 137, OOMKilled)")
        #expect(report.services.first { $0.name == "traefik" }?.detail.hasPrefix("no host port to probe") == true)
    }

    @Test func findingsFollowTheCatalogue() {
        let findings = Self.report().findings
        #expect(findings.map(\.message) == [
            "forge-grafana: degraded (slow response time: 5.2s)",
            "synapse-backend: http check failed: connection refused",
            "nexus-worker: docker check failed: container exited (code 137, OOMKilled)",
        ])
        #expect(findings.map(\.rule) == ["HLT002", "HLT001", "HLT001"])
        let backend = findings[1]
        #expect(backend.severity == .error)
        #expect(backend.location == Self.at(52))
        #expect(backend.port == 4000)
        #expect(backend.evidence == [
            "GET http://127.0.0.1:4000/health: connection refused after 0 ms",
            "container synapse-backend: running, health unhealthy, 2 restarts",
            "last health check (exit 1): curl: (7) Failed to connect to localhost port 8000",
        ])
        #expect(backend.verify.first?.hasPrefix("curl ") == true)
        #expect(backend.fix?.explanation.contains("docker logs synapse-backend --tail 100") == true)
    }

    @Test func registrySettingsApplyToLiveChecks() {
        var registry = Self.registry
        registry.rules.severity = ["HLT002": .error]
        registry.rules.exemptions = [Registry.Exemption(services: ["nexus-worker"], rules: ["HLT001"], reason: "batch job", location: Self.at(1))]
        let plan = HealthPlan(context: ValidationContext(registry: registry, projects: []))
        let findings = HealthEvaluator.evaluate(plan: plan, outcomes: Self.outcomes, snapshot: Self.snapshot, workspace: "/w").findings
        #expect(findings.first { $0.rule == "HLT002" }?.severity == .error)
        #expect(!findings.contains { $0.service == "nexus-worker" })
    }

    @Test func anUnreachableEngineLeavesTheProbes() {
        let plan = HealthPlan(context: ValidationContext(registry: Self.registry, projects: []))
        let snapshot = HealthSnapshot(engineAddress: "unix:///nowhere.sock", engineProblem: "cannot reach the Docker engine at unix:///nowhere.sock: No such file or directory")
        let report = HealthEvaluator.evaluate(plan: plan, outcomes: Self.outcomes, snapshot: snapshot, workspace: "/w")
        let statuses = Dictionary(uniqueKeysWithValues: report.services.map { ($0.name, $0.status) })
        #expect(statuses["forge-postgres"] == .healthy)
        #expect(statuses["synapse-backend"] == .unhealthy)
        #expect(statuses["nexus-worker"] == .unknown)
        #expect(report.notes.first?.hasPrefix("Docker status unknown: cannot reach the Docker engine") == true)
    }

    @Test func goldenText() throws {
        let report = Report(health: Self.report())
        try Golden.check(TextReporter().generate(report), against: "health.txt")
    }

    @Test func goldenMarkdown() throws {
        try Golden.check(MarkdownReporter().generate(Report(health: Self.report())), against: "health.md")
    }

    @Test func goldenJSON() throws {
        try Golden.check(JSONReporter().generate(Report(health: Self.report())), against: "health.json")
    }

    @Test func secretsInHealthCheckOutputAreMasked() {
        var snapshot = Self.snapshot
        snapshot.containers["synapse-backend"]?.health?.log = [
            HealthProbeResult(exitCode: 1, output: "connect postgresql://axiom:hunter2-pw@forge-postgres:5432/synapse failed; DB_PASSWORD=hunter2-pw")
        ]
        let plan = HealthPlan(context: ValidationContext(registry: Self.registry, projects: []))
        let health = HealthEvaluator.evaluate(plan: plan, outcomes: Self.outcomes, snapshot: snapshot, workspace: "/w")
        for format in ReportFormat.allCases {
            let output = Report(health: health, masker: SecretMasker(knownSecrets: ["hunter2-pw"])).rendered(as: format)
            #expect(!output.contains("hunter2"), "\(format) leaks the password")
        }
    }
}
