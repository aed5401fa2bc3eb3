import Foundation
import InfraCore
import Testing

@Suite("infractl add-service and remove-service")
struct ServiceCommandTests {
    /// SHA-256 of every file of a workspace (the lock file aside), by path.
    static func hashes(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  path != WorkspaceLock.path else { continue }
            result[path] = SHA256.hex(Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))))
        }
        return result
    }

    @Test func addedServicePassesValidate() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let add = try await CLI.run([
            "add-service", "atlas-api", "--app", "atlas", "--type", "api", "--internal-port", "8000",
            "--depends-on", "forge-postgres,forge-redis", "--domain", "atlas.axiom.local", "--workspace", workspace, "--format", "json",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(add.stdout.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "add-service")
        // Atlas's lowest free port: 7000, unless a parallel test holds it on this host.
        let port = try #require(object["port"] as? Int)
        #expect((7000...7999).contains(port))
        #expect(object["files"] as? [String] == [
            ".dev/infra/registry.yml", "apps/atlas/docker-compose.dev.yml", "apps/atlas/.env", ".dev/infra/infrastructure.md",
            ".dev/infra/CHANGELOG.md",
        ])
        let validate = try await CLI.run(["validate", "--workspace", workspace, "--strict"])
        #expect(validate.status == 0, "\(validate.stdout)")
        #expect(validate.stdout.contains("### Validation Result: PASS ✅"))
        #expect(try scratch.read("ax/apps/atlas/docker-compose.dev.yml").contains("      DATABASE_URL: postgresql://axiom:${POSTGRES_PASSWORD}@forge-postgres:5432/atlas\n"))

        let remove = try await CLI.run(["remove-service", "atlas-api", "--workspace", workspace, "--format", "text"])
        #expect(remove.status == 0, "\(remove.stderr)")
        #expect(remove.stdout.hasPrefix("Removed atlas-api from atlas, releasing port \(port)."))
        #expect(try await CLI.run(["validate", "--workspace", workspace, "--strict"]).status == 0)
    }

    @Test func dryRunPrintsTheDiffAndWritesNothing() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let before = try Self.hashes(workspace)
        let result = try await CLI.run([
            "add-service", "prism-worker", "--app", "prism", "--type", "worker", "--internal-port", "9000",
            "--depends-on", "prism-backend", "--depends-on", "forge-redis", "--workspace", workspace, "--dry-run",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("--- a/.dev/infra/registry.yml\n+++ b/.dev/infra/registry.yml\n@@ "))
        #expect(result.stdout.contains("--- a/apps/prism/docker-compose.dev.yml\n+++ b/apps/prism/docker-compose.dev.yml\n"))
        #expect(result.stdout.contains("+      - name: prism-worker\n"))
        #expect(result.stdout.contains("+| prism-worker | prism | worker | 6002 |"))
        // Beside the diff, the Impact section: what it needs first, how to take it back.
        #expect(result.stdout.contains("Its dependencies run first: prism-backend (tier 5), forge-redis (tier 1) (infractl up forge)."))
        #expect(result.stdout.contains("infractl undo (the add-service change; infractl history gives its id)"))
        #expect(result.stdout.contains("infractl health prism-worker"))
        #expect(result.stdout.contains(".dev/infra/CHANGELOG.md: an ### Added entry"))
        #expect(result.stderr.isEmpty)
        let json = try await CLI.run([
            "add-service", "prism-worker", "--app", "prism", "--type", "worker", "--internal-port", "9000",
            "--workspace", workspace, "--dry-run", "--format", "json",
        ])
        let impact = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])["impact"] as? [String: Any]
        #expect(impact?["change"] as? String == "add")
        #expect(impact?["target"] as? [String] == ["prism-worker"])
        #expect((impact?["plan"] as? [String: Any])?["rollback"] as? [String] == ["infractl undo (the add-service change; `infractl history` gives its id)", "infractl up prism"])
        #expect(try Self.hashes(workspace) == before)
        let markdown = try await CLI.run(["remove-service", "prism-frontend", "--workspace", workspace, "--dry-run", "--format", "markdown"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("```diff\n--- a/.dev/infra/registry.yml"))
        #expect(try Self.hashes(workspace) == before)
    }

    /// Bad input: a message that says what is wrong, exit 2, and not one byte changed.
    @Test(arguments: [
        (["add-service", "x-api", "--app", "atlsa", "--type", "api", "--internal-port", "80"], "unknown app 'atlsa' (did you mean 'atlas'?)"),
        (["add-service", "x-api", "--app", "atlas", "--type", "daemon", "--internal-port", "80"], "unknown service type 'daemon'"),
        (["add-service", "nexus-api", "--app", "nexus", "--type", "api", "--internal-port", "80"], "service name nexus-api is taken"),
        (["add-service", "x-api", "--app", "atlas", "--type", "api", "--internal-port", "80", "--depends-on", "forge-postgres,forge-mongo"], "unknown dependency 'forge-mongo'"),
        (["add-service", "x-api", "--app", "tiny", "--type", "api", "--internal-port", "80"], "app tiny has no free port left in 3998-3999"),
        (["add-service", "x-api", "--app", "atlas", "--type", "api"], "Missing expected argument '--internal-port <internal-port>'"),
        (["remove-service", "nexus-apii"], "unknown service 'nexus-apii' (did you mean 'nexus-api'?)"),
        (["remove-service", "forge-redis"], "still depend on forge-redis"),
    ] as [([String], String)])
    func badInputExitsTwoAndChangesNothing(_ arguments: [String], _ message: String) async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        // An app whose two ports are both taken (3998 by the registry, 3999 by a compose file).
        let registry = try scratch.read("ax/.dev/infra/registry.yml")
            .replacingOccurrences(of: "  atlas:   { ports: 7000-7999,", with: "  tiny:    { ports: 3998-3999 }\n  atlas:   { ports: 7000-7999,")
            .replacingOccurrences(of: "    # --- SYNAPSE (4000-4999)", with: "    3998: { service: tiny-a, app: tiny }\n\n    # --- SYNAPSE (4000-4999)")
        try scratch.write("ax/.dev/infra/registry.yml", registry)
        try scratch.write("ax/forge/docker-compose.yml", try scratch.read("ax/forge/docker-compose.yml").replacingOccurrences(of: "\"3100:3100\"", with: "\"3100:3100\"\n      - \"3999:3101\""))
        let before = try Self.hashes(workspace)
        let result = try await CLI.run(arguments + ["--workspace", workspace])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try Self.hashes(workspace) == before)
    }

    /// The acceptance test of issue 6: `add-service` runs killed with SIGKILL at random moments
    /// never leave a truncated file or a half-applied change once the next writer has run;
    /// every service is either entirely there (registry, allocation, compose, inventory,
    /// changelog) or entirely absent, and nothing added before is lost.
    @Test func killedRunsNeverLeaveAHalfAppliedChange() async throws {
        // Minutes of waiting on processes: on a thread of its own, not Swift Concurrency's
        // few cooperative threads, which the other tests need meanwhile.
        let (log, validations, expected) = try await onOwnThread { try Self.killRuns() }
        #expect(log.failures.isEmpty, "\(log.failures.joined(separator: "\n"))")
        #expect(log.runs == expected)
        #expect(log.present > 0 && log.absent > 0, "\(log.summary)")
        for validate in validations {
            #expect(validate.status == 0, "\(validate.stdout)")
        }
    }

    /// The killed runs, and `validate` of each workspace afterwards.
    static func killRuns() throws -> (log: KillLog, validations: [CLI.Result], runs: Int) {
        let chains = 4, runsPerChain = 50
        let scratch = try Scratch()
        let workspaces = try (0..<chains).map { try scratch.axiomBlocking("kill\($0)") }
        // How long one run takes here with as many running at once, so that kills land anywhere in it.
        let calibrations = try (0..<chains).map { try scratch.axiomBlocking("calibration\($0)") }
        let durations = Durations()
        DispatchQueue.concurrentPerform(iterations: chains) { chain in
            let timer = Date()
            _ = spawnAndKill(
                ["add-service", "calibrate", "--app", "atlas", "--type", "api", "--internal-port", "8000",
                 "--depends-on", "forge-postgres,forge-redis", "--workspace", calibrations[chain]],
                afterMilliseconds: nil)
            durations.add(Date().timeIntervalSince(timer))
        }
        let maximumDelay = max(Int(durations.median * 1000 * 1.3), 50)
        let log = KillLog()
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: chains) { chain in
            var present: [String] = []
            for run in 0..<runsPerChain {
                let name = String(format: "k%d-svc-%03d", chain, run)
                let app = ["atlas", "prism", "nexus"][run % 3]
                let delay = Int.random(in: 0...maximumDelay)
                let status = spawnAndKill(
                    ["add-service", name, "--app", app, "--type", "api", "--internal-port", "8000",
                     "--depends-on", "forge-postgres,forge-redis", "--workspace", workspaces[chain]],
                    afterMilliseconds: delay)
                do {
                    // A reader reads whatever was left (a pending change as finished) and leaves it;
                    // the next writer, here an empty change, finishes or discards it.
                    let read = try CLI.runBlocking(["ports", "list", "--workspace", workspaces[chain], "--format", "json"])
                    guard read.status == 0 else {
                        log.fail("\(name): ports list failed: \(read.stderr)")
                        continue
                    }
                    let root = workspaces[chain]
                    let recovery = try EditSession(workspace: Workspace(root: root, files: DiskFileSource(root: root)))
                        .perform(validate: false) { _, _ in ((), ChangeSet()) }.recovery
                    let outcome = try check(root, service: name, stillThere: present)
                    if outcome { present.append(name) }
                    let note = switch recovery {
                    case .rolledForward: "finished a change"
                    case .rolledBack: "discarded a change"
                    case .none, .pending: ""
                    }
                    log.record(present: outcome, killed: status == nil, note: note)
                } catch {
                    log.fail("\(name): \(error)")
                }
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        print("\(chains * runsPerChain) killed add-service runs in \(String(format: "%.1f", elapsed)) s (kills at 0-\(maximumDelay) ms): \(log.summary)")
        let validations = try workspaces.map { try CLI.runBlocking(["validate", "--workspace", $0, "--strict", "--format", "text"]) }
        return (log, validations, chains * runsPerChain)
    }

    /// Whether `service` is entirely present (true) or entirely absent (false) in a workspace
    /// whose every file must load; throws when it is half there, or when a service added
    /// before is gone or a journal or temporary file is left.
    static func check(_ root: String, service: String, stillThere earlier: [String]) throws -> Bool {
        struct Inconsistent: Error, CustomStringConvertible { var description: String }
        let workspace = Workspace(root: root, files: DiskFileSource(root: root))
        let context: ValidationContext
        do {
            context = try WorkspaceLoader(workspace: workspace).load(traefik: false)
        } catch {
            throw Inconsistent(description: "a file does not load: \(error.description)")
        }
        if FileManager.default.fileExists(atPath: root + "/" + ChangeJournal.path) {
            throw Inconsistent(description: "the journal is still there")
        }
        let leftovers = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".tmp") }
        if !leftovers.isEmpty { throw Inconsistent(description: "temporary files left: \(leftovers)") }
        let inventory = ServiceInventory.parse(context.infrastructureDocument ?? "")
        let changelog = try String(contentsOfFile: root + "/" + AddService.changelog, encoding: .utf8)
        func places(_ name: String) -> [String: Bool] {
            [
                "registry service": context.registry.service(named: name) != nil,
                "allocation": context.registry.allocations.contains { $0.service == name },
                "compose service": context.entries.contains { ValidationContext.platformName(of: $0.service) == name },
                "inventory row": inventory?.row(for: name) != nil,
                "changelog entry": changelog.contains(": \(name) ("),
            ]
        }
        for name in earlier where places(name).values.contains(false) {
            throw Inconsistent(description: "\(name), added before, is now partly gone: \(places(name))")
        }
        let found = places(service)
        guard Set(found.values).count == 1, let present = found.values.first else {
            throw Inconsistent(description: "\(service) is half there: \(found)")
        }
        return present
    }
}

/// Runs blocking `body` on a new thread and waits for it without holding a cooperative thread.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// Starts `infractl` with `arguments` (output discarded), kills it with SIGKILL after `delay`
/// milliseconds, and reaps it: the exit status when it finished first, nil when it was killed.
/// posix_spawn and waitpid keep the pid ours until it is reaped, so the kill can never reach
/// another process.
func spawnAndKill(_ arguments: [String], afterMilliseconds delay: Int?) -> Int32? {
    let path = CLI.executable.path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    guard let delay else {
        waitpid(pid, &status, 0)
        return status
    }
    usleep(useconds_t(delay * 1000))
    if waitpid(pid, &status, WNOHANG) == pid { return status }
    kill(pid, SIGKILL)
    waitpid(pid, &status, 0)
    return (status & 0x7F) == SIGKILL ? nil : status
}

/// Durations measured by concurrent threads.
final class Durations: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [TimeInterval] = []

    func add(_ value: TimeInterval) { lock.withLock { values.append(value) } }

    var median: TimeInterval { lock.withLock { values.sorted()[values.count / 2] } }
}

/// What the killed runs came to, shared by the concurrent chains.
final class KillLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var runs = 0
    private(set) var present = 0
    private(set) var absent = 0
    private(set) var killed = 0
    private(set) var rolledForward = 0
    private(set) var rolledBack = 0
    private(set) var failures: [String] = []

    func record(present isPresent: Bool, killed wasKilled: Bool, note: String) {
        lock.withLock {
            runs += 1
            if isPresent { present += 1 } else { absent += 1 }
            if wasKilled { killed += 1 }
            if note.contains("finished a change") { rolledForward += 1 }
            if note.contains("discarded a change") { rolledBack += 1 }
        }
    }

    func fail(_ message: String) { lock.withLock { runs += 1; failures.append(message) } }

    var summary: String {
        lock.withLock {
            "\(runs) runs, \(killed) killed, \(present) services complete, \(absent) absent, journals rolled forward \(rolledForward), rolled back \(rolledBack), \(failures.count) failures"
        }
    }
}
