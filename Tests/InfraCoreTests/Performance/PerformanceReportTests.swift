import DockerEngine
import Foundation
import InfraCore
import Testing

/// The Performance Report on the AXIOM example, from an engine state written by hand.
@Suite("Performance report")
struct PerformanceReportTests {
    static let mebibyte: Int64 = 1 << 20

    static func report(format: (Report) -> String) throws -> String {
        let workspace = Workspace(root: "/axiom", files: MemoryFileSource(ProposedChangeTests.example), environment: [:])
        let validation = try WorkspaceLoader(workspace: workspace).load()
        let engine = EngineExample(
            [
                ContainerExample("forge-postgres", image: "postgres:16-alpine", health: .healthy, networks: ["forge-network"]),
                ContainerExample("forge-redis", image: "redis:7-alpine", health: .healthy, networks: ["forge-network"]),
                ContainerExample("prism-backend", networks: ["prism_default", "forge-network"]),
                ContainerExample("nexus-api", state: .exited(code: 137), networks: ["nexus_default", "forge-network"], restarts: 2, oomKilled: true),
            ],
            usage: [
                "forge-postgres": ResourceUsage(
                    cpuCores: 0.12, memoryBytes: 180 * mebibyte, memoryLimitBytes: 1024 * mebibyte, networkReceivedBytes: 52_000,
                    networkSentBytes: 48_000, blockReadBytes: 4 * mebibyte, blockWrittenBytes: 12 * mebibyte, pids: 9),
                "forge-redis": ResourceUsage(cpuCores: 0.01, memoryBytes: 6 * mebibyte, memoryLimitBytes: 256 * mebibyte, pids: 5),
                "prism-backend": ResourceUsage(cpuCores: 0.7, memoryBytes: 490 * mebibyte, memoryLimitBytes: 512 * mebibyte, pids: 23),
            ],
            healthTimings: ["forge-postgres": HealthCheckTiming(durationsMs: [3100, 2900, 3400], timeoutMs: 5000)])
        let external = validation.registry.networks.filter(\.external).map(\.name)
        let snapshot = engine.performanceSnapshot(externalNetworks: external, workspaceRoot: "/axiom")
        let context = try DiagnosisContext(
            validation: validation, snapshot: snapshot.engine, workspaceRoot: "/axiom",
            request: DiagnosisRequest(environments: Set(Registry.Environment.allCases)))
        let services: Set<String> = ["forge-postgres", "forge-redis", "prism-backend", "nexus-api"]
        return format(Operations.performanceReport(context: context, snapshot: snapshot, services: services, workspace: "/axiom"))
    }

    @Test func goldenMarkdown() throws {
        try Golden.check(try Self.report { MarkdownReporter().generate($0) }, against: "stats.md")
    }

    @Test func findingsPointAtTheLinesToChange() throws {
        let json = try Self.report { JSONReporter().generate($0) }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let rules = findings.map { "\($0["rule"] as? String ?? "") \($0["service"] as? String ?? "")" }.sorted()
        #expect(rules == ["PERF001 prism-backend", "PERF002 nexus-api", "PERF004 forge-postgres"])
        let memory = try #require(findings.first { $0["rule"] as? String == "PERF001" })
        #expect(memory["file"] as? String == "apps/prism/docker-compose.dev.yml")
        #expect((memory["fix"] as? [String: Any])?["replace"] as? String == "    mem_limit: 1g")
        let slow = try #require(findings.first { $0["rule"] as? String == "PERF004" })
        #expect((slow["fix"] as? [String: Any])?["replace"] as? String == "      timeout: 11s")
        #expect(object["result"] as? String == "fail")
    }
}
