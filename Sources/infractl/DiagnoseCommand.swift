import ArgumentParser
import DockerEngine
import Foundation
import InfraCore

extension Infractl {
    /// `infractl diagnose [SERVICE...]`.
    struct Diagnose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diagnose",
            abstract: "Compare the registry with what runs: live checks, root cause with evidence, fix with file and line, verification commands.",
            discussion: """
                Reads the Docker engine that DOCKER_HOST names (default unix:///var/run/docker.sock) once, \
                with a fixed number of requests plus two per failing container, and the host's listening \
                sockets. Exits 1 when a finding is at error level, 2 when the engine cannot be reached.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions
        @OptionGroup var baselineOptions: BaselineOptions

        @Argument(help: "Registry services to diagnose, with the services they depend on (default: every service).", completion: WorkspaceCompletions.services)
        var services: [String] = []

        @Option(
            name: .customLong("env"),
            help: "An environment whose services must run, dev or prod; repeat for both (default: the environments that have containers).")
        var environments: [Registry.Environment] = []

        @Option(name: .long, help: "The orchestrator the platform runs on, compose or swarm (default: the registry's `orchestrator`); swarm also reads the swarm's services, tasks and nodes.")
        var target: Orchestrator?

        @Option(help: "Log lines read from each failing container.")
        var logLines = 50

        @Flag(help: "Print the Engine API requests made and their duration to standard error.")
        var stats = false

        func validate() throws {
            guard (1...10_000).contains(logLines) else { throw ValidationError("--log-lines must be between 1 and 10000") }
        }

        func run() async throws {
            let started = ContinuousClock.now
            let workspace = try workspaceOptions.locate()
            let counter = EngineRequestCounter()
            let operations = Operations(workspace: workspace, engine: DockerEngineConnector(environment: workspace.environment, counter: counter))
            let report = try await operations.diagnose(DiagnoseRequest(
                services: services, environments: environments.isEmpty ? nil : Set(environments), logLines: logLines,
                strict: reportOptions.strict, baseline: baselineOptions.choice, target: target))
            reportOptions.print(report)
            if stats {
                let numbers = counter.statistics
                let address = (report.payload as? DiagnosisPayload)?.engineAddress ?? "the engine"
                Terminal.standardError(
                    "engine API: \(numbers.requests) requests to \(address), "
                        + "\(Self.milliseconds(numbers.totalDuration)) ms in requests (longest \(Self.milliseconds(numbers.longestDuration)) ms); "
                        + "diagnose took \(Self.milliseconds(ContinuousClock.now - started)) ms")
            }
            if report.result == .fail { throw ExitCode(ExitStatus.findings.rawValue) }
        }

        private static func milliseconds(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
            return String(format: "%.1f", value)
        }
    }
}
