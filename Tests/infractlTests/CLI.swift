import Foundation
import Testing

/// Runs the built `infractl` executable the way a user does, capturing what it prints.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable SwiftPM built next to the test bundle.
    static var executable: URL {
        let products = Bundle.main.bundleURL.lastPathComponent.hasSuffix(".xctest")
            ? Bundle.main.bundleURL.deletingLastPathComponent() : Bundle.main.bundleURL
        return products.appendingPathComponent("infractl")
    }

    /// Runs it without holding a thread of Swift's cooperative pool while it runs (see
    /// `AsyncProcess`): with two cores, tests waiting synchronously starved the others.
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) async throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        let result = try await AsyncProcess.run(executable, arguments, environment: env, directory: directory)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// The same, waiting on the calling thread: only for Dispatch threads (a test's own
    /// `concurrentPerform`), never from a task.
    @discardableResult
    static func runBlocking(_ arguments: [String], in directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs so a large report cannot fill a pipe and block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A folder under the system's temporary directory, removed when the value is released.
final class Scratch: @unchecked Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("infractl-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    /// Writes the AXIOM example into a subfolder and returns its path.
    func axiom(_ name: String = "ax") async throws -> String {
        let result = try await CLI.run(["init", "--example", "axiom", name], in: path)
        #expect(result.status == 0, "init failed: \(result.stderr)")
        return path + "/" + name
    }

    /// `axiom` for Dispatch threads.
    func axiomBlocking(_ name: String = "ax") throws -> String {
        let result = try CLI.runBlocking(["init", "--example", "axiom", name], in: path)
        #expect(result.status == 0, "init failed: \(result.stderr)")
        return path + "/" + name
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
