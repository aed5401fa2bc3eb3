import Foundation
@testable import InfraCore
import Testing

/// Issue 23's crash test. Every writer is killed before each file-system call of its write in
/// turn (`CrashPoint`: every state a crash can leave on disk), plus `INFRACTL_CRASH_RANDOM`
/// kills at random moments each when asked. After each kill a reader must read the state
/// before or the state after the change, writing nothing; then the next writer recovers, and the
/// tree must be byte for byte one of the two, with no journal or temporary file left and
/// `validate` clean. The counts of whole, none and torn are printed for the CI log.
@Suite("Killed writers leave all or nothing")
struct CrashTests {
    /// A command that writes, and what runs on the example workspace before it.
    struct Writer: Sendable, CustomTestStringConvertible {
        var name: String
        /// Commands run first, in order, each with `--workspace` appended.
        var setup: [[String]] = []
        /// The writer's arguments; `{port}` stands for the `port` of the last setup's JSON output.
        var arguments: [String]

        var testDescription: String { name }
    }

    static let writers: [Writer] = [
        Writer(name: "ports allocate", arguments: ["ports", "allocate", "--app", "atlas", "--service", "atlas-crash"]),
        Writer(
            name: "ports release", setup: [["ports", "allocate", "--app", "atlas", "--service", "atlas-crash", "--format", "json"]],
            arguments: ["ports", "release", "{port}"]),
        Writer(
            name: "add-service",
            arguments: ["add-service", "atlas-crash", "--app", "atlas", "--type", "api", "--internal-port", "8000", "--depends-on", "forge-postgres,forge-redis"]),
        Writer(name: "remove-service", arguments: ["remove-service", "prism-frontend"]),
        Writer(
            name: "undo", setup: [["add-service", "atlas-crash", "--app", "atlas", "--type", "api", "--internal-port", "8000"]],
            arguments: ["undo"]),
    ]

    /// Kills at random moments per writer on top of the one before each step (default none).
    static let randomKills = Int(ProcessInfo.processInfo.environment["INFRACTL_CRASH_RANDOM"] ?? "") ?? 0

    @Test(arguments: writers) func aKilledWriterLeavesAllOrNothing(_ writer: Writer) async throws {
        let tally = try await onOwnThread { try Self.crash(writer) }
        print("crash test: \(writer.name): \(tally.summary)")
        #expect(tally.failures.isEmpty, "\(tally.failures.joined(separator: "\n"))")
        #expect(tally.kills >= 50, "\(writer.name) was killed at \(tally.kills) moments only")
        #expect(tally.torn == 0 && tally.whole > 0 && tally.none > 0, "\(tally.summary)")
    }

    /// Kills `writer` at every step of its write (and at random moments), each in a fresh copy
    /// of the prepared workspace, and checks what every kill left.
    static func crash(_ writer: Writer) throws -> Tally {
        let scratch = try Scratch()
        let base = try scratch.axiomBlocking("base")
        // The allocator skips ports held on this host, and parallel tests hold ports of the
        // example's ranges: ATLAS moves to a range no test uses, so every run picks the same port.
        let registry = base + "/.dev/infra/registry.yml"
        let text = try String(contentsOfFile: registry, encoding: .utf8)
        guard text.contains("atlas:   { ports: 7000-7999,") else { throw CrashPoint.Failure(description: "the example's ATLAS range moved") }
        try text.replacingOccurrences(of: "atlas:   { ports: 7000-7999,", with: "atlas:   { ports: 21000-21999,")
            .write(toFile: registry, atomically: true, encoding: .utf8)
        var arguments = writer.arguments
        for command in writer.setup {
            let result = try CLI.runBlocking(command + ["--workspace", base])
            guard result.status == 0 else { throw CrashPoint.Failure(description: "setup `\(command)` failed: \(result.stderr)") }
            let port = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["port"] as? Int
            arguments = arguments.map { $0 == "{port}" ? port.map(String.init) ?? $0 : $0 }
        }
        // The state before and the state after, each validated once by the real command.
        let none = try State(base)
        let reference = scratch.path + "/whole"
        try FileManager.default.copyItem(atPath: base, toPath: reference)
        let timer = Date()
        let (steps, result) = try CrashPoint.steps(of: arguments + ["--workspace", reference])
        let duration = Date().timeIntervalSince(timer)
        guard result.status == 0 else { throw CrashPoint.Failure(description: "\(writer.name) failed: \(result.stderr)") }
        let whole = try State(reference)
        for root in [base, reference] {
            let validate = try CLI.runBlocking(["validate", "--workspace", root])
            guard validate.status == 0 else { throw CrashPoint.Failure(description: "validate fails on \(root): \(validate.stdout)") }
        }

        var tally = Tally()
        let run = scratch.path + "/run"
        let kills: [Int?] = Array(1...steps) + Array(repeating: nil, count: randomKills)
        for (index, step) in kills.enumerated() {
            try? FileManager.default.removeItem(atPath: run)
            try FileManager.default.copyItem(atPath: base, toPath: run)
            let moment: String
            if let step {
                moment = "step \(step) of \(steps)"
                try CrashPoint.run(arguments + ["--workspace", run], killedAt: step)
            } else {
                let delay = Int.random(in: 0...max(Int(duration * 1000 * 1.3), 50))
                moment = "random kill \(index - steps + 1) at \(delay) ms"
                _ = spawnAndKill(arguments + ["--workspace", run], afterMilliseconds: delay)
            }
            do {
                tally.record(try check(run, none: none, whole: whole))
            } catch {
                tally.fail("\(moment): \(error)")
            }
        }
        return tally
    }

    /// What a kill left in `root`: checked as a reader sees it, then after the next writer's recovery.
    static func check(_ root: String, none: State, whole: State) throws -> Tally.Outcome {
        let workspace = Workspace(root: root, files: DiskFileSource(root: root))
        let killed = try ReadOnlyCommandTests.snapshot(root)
        // A reader reads the whole change or none of it, and writes nothing.
        let paths = whole.changed(from: none)
        let (read, _) = try EditSession(workspace: workspace).reading { committed in try State(committed, paths: paths) }
        guard read.matches(none.restricted(to: paths)) || read.matches(whole.restricted(to: paths)) else {
            throw CrashPoint.Failure(description: "a reader read a torn state: \(read.difference(from: whole.restricted(to: paths)))")
        }
        let afterRead = try ReadOnlyCommandTests.snapshot(root)
        guard afterRead == killed else {
            throw CrashPoint.Failure(description: "the reader wrote: \(ReadOnlyCommandTests.difference(killed, afterRead))")
        }
        // The next writer (an empty change) finishes or discards what the kill left.
        _ = try EditSession(workspace: workspace).perform(validate: false) { _, _ in ((), ChangeSet()) }
        let recovered = try State(root)
        if let leftover = recovered.files.keys.first(where: { $0.hasSuffix(".tmp") || $0.hasPrefix(ChangeJournal.path) }) {
            throw CrashPoint.Failure(description: "\(leftover) is left after recovery")
        }
        guard try Validator(workspace: workspace).validate().passed() else {
            throw CrashPoint.Failure(description: "validate fails after recovery")
        }
        if recovered.matches(none) { return .none }
        if recovered.matches(whole) { return .whole }
        throw CrashPoint.Failure(description: "torn: \(recovered.difference(from: whole)); before the change: \(recovered.difference(from: none))")
    }

    /// A workspace's files byte for byte, less the lock file (which writers create and nothing
    /// removes). History records are compared without their id, time and `--workspace` path,
    /// which differ from run to run.
    struct State {
        var files: [String: Data]

        init(_ root: String) throws {
            var files: [String: Data] = [:]
            for case let (path, data?) in try ReadOnlyCommandTests.snapshot(root) where path != WorkspaceLock.path {
                files[path] = Self.isRecord(path) ? Self.normalizedRecord(data) : data
            }
            self.files = files
        }

        /// `paths` and the history records as `workspace` shows them.
        init(_ workspace: Workspace, paths: Set<String>) throws {
            var files: [String: Data] = [:]
            for path in paths {
                if let text = try workspace.files.text(of: path) { files[path] = Data(text.utf8) }
            }
            for path in workspace.files.files(under: HistoryStore.path) where Self.isRecord(path) {
                if let text = try workspace.files.text(of: path) { files[path] = Self.normalizedRecord(Data(text.utf8)) }
            }
            self.files = files
        }

        /// Only `paths` of the files, and the history records.
        func restricted(to paths: Set<String>) -> State {
            var copy = self
            copy.files = files.filter { paths.contains($0.key) || Self.isRecord($0.key) }
            return copy
        }

        static func isRecord(_ path: String) -> Bool { path.hasPrefix(HistoryStore.path + "/") && path.hasSuffix(".json") }

        /// A record without what differs between runs; records are then matched by contents.
        static func normalizedRecord(_ data: Data) -> Data {
            guard var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return data }
            object["id"] = nil
            object["time"] = nil
            if let command = object["command"] as? String {
                object["command"] = command.replacingOccurrences(of: #"--workspace \S+"#, with: "--workspace ROOT", options: .regularExpression)
            }
            return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? data
        }

        /// The files other than history records, and the records' contents as a multiset.
        private var plain: [String: Data] { files.filter { !Self.isRecord($0.key) } }
        private var records: [Data] { files.filter { Self.isRecord($0.key) }.map(\.value).sorted { $0.lexicographicallyPrecedes($1) } }

        func matches(_ other: State) -> Bool { plain == other.plain && records == other.records }

        /// The paths (history records aside) whose bytes differ between the two states.
        func changed(from other: State) -> Set<String> {
            Set(plain.keys).union(other.plain.keys).filter { plain[$0] != other.plain[$0] }
        }

        func difference(from other: State) -> String {
            let paths = changed(from: other).sorted()
            return "\(paths.isEmpty ? "same files" : "files differing: \(paths)"), \(records.count) records against \(other.records.count)"
        }
    }

    /// Counts of what the kills left.
    struct Tally: Sendable {
        enum Outcome: Sendable { case whole, none }

        private(set) var whole = 0, none = 0, failures: [String] = []
        /// Failures that were torn states (the rest are leftovers, failed validations, errors).
        var torn: Int { failures.filter { $0.contains("torn") }.count }
        var kills: Int { whole + none + failures.count }

        mutating func record(_ outcome: Outcome) {
            switch outcome {
            case .whole: whole += 1
            case .none: none += 1
            }
        }

        mutating func fail(_ message: String) { failures.append(message) }

        var summary: String {
            "\(kills) kills (one before each of its write's file-system calls\(CrashTests.randomKills > 0 ? ", \(CrashTests.randomKills) at random moments" : "")): whole \(whole), none \(none), torn \(torn)\(failures.count > torn ? ", other failures \(failures.count - torn)" : "")"
        }
    }
}
