import DockerEngine
import Foundation
import InfraCore
import Testing

/// `up` applies the registry's rule settings as validate, diagnose and health do: a disabled or
/// exempted RUN007 does not hold the start back, and reports nothing.
@Suite("up honours rule settings")
struct StartupRuleSettingsTests {
    /// An engine with no containers and no networks; creating one works.
    struct EmptyEngine: DockerEngine, DockerNetworkCreating {
        func info() async throws -> EngineInfo { EngineInfo(serverVersion: "28.0") }
        func version() async throws -> EngineVersion { EngineVersion(version: "28.0", apiVersion: "1.47") }
        func containers(all: Bool) async throws -> [ContainerSummary] { [] }
        func inspectContainer(id: String) async throws -> ContainerDetails { throw CancellationError() }
        func logs(id: String, tail: Int) async throws -> [ContainerLogLine] { [] }
        func networks() async throws -> [DockerNetwork] { [] }
        func inspectNetwork(id: String) async throws -> DockerNetwork { throw CancellationError() }
        func stats(id: String) async throws -> ContainerStats { throw CancellationError() }
        func createNetwork(_ request: NetworkCreateRequest) async throws -> NetworkCreation { .created(id: "n1") }
    }

    /// Records the compose commands it is asked to run; every one succeeds.
    final class RecordingCompose: ComposeRunner, @unchecked Sendable {
        private let lock = NSLock()
        private var commands: [[String]] = []
        var ran: [[String]] { lock.withLock { commands } }
        func composeVersion() async throws -> String { "2.40.3" }
        func run(_ arguments: [String]) async throws -> ProcessOutput {
            lock.withLock { commands.append(arguments) }
            return ProcessOutput(status: 0, stdout: "", stderr: "")
        }
    }

    /// Something on the host holds port 4000.
    struct Squatter: HostPortReader {
        func holders() throws -> [HostPortHolder] {
            [HostPortHolder(port: 4000, transport: .tcp, address: "0.0.0.0", pid: 812, processName: "python3")]
        }
    }

    static func up(_ settings: Registry.RuleSettings) async throws -> (StartupOutcome, [[String]]) {
        let compose = RecordingCompose()
        let starter = PlatformStarter(
            engine: EmptyEngine(), networkCreator: EmptyEngine(), compose: compose, hostPorts: Squatter(),
            workspaceRoot: "/w", pollInterval: .milliseconds(1), ruleSettings: settings)
        let outcome = try await starter.up(PortClearanceTests.plan)
        return (outcome, compose.ran)
    }

    @Test func aTakenPortStopsTheStartByDefault() async throws {
        let (outcome, ran) = try await Self.up(Registry.RuleSettings())
        #expect(outcome.portConflicts.map(\.rule) == ["RUN007"])
        #expect(!outcome.succeeded)
        #expect(ran.isEmpty)
    }

    @Test func aDisabledRUN007NeitherReportsNorHoldsBack() async throws {
        let (outcome, ran) = try await Self.up(Registry.RuleSettings(disabled: ["run007"]))
        #expect(outcome.portConflicts.isEmpty)
        #expect(outcome.succeeded)
        #expect(ran.contains { $0.contains("up") })
    }

    @Test func anExemptedServiceIsNotHeldBack() async throws {
        let exemption = Registry.Exemption(
            services: ["shop-api"], rules: ["RUN007"], reason: "a dev proxy forwards 4000",
            location: SourceLocation(file: ".dev/infra/registry.yml", line: 1, column: 1))
        let (outcome, ran) = try await Self.up(Registry.RuleSettings(exemptions: [exemption]))
        #expect(outcome.portConflicts.isEmpty)
        #expect(!ran.isEmpty)
    }

    @Test func aSeverityOverrideIsApplied() async throws {
        let (outcome, _) = try await Self.up(Registry.RuleSettings(severity: ["RUN007": .warning]))
        #expect(outcome.portConflicts.map(\.severity) == [.warning])
    }
}
