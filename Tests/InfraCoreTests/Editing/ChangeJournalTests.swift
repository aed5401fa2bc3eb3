import Foundation
@testable import InfraCore
import Testing

@Suite("Change journal")
struct ChangeJournalTests {
    /// A temporary folder holding two files.
    private func workspace() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/.dev/infra", withIntermediateDirectories: true)
        try "old registry\n".write(toFile: root + "/.dev/infra/registry.yml", atomically: true, encoding: .utf8)
        try "old compose\n".write(toFile: root + "/compose.yml", atomically: true, encoding: .utf8)
        return root
    }

    private func changes() -> ChangeSet {
        var changes = ChangeSet()
        changes.set(".dev/infra/registry.yml", before: "old registry\n", after: "new registry\n")
        changes.set("compose.yml", before: "old compose\n", after: "new compose\n")
        changes.set("apps/new/docker-compose.yml", before: nil, after: "created\n")
        return changes
    }

    private func read(_ root: String, _ path: String) -> String? { try? String(contentsOfFile: root + "/" + path, encoding: .utf8) }

    @Test func writesEveryFileAndLeavesNoJournal() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ChangeJournal(root: root).write(changes())
        #expect(read(root, ".dev/infra/registry.yml") == "new registry\n")
        #expect(read(root, "compose.yml") == "new compose\n")
        #expect(read(root, "apps/new/docker-compose.yml") == "created\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/" + ChangeJournal.path))
        #expect(try ChangeJournal(root: root).recover() == .none)
    }

    /// A removal (undo of a change that created a file) goes through the journal too: written
    /// at once, or finished by the next writer after a crash past the commit point.
    @Test func removalIsWrittenAndRolledForward() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var changes = ChangeSet()
        changes.remove("compose.yml", before: "old compose\n")
        changes.set(".dev/infra/registry.yml", before: "old registry\n", after: "new registry\n")
        #expect(changes.diff().contains("--- a/compose.yml\n+++ /dev/null\n"))
        #expect(Workspace(root: root, files: DiskFileSource(root: root)).applying(changes).files.exists("compose.yml") == false)
        let journal = ChangeJournal(root: root)
        try journal.prepare(changes)
        #expect(try journal.pending() == ChangeJournal.PendingChange(
            paths: ["compose.yml", ".dev/infra/registry.yml"], contents: [".dev/infra/registry.yml": "new registry\n"],
            removals: ["compose.yml"]))
        #expect(try journal.recover() == .rolledForward(["compose.yml", ".dev/infra/registry.yml"]))
        #expect(read(root, "compose.yml") == nil)
        #expect(read(root, ".dev/infra/registry.yml") == "new registry\n")
        // Written directly, a removal of a file already gone is nothing to do.
        try journal.write(changes)
        #expect(!FileManager.default.fileExists(atPath: root + "/" + ChangeJournal.path))
    }

    @Test func committedJournalIsRolledForward() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let journal = ChangeJournal(root: root)
        try journal.prepare(changes())
        // Killed after the first file was replaced, with a temporary file left beside the second.
        try "new registry\n".write(toFile: root + "/.dev/infra/registry.yml", atomically: false, encoding: .utf8)
        try "half".write(toFile: root + "/.compose.yml.123.456.tmp", atomically: false, encoding: .utf8)
        // A reader takes the files not renamed yet from the journal and the renamed one from disk.
        let pending = try #require(try journal.pending())
        #expect(pending.paths == [".dev/infra/registry.yml", "compose.yml", "apps/new/docker-compose.yml"])
        #expect(pending.contents == ["compose.yml": "new compose\n", "apps/new/docker-compose.yml": "created\n"])
        #expect(try journal.recover() == .rolledForward(["compose.yml", "apps/new/docker-compose.yml"]))
        #expect(read(root, ".dev/infra/registry.yml") == "new registry\n")
        #expect(read(root, "compose.yml") == "new compose\n")
        #expect(read(root, "apps/new/docker-compose.yml") == "created\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/.compose.yml.123.456.tmp"))
        #expect(!FileManager.default.fileExists(atPath: root + "/" + ChangeJournal.path))
    }

    /// A layered view lists folders as they will be: added files in, removed ones out (the
    /// history and Traefik's dynamic folder are read by listing).
    @Test func layeredFilesListFoldersAsTheyWillBe() {
        let base = MemoryFileSource(["h/1.json": "{}", "h/2.json": "{}", "other/x": ""])
        let layered = LayeredFileSource(overrides: ["h/3.json": "{}", "other/y": ""], over: base, removed: ["h/1.json"])
        #expect(layered.files(under: "h") == ["h/2.json", "h/3.json"])
        #expect(layered.files(under: "") == ["h/2.json", "h/3.json", "other/x", "other/y"])
    }

    /// `up` and `down` finish a pending change before `docker compose` reads the files, and
    /// without a journal create nothing (not even the lock file).
    @Test func finishPendingFinishesACommittedChangeAndCreatesNothingElse() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = EditSession(workspace: Workspace(root: root, files: DiskFileSource(root: root)))
        #expect(try session.finishPending() == .none)
        #expect(!FileManager.default.fileExists(atPath: root + "/" + WorkspaceLock.path))
        try ChangeJournal(root: root).prepare(changes())
        #expect(try session.finishPending() == .rolledForward([".dev/infra/registry.yml", "compose.yml", "apps/new/docker-compose.yml"]))
        #expect(read(root, "compose.yml") == "new compose\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/" + ChangeJournal.path))
    }

    @Test func journalWithoutManifestIsRolledBack() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let journal = ChangeJournal(root: root)
        try journal.prepare(changes())
        try FileManager.default.removeItem(atPath: root + "/" + ChangeJournal.path + "/" + ChangeJournal.manifestName)
        #expect(try journal.pending() == nil)
        #expect(try journal.recover() == .rolledBack)
        #expect(read(root, ".dev/infra/registry.yml") == "old registry\n")
        #expect(read(root, "compose.yml") == "old compose\n")
        #expect(read(root, "apps/new/docker-compose.yml") == nil)
        #expect(!FileManager.default.fileExists(atPath: root + "/" + ChangeJournal.path))
    }

    @Test func fileChangedByOthersKeepsTheJournal() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let journal = ChangeJournal(root: root)
        try journal.prepare(changes())
        try "someone else\n".write(toFile: root + "/compose.yml", atomically: true, encoding: .utf8)
        // A reader refuses what a writer refuses, rather than read a state no writer will make.
        #expect(throws: EditError.self) { try journal.pending() }
        #expect(throws: EditError.self) { try journal.recover() }
        #expect(FileManager.default.fileExists(atPath: root + "/" + ChangeJournal.path + "/" + ChangeJournal.manifestName))
        #expect(read(root, "compose.yml") == "someone else\n")
        // Every file is checked before any is touched: the registry, first in the journal, too.
        #expect(read(root, ".dev/infra/registry.yml") == "old registry\n")
    }

    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func lockIsExclusive() async throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try? WorkspaceLock.withLock(root: root) {
                        counter.enter()
                        usleep(2000)
                        counter.leave()
                    }
                }
            }
        }
        #expect(counter.maximum == 1)
    }

    /// Counts holders at once.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var current = 0
        private(set) var maximum = 0

        func enter() { lock.withLock { current += 1; maximum = max(maximum, current) } }
        func leave() { lock.withLock { current -= 1 } }
    }
}
