import DockerEngine
import Foundation
import InfraCore
import Testing

/// The reader's requests: a constant number, plus an inspect and a logs call per failing
/// container of the registry and an inspect per restarted one.
@Suite("Engine snapshot reader")
struct EngineSnapshotReaderTests {
    /// An engine answering from canned containers, counting each call.
    final class FakeEngine: DockerEngine, @unchecked Sendable {
        let containers: [ContainerSummary]
        private let lock = NSLock()
        private var calls: [String] = []
        private var inFlight = 0
        private(set) var mostInFlight = 0

        init(containers: [ContainerSummary]) { self.containers = containers }

        var recorded: [String] { lock.withLock { calls } }

        private func record(_ call: String) async {
            lock.withLock {
                calls.append(call)
                inFlight += 1
                mostInFlight = max(mostInFlight, inFlight)
            }
            try? await Task.sleep(for: .milliseconds(2))
            lock.withLock { inFlight -= 1 }
        }

        func info() async throws -> EngineInfo {
            await record("info")
            return EngineInfo(serverVersion: "28.2.2")
        }
        func version() async throws -> EngineVersion { throw DockerEngineError(kind: .engineError, address: "fake", message: "unused") }
        func containers(all: Bool) async throws -> [ContainerSummary] {
            await record("list")
            return containers
        }
        func inspectContainer(id: String) async throws -> ContainerDetails {
            await record("inspect \(id)")
            guard let summary = containers.first(where: { $0.id == id }) else {
                throw DockerEngineError(kind: .notFound, address: "fake", message: "No such container: \(id)")
            }
            return DiagnosisFixture.details(summary, state: ContainerState(status: summary.state, exitCode: 1), restarts: 5)
        }
        func logs(id: String, tail: Int) async throws -> [ContainerLogLine] {
            await record("logs \(id) \(tail)")
            return [ContainerLogLine(.stderr, "nc: bad address 'forge-postgres'")]
        }
        func networks() async throws -> [DockerNetwork] {
            await record("networks")
            return [DockerNetwork(id: "n1", name: "forge-network")]
        }
        func inspectNetwork(id: String) async throws -> DockerNetwork { throw DockerEngineError(kind: .notFound, address: "fake", message: id) }
        func stats(id: String) async throws -> ContainerStats { throw DockerEngineError(kind: .notFound, address: "fake", message: id) }
    }

    struct NoPorts: HostPortReader {
        func holders() throws -> [HostPortHolder] { [HostPortHolder(port: 22, transport: .tcp, address: "0.0.0.0")] }
    }

    @Test func requestsAreFourPlusTwoPerFailingPlusOnePerRestarted() async throws {
        typealias F = DiagnosisFixture
        var summaries: [ContainerSummary] = []
        for index in 0..<40 {
            summaries.append(F.summary("app-\(index)", state: .running, status: "Up 5 minutes", networks: ["bridge"]))
        }
        for index in 0..<5 {
            summaries.append(F.summary("bad-\(index)", state: .exited, status: "Exited (1) 1 minute ago", networks: ["bridge"]))
        }
        summaries.append(F.summary("flappy", state: .running, status: "Up 3 seconds", networks: ["bridge"]))
        summaries.append(F.summary("sick", state: .running, status: "Up 5 minutes (unhealthy)", networks: ["bridge"]))
        summaries.append(F.summary("stranger", state: .exited, status: "Exited (1) 1 minute ago", networks: ["bridge"]))
        let engine = FakeEngine(containers: summaries)
        let reader = EngineSnapshotReader(
            engine: engine, hostPorts: NoPorts(), logTail: 50, maxConcurrentRequests: 4, now: { F.now })
        let snapshot = try await reader.read { $0.name != "stranger" }

        let calls = engine.recorded
        // list, networks, info (the real client adds its one /version), then the closer looks.
        #expect(calls.filter { ["list", "networks", "info"].contains($0) }.count == 3)
        // 5 exited and 1 unhealthy: inspect and logs; 1 restarted (5 restarts): inspect and logs too.
        let failing = 5 + 1 + 1
        #expect(calls.filter { $0.hasPrefix("inspect") }.count == failing)
        #expect(calls.filter { $0.hasPrefix("logs") }.count == failing)
        let expected: Int = 3 + 2 * failing
        #expect(calls.count == expected)
        #expect(!calls.contains { $0.hasSuffix("stranger") || $0.contains("stranger ") })
        let bound: Int = 4 + 3
        #expect(engine.mostInFlight <= bound)
        #expect(snapshot.containers.count == summaries.count)
        #expect(snapshot.container(named: "bad-0")?.logs?.count == 1)
        #expect(snapshot.container(named: "flappy")?.restartCount == 5)
        #expect(snapshot.container(named: "flappy")?.logs?.count == 1)
        #expect(snapshot.container(named: "app-0")?.details == nil)
        #expect(snapshot.hostPorts.count == 1)
        #expect(snapshot.info?.serverVersion == "28.2.2")
    }

    @Test func uptimeTexts() {
        #expect(ContainerSnapshotProbe.uptime("Up Less than a second") == 0.5)
        #expect(ContainerSnapshotProbe.uptime("Up 3 seconds") == 3)
        #expect(ContainerSnapshotProbe.uptime("Up About a minute") == 60)
        #expect(ContainerSnapshotProbe.uptime("Up About an hour (healthy)") == 3600)
        #expect(ContainerSnapshotProbe.uptime("Up 2 days") == 172_800)
        #expect(ContainerSnapshotProbe.uptime("Exited (1) 2 minutes ago") == nil)
    }
}

/// Reaches the snapshot's internal status-text parsing.
enum ContainerSnapshotProbe {
    static func uptime(_ text: String) -> Double? {
        let summary = ContainerSummary(id: "x", names: ["/x"], state: .running, status: text)
        let snapshot = ContainerSnapshot(summary: summary)
        return snapshot.uptime
    }
}
