import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl health [SERVICE...] [--watch SECONDS]`.
    struct Health: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "health",
            abstract: "Probe every service and read its Docker health, all at once; exit 1 when one is unhealthy.",
            discussion: """
                Each service is checked from the host as its registry `health` entry says: the \
                PostgreSQL startup handshake (as pg_isready), a Redis PING, an HTTP(S) GET, or a \
                TCP connection, on `health.port` or its first port, bounded by `timeout_ms`; plus \
                its container's Docker state and health check. Without a Docker engine the probes \
                still run and the Docker status is unknown.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Option(name: .long, help: "The orchestrator the platform runs on, compose or swarm (default: the registry's `orchestrator`); on a swarm a service with a task running on any node is running.")
        var target: Orchestrator?

        @Option(name: .long, help: "Check again every SECONDS until interrupted: redraw on a terminal, one line per change otherwise.")
        var watch: Double?

        @Argument(help: "Only these services (registry names).", completion: WorkspaceCompletions.services)
        var services: [String] = []

        func validate() throws {
            if let watch, !(watch >= 0.1 && watch <= 86_400) {
                throw ValidationError("--watch takes a number of seconds between 0.1 and 86400")
            }
        }

        func run() async throws {
            let operations = try workspaceOptions.operations()
            let request = HealthRequest(services: services, strict: reportOptions.strict, target: target)
            if let watch {
                let checker = try await operations.healthChecker(request)
                let watcher = HealthWatch(
                    checker: checker, interval: .milliseconds(Int(watch * 1000)), format: reportOptions.resolvedFormat,
                    strict: reportOptions.strict, isTerminal: Terminal.isTerminal(STDOUT_FILENO),
                    colored: Terminal.colorsStandardOutput)
                await watcher.run()
                return
            }
            try reportOptions.finish(try await operations.health(request))
        }
    }
}
