import Foundation
import Testing

/// Kills `infractl` at a chosen step of its write: `crashpoint.c`, preloaded, counts the
/// file-system calls of the thread that writes from the journal's creation on, and sends
/// SIGKILL on entering the N-th. Killing before each step in turn reaches every state a crash
/// can leave on disk, which random kill times (mostly landing while the files are read) do not.
enum CrashPoint {
    /// The preload library, compiled once per test process with the toolchain's clang.
    static let library: Result<String, Error> = Result {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("crashpoint.c").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("infractl-crashpoint-\(getpid()).so").path
        let clang = try AsyncProcess.runBlocking(
            URL(fileURLWithPath: "/usr/bin/env"), ["clang", "-shared", "-fPIC", "-O1", "-o", output, source, "-ldl"])
        guard clang.status == 0 else { throw Failure(description: "clang could not build crashpoint.c: \(clang.stderr)") }
        return output
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// How many steps a whole run of `arguments` takes; the run's result too.
    static func steps(of arguments: [String]) throws -> (steps: Int, result: CLI.Result) {
        let countFile = FileManager.default.temporaryDirectory.appendingPathComponent("infractl-crashpoint-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: countFile) }
        let result = try run(arguments, ["INFRACTL_CRASH_COUNT": countFile])
        let text = (try? String(contentsOfFile: countFile, encoding: .utf8)) ?? ""
        guard let steps = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "no step count from `infractl \(arguments.joined(separator: " "))`: \(result.stderr)")
        }
        return (steps, result)
    }

    /// Runs `arguments` killed on entering step `step` (1-based); whether it was killed (a
    /// step past the run's last lets it finish).
    @discardableResult
    static func run(_ arguments: [String], killedAt step: Int) throws -> Bool {
        try run(arguments, ["INFRACTL_CRASH_AT": String(step)]).status == SIGKILL
    }

    private static func run(_ arguments: [String], _ environment: [String: String]) throws -> CLI.Result {
        let environment = AsyncProcess.infractlEnvironment(environment.merging(["LD_PRELOAD": try library.get()]) { $1 })
        return CLI.Result(try AsyncProcess.runBlocking(CLI.executable, arguments, environment: environment))
    }
}

/// Starts `infractl` with `arguments` (output discarded), kills it with SIGKILL after `delay`
/// milliseconds, and reaps it: the exit status when it finished first, nil when it was killed.
/// The crash tests' random moments.
/// posix_spawn and waitpid keep the pid ours until it is reaped, so the kill can never reach
/// another process.
func spawnAndKill(_ arguments: [String], afterMilliseconds delay: Int) -> Int32? {
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
    usleep(useconds_t(delay * 1000))
    if waitpid(pid, &status, WNOHANG) == pid { return status }
    kill(pid, SIGKILL)
    waitpid(pid, &status, 0)
    return (status & 0x7F) == SIGKILL ? nil : status
}
