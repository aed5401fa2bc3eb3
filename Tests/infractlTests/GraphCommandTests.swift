import Foundation
import Testing

@Suite("infractl graph")
struct GraphCommandTests {
    @Test func printsEveryFormat() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let text = try await CLI.run(["graph", "--workspace", workspace])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Tier 1: Data stores\n  forge-postgres (forge, database) ports 5433 [forge-network]"))
        let mermaid = try await CLI.run(["graph", "--workspace", workspace, "--format", "mermaid"])
        #expect(mermaid.stdout.contains("svc_prism_frontend --> svc_prism_backend"))
        let json = try await CLI.run(["graph", "--workspace", workspace, "--format", "json", "prism"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["command"] as? String == "graph")
        #expect((object?["edges"] as? [[String: Any]])?.count == 3)
        let unknown = try await CLI.run(["graph", "--workspace", workspace, "atlantis"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown app 'atlantis'"))
    }
}
