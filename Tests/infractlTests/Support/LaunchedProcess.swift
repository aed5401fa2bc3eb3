import Foundation
import Synchronization

/// A child process that a test watches while it runs (`AsyncProcess` runs one to its end): its
/// output so far, Ctrl-C, and its exit. Output is read on Dispatch threads and the exit is awaited
/// through `terminationHandler`, so the cooperative pool is never blocked.
final class LaunchedProcess: @unchecked Sendable {
    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private let process: Process
    private let stdoutData = OutputBuffer()
    private let stderrData = OutputBuffer()
    private let reads = DispatchGroup()
    private let exit = ExitState()

    /// Starts `executable` (a path, or a name looked up on the PATH) with an argument list.
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
        let process = Process()
        if executable.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        self.process = process
        process.terminationHandler = { [exit] process in
            let waiters = exit.state.withLock { state in
                state.status = process.terminationStatus
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: process.terminationStatus) }
        }
        try process.run()
        for (pipe, buffer) in [(out, stdoutData), (err, stderrData)] {
            reads.enter()
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async { [reads] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer.data.withLock { $0.append(chunk) }
                }
                reads.leave()
            }
        }
    }

    /// What it printed so far.
    var stdout: String { stdoutData.text }
    var stderr: String { stderrData.text }

    /// Sends SIGINT, as Ctrl-C does.
    func interrupt() { process.interrupt() }

    /// Waits for the exit and for the output to be read to its end.
    func finish() async -> Outcome {
        let status = await withCheckedContinuation { continuation in
            let known = exit.state.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
        await withCheckedContinuation { continuation in
            reads.notify(queue: .global()) { continuation.resume() }
        }
        return Outcome(status: status, stdout: stdout, stderr: stderr)
    }

    /// Waits until `condition` holds for the output so far, polling; false after `timeout`.
    func waitForOutput(timeout: Duration, _ condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(stdout) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(stdout)
    }
}

/// Bytes a reader thread appends to while tests look at them.
final class OutputBuffer: Sendable {
    let data = Mutex(Data())

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}

/// A process's exit status once known, and who waits for it.
final class ExitState: Sendable {
    let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
}
