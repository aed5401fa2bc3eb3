import DockerEngine
import Foundation
import Testing
import TestSupport

/// The client against the real engine (`DOCKER_HOST`, by default /var/run/docker.sock). Without
/// an engine the test is skipped, except in CI (`CI=true`), where it fails.
@Suite(.requires(.dockerEngine)) struct RealEngineTests {
    static let image = Prerequisite.testImage

    @Test func listsInspectsAndReadsLogsOfARealContainer() async throws {
        try Prerequisite.dockerEngine.require()
        let counter = EngineRequestCounter()
        // What the client reads is under test here, not how fast the engine answers: the whole
        // suite runs at once, and while the swarm and compose tests copy image layers (vfs) the
        // engine can take longer than the client's default 10 s for one listing (it did in CI).
        try await DockerEngineClient.withClient(timeout: .seconds(90), requestCounter: counter) { client in
            let firstStart = ContinuousClock.now
            _ = try await client.version()
            let firstRequest = ContinuousClock.now - firstStart

            let name = "infractl-it-\(UUID().uuidString.prefix(8).lowercased())"
            let run = Self.docker([
                "run", "-d", "--name", name,
                "--label", "com.docker.compose.project=infractl-it", "--label", "com.docker.compose.service=echo",
                "--env", "SECRET_TOKEN=raw-in-the-model",
                Self.image, "sh", "-c", "echo to-stdout; echo to-stderr >&2; echo second line; exit 7",
            ])
            defer { _ = Self.docker(["rm", "-f", name]) }
            try #require(run.status == 0, "docker run failed: \(run.error)")
            let id = run.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Self.docker(["wait", name]).output.trimmingCharacters(in: .whitespacesAndNewlines) == "7")

            let callsBefore = counter.count
            let listStart = ContinuousClock.now
            let containers = try await client.containers(all: true)
            let listed = try #require(containers.first { $0.name == name })
            #expect(listed.id == id)
            #expect(listed.state == .exited)
            #expect(listed.compose?.service == "echo")

            let details = try await client.inspectContainer(id: name)
            #expect(details.id == id)
            #expect(details.state.status == .exited)
            #expect(details.state.exitCode == 7)
            #expect(!details.state.oomKilled)
            #expect(details.compose?.project == "infractl-it")
            #expect(details.config.environment["SECRET_TOKEN"] == "raw-in-the-model")
            #expect(details.state.finishedDate != nil)

            // The engine reads stdout and stderr from two pipes: the order within a stream is
            // kept, the order between them is the order the engine read them in.
            let lines = try await client.logs(id: id, tail: 10)
            #expect(lines.filter { $0.stream == .stdout }.map(\.text) == ["to-stdout", "second line"])
            #expect(lines.filter { $0.stream == .stderr }.map(\.text) == ["to-stderr"])
            #expect(lines.allSatisfy { $0.timestamp != nil })
            let last = try await client.logs(id: id, tail: 1)
            #expect(last.count == 1)

            _ = try await client.info()
            let networks = try await client.networks()
            let bridge = try #require(networks.first { $0.name == "bridge" })
            #expect(try await client.inspectNetwork(id: bridge.id).driver == "bridge")
            let perRequest = (ContinuousClock.now - listStart) / (counter.count - callsBefore)
            #expect(counter.count - callsBefore == 7)

            let notFound = await #expect(throws: DockerEngineError.self) {
                try await client.inspectContainer(id: name + "-missing")
            }
            #expect(notFound?.kind == .notFound)
            #expect(notFound?.message.contains("No such container") == true)

            // Timings for the record: a fresh client's first request (its connection), then
            // requests over the kept-alive connection.
            let (connect, inspect) = try await DockerEngineClient.withClient(
                environment: ["DOCKER_HOST": client.host.description]
            ) { fresh in
                let connectStart = ContinuousClock.now
                _ = try await fresh.version()
                let connect = ContinuousClock.now - connectStart
                let loopStart = ContinuousClock.now
                for _ in 0..<20 { _ = try await fresh.inspectContainer(id: id) }
                return (connect, (ContinuousClock.now - loopStart) / 20)
            }
            print(
                "real engine \(client.host): first request of the process \(firstRequest), of a new client \(connect);"
                    + " then \(perRequest) per request (mixed), \(inspect) per inspect")
        }
    }

    struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs the docker CLI with an argument list (no shell).
    static func docker(_ arguments: [String]) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["docker"] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do {
            try process.run()
        } catch {
            return Outcome(status: -1, output: "", error: "\(error)")
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            error: String(decoding: err, as: UTF8.self))
    }
}
