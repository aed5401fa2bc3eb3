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
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let group = DispatchGroup()
                nonisolated(unsafe) var outData = Data(), errData = Data()
                DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
                DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
                group.wait()
                process.waitUntilExit()
                continuation.resume(returning: Result(
                    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                    stderr: String(decoding: errData, as: UTF8.self)))
            }
        }
    }

    /// `docker ARGS…`.
    @discardableResult
    static func docker(_ arguments: [String]) async throws -> Result {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), ["docker"] + arguments)
    }

    /// The built `infractl` with `arguments`, colours off.
    static func infractl(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        return try await run(CLI.executable, arguments, environment: env)
    }
}
