import Foundation
import InfraCore
import Testing

@Suite("infractl history and undo")
struct HistoryCommandTests {
    static let atlas = ["add-service", "atlas-api", "--app", "atlas", "--type", "api", "--internal-port", "8000", "--depends-on", "forge-postgres,forge-redis"]

    /// The workspace's files by SHA-256, without the history, the lock and `CHANGELOG.md`.
    static func state(_ root: String) throws -> [String: String] {
        try ServiceCommandTests.hashes(root).filter { path, _ in
            !path.hasPrefix(HistoryStore.path + "/") && path != AddService.changelog
        }
    }

    static func changes(_ root: String) async throws -> [[String: Any]] {
        let result = try await CLI.run(["history", "--workspace", root, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(object["changes"] as? [[String: Any]])
    }

    /// The acceptance test of issue 19: add-service then undo gives back every byte of every
    /// file but the changelog (CRLF line ends, comments, a missing final newline, a file the
    /// change created), and the history holds both changes.
    @Test func undoOfAddServiceRestoresEveryByte() async throws {
        let scratch = try Scratch()
        let root = try await scratch.axiom()
        // CRLF line ends and no final newline in the inventory; the registry has comments; the
        // change creates atlas's compose file.
        let inventory = try scratch.read("ax/.dev/infra/infrastructure.md")
        try scratch.write("ax/.dev/infra/infrastructure.md", String(inventory.replacingOccurrences(of: "\n", with: "\r\n").dropLast(2)))
        #expect(try scratch.read("ax/.dev/infra/registry.yml").contains("    # --- SYNAPSE"))
        let compose = root + "/apps/atlas/docker-compose.dev.yml"
        #expect(!FileManager.default.fileExists(atPath: compose))
        let before = try Self.state(root)
        let changelogBefore = try scratch.read("ax/" + AddService.changelog)

        let add = try await CLI.run(Self.atlas + ["--workspace", root])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try Self.state(root) != before)
        let added = try #require(try await Self.changes(root).first)
        let addID = try #require(added["id"] as? String)
        // The write says under which id it was recorded, and how to take it back.
        #expect(add.stderr.contains("note: recorded as change \(addID): `infractl undo \(addID)` takes it back"), "\(add.stderr)")
        #expect((added["command"] as? String)?.hasPrefix("infractl add-service atlas-api") == true, "\(added)")

        let undo = try await CLI.run(["undo", "--workspace", root, "--format", "json"])
        #expect(undo.status == 0, "\(undo.stderr)")
        let undone = try #require(try JSONSerialization.jsonObject(with: Data(undo.stdout.utf8)) as? [String: Any])
        #expect(undone["undoes"] as? String == addID)
        #expect(try Self.state(root) == before)
        #expect(!FileManager.default.fileExists(atPath: compose))
        let changelog = try scratch.read("ax/" + AddService.changelog)
        #expect(changelog.hasPrefix(changelogBefore.components(separatedBy: "\n## ").first ?? ""))
        #expect(changelog.contains("atlas-api"), "the change's own entry stays")
        #expect(changelog.contains("### Reverted\n- Change \(addID) (`infractl add-service atlas-api"), "\(changelog)")

        let history = try await Self.changes(root)
        #expect(history.count == 2)
        #expect(history.first?["id"] as? String == undone["change_id"] as? String)
        #expect(history.first?["undoes"] as? String == addID)
        #expect(history.last?["id"] as? String == addID)
        #expect(history.last?["undone"] as? Bool == true)
        let text = try await CLI.run(["history", "--workspace", root, "--format", "text"])
        #expect(text.stdout.hasPrefix("ID "), "\(text.stdout)")
        #expect(text.stdout.contains("undoes \(addID)"))
        let show = try await CLI.run(["history", "show", addID, "--workspace", root, "--format", "text"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("--- /dev/null\n+++ b/apps/atlas/docker-compose.dev.yml\n"))
        #expect(show.stdout.contains("+  atlas-api:"), "\(show.stdout)")
        #expect(try await CLI.run(["validate", "--workspace", root, "--strict"]).status == 0)
    }

    @Test func undoAfterAHandEditIsRefusedNamingTheFile() async throws {
        let scratch = try Scratch()
        let root = try await scratch.axiom()
        #expect(try await CLI.run(Self.atlas + ["--workspace", root]).status == 0)
        let compose = "ax/apps/atlas/docker-compose.dev.yml"
        try scratch.write(compose, try scratch.read(compose) + "# edited by hand\n")
        let before = try ServiceCommandTests.hashes(root)
        let undo = try await CLI.run(["undo", "--workspace", root])
        #expect(undo.status == 1, "\(undo.stdout)\(undo.stderr)")
        #expect(undo.stderr.contains("apps/atlas/docker-compose.dev.yml was changed since change"), "\(undo.stderr)")
        #expect(try ServiceCommandTests.hashes(root) == before)
    }

    /// Undoing an earlier change whose file a later change edited names the later change.
    @Test func undoBehindALaterChangeNamesIt() async throws {
        let scratch = try Scratch()
        let root = try await scratch.axiom()
        #expect(try await CLI.run(Self.atlas + ["--workspace", root]).status == 0)
        let first = try #require(try await Self.changes(root).first?["id"] as? String)
        let second = try await CLI.run(["add-service", "atlas-worker", "--app", "atlas", "--type", "worker", "--internal-port", "9000", "--workspace", root])
        #expect(second.status == 0, "\(second.stderr)")
        let secondID = try #require(try await Self.changes(root).first?["id"] as? String)
        let before = try ServiceCommandTests.hashes(root)
        let undo = try await CLI.run(["undo", first, "--workspace", root])
        #expect(undo.status == 1)
        #expect(undo.stderr.contains("was changed since change \(first)"), "\(undo.stderr)")
        #expect(undo.stderr.contains("undo \(secondID)"), "\(undo.stderr)")
        #expect(try ServiceCommandTests.hashes(root) == before)
        // Undone in order, both go.
        #expect(try await CLI.run(["undo", "--workspace", root]).status == 0)
        #expect(try await CLI.run(["undo", "--workspace", root]).status == 0)
        #expect(try await CLI.run(["undo", "--workspace", root]).stderr.contains("nothing to undo"))
    }

    @Test func undoOfAnUndoRestoresTheChange() async throws {
        let scratch = try Scratch()
        let root = try await scratch.axiom()
        #expect(try await CLI.run(Self.atlas + ["--workspace", root]).status == 0)
        let changed = try Self.state(root)
        #expect(try await CLI.run(["undo", "--workspace", root]).status == 0)
        #expect(try Self.state(root) != changed)
        let undoID = try #require(try await Self.changes(root).first?["id"] as? String)
        let redo = try await CLI.run(["undo", undoID, "--workspace", root])
        #expect(redo.status == 0, "\(redo.stderr)")
        #expect(try Self.state(root) == changed)
        let history = try await Self.changes(root)
        #expect(history.count == 3)
        #expect(history.first?["undoes"] as? String == undoID)
        #expect(try scratch.read("ax/" + AddService.changelog).components(separatedBy: "- Change ").count == 3)
    }

    @Test func dryRunUndoWritesNothing() async throws {
        let scratch = try Scratch()
        let root = try await scratch.axiom()
        #expect(try await CLI.run(Self.atlas + ["--workspace", root]).status == 0)
        try FileManager.default.removeItem(atPath: root + "/" + WorkspaceLock.path)
        let before = try ServiceCommandTests.hashes(root)
        let undo = try await CLI.run(["undo", "--dry-run", "--workspace", root])
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(undo.stdout.contains("--- a/apps/atlas/docker-compose.dev.yml\n+++ /dev/null\n"), "\(undo.stdout)")
        #expect(undo.stdout.contains("-  atlas-api:"), "\(undo.stdout)")
        #expect(undo.stdout.contains("+### Reverted"))
        #expect(try ServiceCommandTests.hashes(root) == before)
        #expect(!FileManager.default.fileExists(atPath: root + "/" + WorkspaceLock.path))
        #expect(try await Self.changes(root).count == 1)
    }

    /// The registry's `history:` bounds the records kept; every writing command records.
    @Test func historyIsBoundedByTheRegistry() async throws {
        let scratch = try Scratch()
        let root = try await scratch.axiom()
        let registry = "ax/.dev/infra/registry.yml"
        try scratch.write(registry, try scratch.read(registry) + "\nhistory: 2\n")
        for service in ["one", "two", "three"] {
            let allocate = try await CLI.run(["ports", "allocate", "--app", "atlas", "--service", "atlas-\(service)", "--workspace", root])
            #expect(allocate.status == 0, "\(allocate.stderr)")
        }
        let history = try await Self.changes(root)
        #expect(history.compactMap { ($0["command"] as? String)?.components(separatedBy: " ").dropFirst(6).first } == ["atlas-three", "atlas-two"])
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/" + HistoryStore.path)
        #expect(files.count == 2)
        #expect(try await CLI.run(["history", "show", "nonexistent", "--workspace", root]).status == 2)
    }
}
