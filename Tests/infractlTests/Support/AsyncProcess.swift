import Foundation

/// Runs a program with an argument list (no shell) without blocking a thread of Swift's
/// cooperative pool: the waiting happens on a Dispatch thread and the caller is resumed when
/// the program has exited and both pipes are drained.
enum AsyncProcess {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        standardInput: String? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result {
                    try runBlocking(executable, arguments, environment: environment, directory: directory, standardInput: standardInput)
                })
            }
        }
    }

    /// The same, waiting on the calling thread: only for Dispatch threads (a test's own
    /// `concurrentPerform`), never from a task. Standard input is the file `standardInput`, or
    /// empty.
    static func runBlocking(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        standardInput: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = try standardInput.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) } ?? FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs so a large output cannot fill a pipe and block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `docker ARGS…`.
    @discardableResult
    static func docker(_ arguments: [String]) async throws -> Result {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), ["docker"] + arguments)
    }

    /// The built `infractl` with `arguments`, colours off.
    static func infractl(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) async throws -> Result {
        try await run(CLI.executable, arguments, environment: infractlEnvironment(environment), directory: directory)
    }

    /// This process's environment with colours off and `overrides` applied.
    static func infractlEnvironment(_ overrides: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (key, value) in overrides { environment[key] = value }
        return environment
    }
}
