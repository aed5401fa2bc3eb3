import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One scenario's world on the real Docker engine: a workspace in a scratch folder, a shared
/// network and compose projects named after a unique id, and everything removed afterwards.
final class EngineLab: @unchecked Sendable {
    static let image = Prerequisite.testImage

    /// `ixd-<scenario>-<6 hex>`: the prefix of every name this lab creates.
    let id: String
    /// The external network the lab's registry calls shared.
    let network: String
    private let scratch: Scratch
    private let lock = NSLock()
    private var composeFiles: [String] = []
    private var containers: [String] = []

    var root: String { scratch.path }

    private init(scenario: String) throws {
        id = "ixd-\(scenario)-\(UUID().uuidString.prefix(6).lowercased())"
        network = "\(id)-net"
        scratch = try Scratch()
    }

    /// Runs `body` with a fresh lab and always tears it down. Without an engine, the test image
    /// or Docker Compose the test fails: tests that use a lab carry `.requires(.dockerEngine)`
    /// and `.requires(.dockerCompose)`, so outside CI they are skipped instead.
    static func run(
        _ scenario: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: (EngineLab) async throws -> Void
    ) async throws {
        try Prerequisite.dockerEngine.require(sourceLocation: sourceLocation)
        try Prerequisite.dockerCompose.require(sourceLocation: sourceLocation)
        let lab = try EngineLab(scenario: scenario)
        do {
            try await body(lab)
        } catch {
            await lab.tearDown()
            throw error
        }
        await lab.tearDown()
    }

    func write(_ path: String, _ text: String) throws { try scratch.write(path, text) }

    /// The 1-based line of the first line of `path` that contains `needle`.
    func line(of needle: String, in path: String) throws -> Int {
        let text = try scratch.read(path)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(needle) }, "no \(needle) in \(path)") + 1
    }

    func createNetwork() async throws {
        let result = try await AsyncProcess.docker(["network", "create", network])
        try #require(result.status == 0, "docker network create failed: \(result.stderr)")
    }

    /// `docker compose -f <file> up -d [services]`; the file's top-level `name` names the project.
    @discardableResult
    func up(_ file: String, _ services: [String] = [], allowFailure: Bool = false) async throws -> AsyncProcess.Result {
        lock.withLock { if !composeFiles.contains(file) { composeFiles.append(file) } }
        let result = try await AsyncProcess.docker(["compose", "-f", "\(root)/\(file)", "up", "-d"] + services)
        if !allowFailure { try #require(result.status == 0, "docker compose up failed: \(result.stderr)") }
        return result
    }

    /// Takes down the compose project of `file` at tear-down (for projects a test starts
    /// through infractl rather than `up`).
    func adopt(composeFile file: String) {
        lock.withLock { if !composeFiles.contains(file) { composeFiles.append(file) } }
    }

    /// `docker run -d --name <name> ARGS…`, removed at tear-down.
    func runContainer(_ name: String, _ arguments: [String]) async throws {
        lock.withLock { containers.append(name) }
        let result = try await AsyncProcess.docker(["run", "-d", "--init", "--name", name] + arguments)
        try #require(result.status == 0, "docker run failed: \(result.stderr)")
    }

    /// `docker inspect --format FORMAT name`, trimmed; empty when it fails.
    func inspect(_ name: String, _ format: String) async throws -> String {
        let result = try await AsyncProcess.docker(["inspect", "--format", format, name])
        return result.status == 0 ? result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : ""
    }

    /// Polls `condition` every 250 ms until it holds, failing after `timeout` with what
    /// `evidence` then reads (a container's state, say), so a failure in CI explains itself.
    func waitUntil(
        _ what: String, timeout: Duration = .seconds(40),
        evidence: () async -> String = { "" },
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        let seen = await evidence()
        Issue.record("timed out waiting until \(what)\(seen.isEmpty ? "" : "; seen: \(seen)")")
        throw CancellationError()
    }

    /// `infractl diagnose --workspace <root> --format json ARGS…`, decoded.
    func diagnose(_ arguments: [String] = []) async throws -> (status: Int32, output: DiagnoseOutput, stderr: String) {
        let result = try await AsyncProcess.infractl(["diagnose", "--workspace", root, "--format", "json"] + arguments)
        let output = try JSONDecoder().decode(DiagnoseOutput.self, from: Data(result.stdout.utf8))
        return (result.status, output, result.stderr)
    }

    func tearDown() async {
        let (files, names) = lock.withLock { (composeFiles, containers) }
        for file in files.reversed() {
            _ = try? await AsyncProcess.docker(["compose", "-f", "\(root)/\(file)", "down", "-v", "-t", "0", "--remove-orphans"])
        }
        if !names.isEmpty { _ = try? await AsyncProcess.docker(["rm", "-f", "-v"] + names) }
        _ = try? await AsyncProcess.docker(["network", "rm", network])
    }

    /// A TCP port nobody listens on right now (the kernel picks it).
    static func freePort() throws -> Int {
        let socket = try ListeningSocket()
        defer { socket.close() }
        return socket.port
    }
}

/// A listening TCP socket on 0.0.0.0 and a port the kernel picks: "a plain process" holding a
/// port, as far as `/proc/net/tcp` can tell.
final class ListeningSocket: @unchecked Sendable {
    let port: Int
    private var descriptor: Int32

    init() throws {
        #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)  // not inherited by the infractl processes tests start
        #endif
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr = in_addr(s_addr: INADDR_ANY)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, listen(fd, 8) == 0, named == 0 else {
            Self.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    private static func close(_ fd: Int32) {
        #if canImport(Darwin)
        _ = Darwin.close(fd)
        #else
        _ = Glibc.close(fd)
        #endif
    }

    func close() {
        if descriptor >= 0 {
            Self.close(descriptor)
            descriptor = -1
        }
    }

    deinit { close() }
}

/// The JSON `infractl diagnose --format json` prints.
struct DiagnoseOutput: Decodable {
    struct Finding: Decodable {
        struct Fix: Decodable {
            var file: String?
            var line: Int?
            var replace: String?
            var explanation: String
        }

        var rule: String
        var severity: String
        var message: String
        var file: String?
        var line: Int?
        var service: String?
        var port: Int?
        var evidence: [String]
        var fix: Fix?
        var verify: [String]
    }

    struct Service: Decodable {
        var name: String
        var state: String
        var summary: String
        var status: String
    }

    var command: String
    var result: String
    var findings: [Finding]
    var services: [Service]
    var root_causes: [Int]

    /// The findings about one service (or container), in report order.
    func findings(of service: String) -> [Finding] { findings.filter { $0.service == service } }

    /// Whether the finding at `index` is a root cause.
    func isRoot(_ finding: Finding) -> Bool {
        guard let index = findings.firstIndex(where: { $0.rule == finding.rule && $0.message == finding.message }) else { return false }
        return root_causes.contains(index)
    }
}
