import InfraCore
import Testing

/// Every live check's examples, run through its own producer, and shown by `infractl rules`.
@Suite("Live check examples")
struct LiveCheckExampleTests {
    @Test(arguments: LiveCheckCatalog.all.map(\.id))
    func examples(_ id: String) throws {
        LiveCheckVerifier.verify(try #require(LiveCheckCatalog.check(id: id)))
    }

    /// A live check without examples fails the verifier.
    @Test func aCheckWithoutExamplesFails() {
        var bare = UnhealthyContainerAnalyzer.description
        bare.triggeringExamples = []
        withKnownIssue { LiveCheckVerifier.verify(bare) }
        var quiet = UnhealthyContainerAnalyzer.description
        quiet.nonTriggeringExamples = []
        withKnownIssue { LiveCheckVerifier.verify(quiet) }
    }

    @Test func rulesShowsTheEngineStateOfAnExample() throws {
        let text = RuleCatalogText.explain(try #require(LiveCheckCatalog.check(id: "RUN003")))
        #expect(text.contains("Triggering examples (a finding at each ↓)"))
        #expect(text.contains("  engine:\n    container forge-postgres; running (healthy); networks forge-network; ports 3432:5432"))
        #expect(text.contains("      health check: wget: can't connect to remote host (127.0.0.1): Connection refused"))
        #expect(text.contains("Non-triggering examples"))
    }
}
