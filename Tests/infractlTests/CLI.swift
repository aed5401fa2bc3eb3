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
        Result(try await AsyncProcess.infractl(arguments, environment: environment, directory: directory))
    }

    /// The same, waiting on the calling thread: only for Dispatch threads, never from a task.
    @discardableResult
    static func runBlocking(_ arguments: [String], in directory: String? = nil) throws -> Result {
        Result(try AsyncProcess.runBlocking(executable, arguments, environment: AsyncProcess.infractlEnvironment(), directory: directory))
    }
}

extension CLI.Result {
    init(_ result: AsyncProcess.Result) {
        self.init(status: result.status, stdout: result.stdout, stderr: result.stderr)
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
