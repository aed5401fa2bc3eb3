import ArgumentParser
import InfraCore

extension Infractl {
    /// `infractl audit [--live]`.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "The Security Report: what the outside world reaches, credentials, isolation, TLS, hardening, and the fixes.",
            discussion: """
                Reads the registry and compose files; with --live also the ports the Docker engine (DOCKER_HOST) \
                binds and the host's listening sockets. Exits 1 when a finding is at error level, 2 when --live \
                cannot reach the engine.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions
        @OptionGroup var baselineOptions: BaselineOptions

        @Flag(help: "Also read the engine's port bindings and the host's listening sockets.")
        var live = false

        func run() async throws {
            let report = try await workspaceOptions.operations().audit(AuditRequest(live: live, strict: reportOptions.strict, baseline: baselineOptions.choice))
            reportOptions.print(report)
            if report.result == .fail { throw ExitCode(ExitStatus.findings.rawValue) }
        }
    }
}
