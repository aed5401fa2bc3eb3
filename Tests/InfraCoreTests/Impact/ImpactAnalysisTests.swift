import Foundation
import InfraCore
import Testing

/// `impact` on the AXIOM example: who depends on a target and how, and what a change touches.
@Suite("Change impact")
struct ImpactAnalysisTests {
    static func context(_ changes: [String: (String) -> String] = [:]) throws -> ValidationContext {
        var files = ProposedChangeTests.example
        for (path, change) in changes { files[path] = change(files[path] ?? "") }
        let workspace = Workspace(root: "/axiom", files: MemoryFileSource(files), environment: [:])
        return try WorkspaceLoader(workspace: workspace).load()
    }

    @Test func everyDependentOfTheDatabaseWithHowAndHowFar() throws {
        let context = try Self.context()
        let impact = try ImpactAnalysis(targets: ["forge-postgres"], change: .stop, context: context, host: FixedHostPorts())
        // The registry's own dependencies give the direct dependents.
        let direct = Set(context.registry.services.filter { $0.dependencies.contains { $0.value == "forge-postgres" } }.map(\.name))
        #expect(!direct.isEmpty)
        #expect(Set(impact.affected.filter { $0.distance == 1 }.map(\.service)) == direct)
        // And theirs, one step further.
        let second = Set(context.registry.services.filter { service in
            !direct.contains(service.name) && service.dependencies.contains { direct.contains($0.value) }
        }.map(\.name))
        #expect(Set(impact.affected.filter { $0.distance == 2 }.map(\.service)) == second)
        let prism = try #require(impact.affected.first { $0.service == "prism-backend" })
        #expect(prism.via == [.registry, .environment])
        #expect(prism.tier == 5)
        #expect(prism.evidence.contains { $0.via == .environment && $0.location.file == "apps/prism/docker-compose.dev.yml" })
        let frontend = try #require(impact.affected.first { $0.service == "prism-frontend" })
        #expect(frontend.via.contains(.dependsOn))
        #expect(frontend.effect.hasPrefix("does not start (its depends_on waits for it)"))
        #expect(impact.risks.contains { $0.hasPrefix("Single point of failure") })
    }

    @Test func movingAPortFindsEveryMentionWithItsLine() throws {
        let context = try Self.context(["apps/prism/docker-compose.dev.yml": {
            $0.replacingOccurrences(of: "      CORS_ORIGINS: https://prism.axiom.local\n",
                                    with: "      CORS_ORIGINS: https://prism.axiom.local\n      GRAFANA_URL: http://localhost:3000\n")
        }])
        let impact = try ImpactAnalysis(targets: ["3000"], change: .movePort(3010), context: context, host: FixedHostPorts())
        #expect(impact.services == ["forge-grafana"])
        let places = impact.mentions.map { "\($0.location.file):\($0.location.line)" }
        #expect(places.contains("apps/prism/docker-compose.dev.yml:20"))  // the environment URL
        #expect(places.contains("forge/docker-compose.yml:139"))  // the Traefik label
        #expect(places.contains("forge/docker-compose.yml:119"))  // the published port
        #expect(impact.mentions.contains { $0.location.file == ".dev/infra/infrastructure.md" && $0.text.hasPrefix("| forge-grafana |") })
        #expect(impact.mentions.contains { $0.location.file == ".dev/infra/registry.yml" && $0.text == "3000:" })
        // A range that merely starts with the number is not a mention.
        #expect(!impact.mentions.contains { $0.text.contains("3000-3999") })
        // prism-backend reaches Grafana through its published port.
        #expect(impact.affected.map(\.service).contains("prism-backend"))
        #expect(impact.migration.contains("Check: ✅ 3010 is in the range of forge (3000-3999)"))
        let taken = try ImpactAnalysis(targets: ["3000"], change: .movePort(3100), context: context, host: FixedHostPorts())
        #expect(taken.risks.contains("❌ 3100 is already allocated or published"))
    }

    @Test func aNetworkReachesEveryServiceOnIt() throws {
        let context = try Self.context()
        let impact = try ImpactAnalysis(targets: ["forge-network"], change: .stop, context: context, host: FixedHostPorts())
        let members = Set(context.registry.services.filter { $0.networks.contains { $0.value == "forge-network" } }.map(\.name))
        #expect(Set(impact.affected.map(\.service)) == members)
        #expect(impact.affected.allSatisfy { $0.via == [.network] && $0.distance == 1 })
    }

    @Test func anUnknownTargetSaysWhatItMightBe() throws {
        let context = try Self.context()
        #expect(throws: UnknownName.self) {
            try ImpactAnalysis(targets: ["forge-postgress"], change: .stop, context: context, host: FixedHostPorts())
        }
        do {
            _ = try ImpactAnalysis(targets: ["forge-postgress"], change: .stop, context: context, host: FixedHostPorts())
        } catch {
            #expect(error.description.hasPrefix("unknown service, app, network or port 'forge-postgress' (did you mean 'forge-postgres'?)"))
        }
    }

    @Test func changesParseAsTheCLIWritesThem() throws {
        #expect(try ImpactAnalysis.Change("stop") == .stop)
        #expect(try ImpactAnalysis.Change("move-port=6005") == .movePort(6005))
        #expect(try ImpactAnalysis.Change("rename=prism-api") == .rename("prism-api"))
        #expect(throws: OperationError.self) { try ImpactAnalysis.Change("move-port=70000") }
        #expect(throws: OperationError.self) { try ImpactAnalysis.Change("explode") }
    }

    @Test func goldenMarkdown() throws {
        let context = try Self.context()
        let impact = try ImpactAnalysis(targets: ["prism-backend"], change: .remove, context: context, host: FixedHostPorts())
        let report = Report(
            command: "impact", workspace: "/axiom", title: "Change Impact Report", platform: "AXIOM",
            registryFile: context.registry.file, findings: [], payload: ImpactPayload(impact))
        try Golden.check(MarkdownReporter().generate(report), against: "impact-remove.md")
        try Golden.check(JSONReporter().generate(report), against: "impact-remove.json")
    }
}
