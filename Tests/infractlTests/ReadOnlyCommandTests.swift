import Foundation
@testable import InfraCore
import Testing
import TestSupport

/// Commands that only read, and dry runs, leave a workspace byte for byte as they found it (no
/// lock file, no folder, a pending journal untouched) and still read whole states while other
/// commands write.
@Suite("Read-only commands and dry runs write nothing")
struct ReadOnlyCommandTests {
    /// Every path under `root` (folders too) with its bytes (nil for a folder).
    static func snapshot(_ root: String) throws -> [String: Data?] {
        var result: [String: Data?] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) else { continue }
            result[path] = isDirectory.boolValue ? .some(nil) : .some(try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)))
        }
        return result
    }

    /// What differs between two snapshots, for the failure message.
    static func difference(_ before: [String: Data?], _ after: [String: Data?]) -> String {
        let added = Set(after.keys).subtracting(before.keys).sorted()
        let removed = Set(before.keys).subtracting(after.keys).sorted()
        let changed = Set(before.keys).intersection(after.keys).filter { before[$0] != after[$0] }.sorted()
        return "added \(added), removed \(removed), changed \(changed)"
    }

    /// The commands that only read, as argument lists (the workspace is appended).
    static let commands: [[String]] = [
        ["validate", "--format", "json"],
        ["diagnose", "--format", "json"],
        ["health", "--format", "json"],
        ["graph", "--format", "mermaid"],
        ["ports", "list", "--format", "json"],
        ["ports", "check", "6000", "--app", "prism", "--format", "json"],
        ["add-service", "prism-worker", "--app", "prism", "--type", "worker", "--internal-port", "9000", "--dry-run"],
        ["add-service", "atlas-api", "--app", "atlas", "--type", "api", "--internal-port", "8000", "--dry-run", "--format", "json"],
        ["remove-service", "prism-frontend", "--dry-run"],
    ]

    /// An engine address where nothing answers, so `diagnose` and `health` end quickly.
    static let noEngine = ["DOCKER_HOST": "unix:///nonexistent/infractl-readonly.sock"]

    /// Runs every read-only command and an MCP session without `--allow-writes` on `workspace`
    /// and checks that nothing changed; returns the `ports list` output.
    static func runAll(on workspace: String) async throws -> String {
        let before = try snapshot(workspace)
        var portsList = ""
        for command in commands {
            let result = try await CLI.run(command + ["--workspace", workspace], environment: noEngine)
            let after = try snapshot(workspace)
            #expect(after == before, "`infractl \(command.joined(separator: " "))` changed the workspace: \(difference(before, after))")
            #expect(result.status != 2 || command[0] == "diagnose", "\(command): \(result.stderr)")
            if command.prefix(2) == ["ports", "list"] { portsList = result.stdout }
        }
        let session = try await MCPClient.session([
            MCPClient.call("registry_summary"), MCPClient.call("check_port", ["port": 6000]),
            MCPClient.call("validate"), MCPClient.call("graph"), MCPClient.call("explain_rule", ["id": "PORT001"]),
        ], workspace: workspace)
        for answer in session { #expect(try ToolAnswer(answer).isError == false) }
        let after = try snapshot(workspace)
        #expect(after == before, "`infractl mcp` changed the workspace: \(difference(before, after))")
        return portsList
    }

    @Test(.requires(.mcpClient)) func aFreshWorkspaceGetsNoLockFile() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        #expect(!FileManager.default.fileExists(atPath: workspace + "/" + WorkspaceLock.path))
        _ = try await Self.runAll(on: workspace)
        #expect(!FileManager.default.fileExists(atPath: workspace + "/" + WorkspaceLock.path))
    }

    /// With a lock file a writer left, and a committed change an interrupted writer left
    /// pending: readers read the change as finished and leave the journal to the next writer.
    @Test(.requires(.mcpClient)) func aPendingJournalIsReadAsFinishedAndLeftAlone() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let allocate = try await CLI.run(["ports", "allocate", "--app", "atlas", "--service", "atlas-first", "--workspace", workspace])
        #expect(allocate.status == 0, "\(allocate.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace + "/" + WorkspaceLock.path))
        let registryPath = ".dev/infra/registry.yml"
        let registry = try scratch.read("ax/" + registryPath)
        let pendingRegistry = registry.replacingOccurrences(
            of: "  allocated:\n", with: "  allocated:\n    3990:\n      service: pending-svc\n      app: forge\n")
        try #require(pendingRegistry != registry)
        var pending = ChangeSet()
        pending.set(registryPath, before: registry, after: pendingRegistry)
        try ChangeJournal(root: workspace).prepare(pending)

        let portsList = try await Self.runAll(on: workspace)
        #expect(portsList.contains("pending-svc"), "the pending change is read as finished: \(portsList)")
        #expect(try scratch.read("ax/" + registryPath) == registry)
        let stderr = try await CLI.run(["ports", "list", "--workspace", workspace]).stderr
        #expect(stderr.contains("note: read a change an interrupted infractl run left half-written as finished (\(registryPath))"))

        // The next writer finishes it.
        let release = try await CLI.run(["ports", "release", "3990", "--workspace", workspace])
        #expect(release.status == 0, "\(release.stderr)")
        #expect(release.stderr.contains("note: finished a change"), "\(release.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace + "/" + ChangeJournal.path))
    }

    /// The acceptance test of issue 23: `add-service` killed between its renames (journal
    /// committed, some files replaced, some not), then every command that only reads reports
    /// the whole change (what it reports once a writer finished it), says that a change is
    /// pending and what finishes it, and leaves the tree byte for byte as it was.
    @Test(.requires(.mcpClient), .requires(.dockerEngine)) func aWriterKilledBetweenItsRenamesIsReadWhole() async throws {
        let scratch = try Scratch()
        let base = try await scratch.axiom("base")
        let service = "atlas-torn"
        let addService = [
            "add-service", service, "--app", "atlas", "--type", "api", "--internal-port", "8000",
            "--depends-on", "forge-postgres,forge-redis", "--workspace",
        ]
        let workspace = try await onOwnThread { try Self.killedBetweenRenames(addService, copying: base, into: scratch.path + "/torn") }
        let torn = try Self.snapshot(workspace)
        let port = try #require(try EditSession(workspace: Workspace(root: workspace, files: DiskFileSource(root: workspace))).read()
            .context.registry.allocations.first { $0.service == service }?.port)
        let readers: [[String]] = [
            ["validate", "--format", "json"],
            ["graph", "--format", "mermaid"],
            ["history", "--format", "json"],
            ["audit", "--format", "json"],
            ["ports", "list", "--format", "json"],
            ["ports", "check", String(port), "--app", "atlas", "--format", "json"],
            ["impact", service, "--format", "json"],
            ["health", service, "--format", "json"],
            ["diagnose", service, "--format", "json"],
            ["logs", service, "--format", "json"],
            ["remove-service", service, "--dry-run", "--format", "json"],
            ["add-service", "atlas-next", "--app", "atlas", "--type", "api", "--internal-port", "8000", "--dry-run", "--format", "json"],
        ]
        // Reports that do not depend on the host or the engine must be the finished state's.
        let exact: Set<String> = ["validate", "graph", "history", "audit"]
        var seen: [[String]: CLI.Result] = [:]
        for reader in readers {
            let result = try await CLI.run(reader + ["--workspace", workspace])
            seen[reader] = result
            let name = reader.joined(separator: " ")
            #expect(result.status != 2, "`\(name)` failed on the pending change: \(result.stderr)")
            #expect(
                result.stderr.contains("note: read a change an interrupted infractl run left half-written as finished")
                    && result.stderr.contains("finishes it"),
                "`\(name)` does not say a change is pending: \(result.stderr)\(result.stdout.prefix(1_000))")
            if reader[0] != "validate" {
                #expect(result.stdout.contains(service), "`\(name)` does not report \(service): \(result.stdout.prefix(2_000))")
            }
            let after = try Self.snapshot(workspace)
            #expect(after == torn, "`\(name)` changed the workspace: \(Self.difference(torn, after))")
        }
        let session = try await MCPClient.session(
            [MCPClient.call("registry_summary"), MCPClient.call("graph"), MCPClient.call("validate")], workspace: workspace)
        for (index, answer) in session.enumerated() {
            let text = try ToolAnswer(answer).texts.joined()
            #expect(try ToolAnswer(answer).isError == false && text.contains("left half-written as finished"), "\(text)")
            #expect(index == 2 || text.contains(service), "\(text)")
        }
        #expect(try Self.snapshot(workspace) == torn, "`infractl mcp` changed the workspace")

        // The next writer finishes the change; the exact reports are what the readers said.
        let finished = try EditSession(workspace: Workspace(root: workspace, files: DiskFileSource(root: workspace))).finishPending()
        guard case .rolledForward = finished else { throw CrashPoint.Failure(description: "nothing was pending: \(finished)") }
        for reader in readers where exact.contains(reader[0]) {
            let result = try await CLI.run(reader + ["--workspace", workspace])
            #expect(result.status == seen[reader]?.status, "\(reader)")
            #expect(result.stdout == seen[reader]?.stdout, "`\(reader.joined(separator: " "))` read the pending change otherwise than the finished one")
        }
    }

    /// A copy of `base` in `folder` where `arguments` (the workspace appended) was killed between
    /// two of its renames: the journal committed, at least one file replaced and one not.
    static func killedBetweenRenames(_ arguments: [String], copying base: String, into folder: String) throws -> String {
        let counted = folder + "-count"
        try FileManager.default.copyItem(atPath: base, toPath: counted)
        let (steps, whole) = try CrashPoint.steps(of: arguments + [counted])
        guard whole.status == 0 else { throw CrashPoint.Failure(description: "the writer failed: \(whole.stderr)") }
        for step in 1...steps {
            try? FileManager.default.removeItem(atPath: folder)
            try FileManager.default.copyItem(atPath: base, toPath: folder)
            try CrashPoint.run(arguments + [folder], killedAt: step)
            guard let pending = try ChangeJournal(root: folder).pending() else { continue }
            let left = pending.contents.count + pending.removals.count
            if left > 0 && left < pending.paths.count { return folder }
        }
        throw CrashPoint.Failure(description: "no step of \(steps) left the change half-renamed")
    }

    /// Twenty dry runs beside twenty allocations into the same range: every dry run reads a
    /// whole state (its port is the lowest free one after some number of whole allocations,
    /// and its change passes validation), and the twenty allocations land with distinct ports.
    @Test func dryRunsBesideAllocationsReadWholeStates() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        // A range away from the example's ports (which other tests hold on this host) and below
        // the ephemeral ports that published container ports come from.
        let registryPath = workspace + "/.dev/infra/registry.yml"
        let registry = try String(contentsOfFile: registryPath, encoding: .utf8)
        try registry.replacingOccurrences(of: "atlas:   { ports: 7000-7999,", with: "atlas:   { ports: 21300-21399,")
            .write(toFile: registryPath, atomically: true, encoding: .utf8)
        let results = try await onOwnThread { () -> [(dryRun: Bool, result: CLI.Result)] in
            let box = ResultBox()
            DispatchQueue.concurrentPerform(iterations: 40) { index in
                let dryRun = index % 2 == 0
                let arguments = dryRun
                    ? ["add-service", "atlas-dry", "--app", "atlas", "--type", "api", "--internal-port", "8000", "--dry-run", "--format", "json"]
                    : ["ports", "allocate", "--app", "atlas", "--service", "atlas-alloc-\(index)", "--format", "json"]
                do {
                    box.add(dryRun, try CLI.runBlocking(arguments + ["--workspace", workspace]))
                } catch {
                    box.add(dryRun, CLI.Result(status: -1, stdout: "", stderr: "\(error)"))
                }
            }
            return box.results
        }
        #expect(results.count == 40)
        var allocated: [Int] = []
        var proposed: [Int] = []
        for (dryRun, result) in results {
            #expect(result.status == 0, "\(dryRun ? "dry run" : "allocation") failed: \(result.stderr)")
            guard let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                  let port = object["port"] as? Int else {
                Issue.record("no port in \(result.stdout)")
                continue
            }
            if dryRun { proposed.append(port) } else { allocated.append(port) }
        }
        #expect(allocated.count == 20)
        #expect(Set(allocated).count == 20, "ports allocated twice: \(allocated.sorted())")
        let final = try WorkspaceLoader(workspace: Workspace(root: workspace, files: DiskFileSource(root: workspace))).load(traefik: false)
        let landed = final.registry.allocations.filter { $0.service.hasPrefix("atlas-alloc-") }.map(\.port)
        #expect(landed.sorted() == allocated.sorted(), "every allocation is in the registry")
        // The states a dry run may see: k whole allocations (the lowest free ports, in order),
        // where its port is the k+1-th lowest free one.
        let sorted = allocated.sorted()
        let possible = Set(sorted + [(sorted.last ?? 21299) + 1])
        for port in proposed {
            #expect(possible.contains(port), "dry run proposed \(port), the lowest free port of no whole state; allocations: \(sorted)")
        }
        print("dry runs proposed \(proposed.sorted()) beside allocations \(sorted)")
        #expect(!FileManager.default.fileExists(atPath: workspace + "/" + ChangeJournal.path))
    }
}

/// Results gathered by concurrent threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [(dryRun: Bool, result: CLI.Result)] = []

    func add(_ dryRun: Bool, _ result: CLI.Result) { lock.withLock { stored.append((dryRun, result)) } }

    var results: [(dryRun: Bool, result: CLI.Result)] { lock.withLock { stored } }
}
