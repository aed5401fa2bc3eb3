import Dispatch
import Foundation

/// Runs the `docker` command-line tool: `infractl up` and `down` use the real `docker compose`
/// so that compose files mean exactly what they mean to Compose. Tests of the executor may
/// supply their own.
public protocol ComposeRunner: Sendable {
    /// `docker compose version --short`; throws `StartupError.composeUnavailable` when there
    /// is no `docker` or no Compose plugin.
    func composeVersion() async throws -> String
    /// `docker ARGUMENTS…` to completion.
    func run(_ arguments: [String]) async throws -> ProcessOutput
}

extension ComposeRunner {
    /// Runs `step`'s command (`docker ARGUMENTS…`, or `arguments` when the command runs
    /// otherwise than it is shown) and records in the step whether it succeeded, a failure's
    /// exit status with the last 20 lines of its output, and how long it took.
    func perform(_ step: StartupStep, arguments: [String]? = nil) async -> StartupStep {
        var step = step
        let start = ContinuousClock.now
        do {
            let output = try await run(arguments ?? step.command?.arguments ?? [])
            step.succeeded = output.status == 0
            if !step.succeeded {
                let text = (output.stderr + "\n" + output.stdout).trimmingCharacters(in: .whitespacesAndNewlines)
                let last = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
                step.detail = "exit status \(output.status)" + (text.isEmpty ? "" : ": " + last)
            }
        } catch {
            step.succeeded = false
            step.detail = "could not run docker: \(error)"
        }
        step.duration = ContinuousClock.now - start
        return step
    }
}

/// What a finished program wrote and its exit status.
public struct ProcessOutput: Sendable, Hashable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// The `docker` executable found on `PATH`, run with an argument list as a child process; the
/// waiting happens on a Dispatch thread, never on Swift's cooperative pool.
public struct DockerCLI: ComposeRunner {
    /// The environment the child gets (`DOCKER_HOST` selects the same engine as infractl's).
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The first executable `docker` on `PATH`.
    public var executable: String? {
        (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/docker" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public func composeVersion() async throws -> String {
        guard executable != nil else {
            throw StartupError.composeUnavailable("no `docker` executable on PATH (install Docker's CLI and the Compose plugin)")
        }
        let output = try await run(["compose", "version", "--short"])
        guard output.status == 0 else {
            let reason = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw StartupError.composeUnavailable("`docker compose version` failed (is the Compose v2 plugin installed?): \(reason)")
        }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func run(_ arguments: [String]) async throws -> ProcessOutput {
        guard let executable else { throw StartupError.composeUnavailable("no `docker` executable on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return await Blocking.run {
            // Both pipes are drained at once: a child that fills one while we wait on the other
            // would never exit.
            let group = DispatchGroup()
            let outBox = DataBox(), errBox = DataBox()
            DispatchQueue.global().async(group: group) { outBox.data = out.fileHandleForReading.readDataToEndOfFile() }
            DispatchQueue.global().async(group: group) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
            group.wait()
            process.waitUntilExit()
            return ProcessOutput(
                status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                stderr: String(decoding: errBox.data, as: UTF8.self))
        }
    }

    /// Bytes one reader thread fills and the waiting thread reads after `group.wait()`.
    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }
}

/// Why `up` or `down` could not run at all (exit 2).
public enum StartupError: InfraError, Sendable, CustomStringConvertible {
    /// `docker` or its Compose plugin is missing.
    case composeUnavailable(String)
    /// `--target swarm` on an engine that manages no swarm.
    case swarmUnavailable(String)

    public var description: String {
        switch self {
        case .composeUnavailable(let reason), .swarmUnavailable(let reason): reason
        }
    }

    public var code: String {
        switch self {
        case .composeUnavailable: "startup.compose-unavailable"
        case .swarmUnavailable: "startup.swarm-unavailable"
        }
    }

    public var errorDescription: String? { description }
}
