import ArgumentParser
import DockerEngine
import Foundation
import InfraCore

/// Options `up` and `down` share.
struct StartupOptions: ParsableArguments {
    @Argument(help: "Only the services of these apps (default: every app).", completion: WorkspaceCompletions.apps)
    var apps: [String] = []

    @Option(
        name: .customLong("env"),
        help: "An environment whose services to act on, dev or prod; repeat for both (default: dev, or every environment when the registry has no dev services).")
    var environments: [Registry.Environment] = []

    @Option(
        name: .long,
        help: "Run on this orchestrator instead of the registry's `orchestrator`: compose (docker compose) or swarm (docker stack deploy).")
    var target: Orchestrator?

    /// The request for these options, telling `progress` of each step.
    func request(timeout: Int, progress: @escaping @Sendable (StartupEvent) -> Void) -> StartupRequest {
        StartupRequest(
            apps: apps, environments: environments.isEmpty ? nil : Set(environments), timeoutSeconds: timeout, target: target,
            progress: progress)
    }
}

extension Infractl {
    /// `infractl up [APP...]`.
    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "up",
            abstract: "Start the platform tier by tier with docker compose, each tier healthy before the next.",
            discussion: """
                Checks first that every host port the services publish is free (naming the process or \
                container that holds one; then nothing starts), creates the external networks the \
                registry declares when missing, then runs `docker compose -p PROJECT -f BASE -f \
                OVERLAY up --detach --wait SERVICES` per compose project, one startup tier after the \
                other. When a tier fails, later tiers do not start and the diagnosis of the tier's \
                services is printed. With --target swarm (or `orchestrator: swarm`), each project's \
                tier is rendered into one file (overlays merged, `.env` interpolated) and deployed \
                with `docker stack deploy`, overlay networks are created attachable, and each tier \
                waits until every service has its replicas running. Exits 1 on a taken port or a \
                failed tier, 2 when the engine, docker compose or the swarm is missing.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions
        @OptionGroup var startup: StartupOptions

        @Option(help: "Seconds each tier may take to be running and healthy.")
        var timeout = 300

        func validate() throws {
            guard (1...86_400).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 86400 seconds") }
        }

        func run() async throws {
            try await StartupRun(mode: .up, workspaceOptions: workspaceOptions, reportOptions: reportOptions, startup: startup, timeout: timeout)
                .run()
        }
    }

    /// `infractl down [APP...]`.
    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "down",
            abstract: "Stop and remove the platform's containers tier by tier, last tier first.",
            discussion: """
                Runs `docker compose -p PROJECT -f BASE -f OVERLAY rm --stop --force SERVICES` per \
                compose project, from the last startup tier to the first, then `docker compose down` \
                for each project whose services were all stopped (removing the project's own \
                networks). External networks are left alone. Exits 1 when a compose command fails, \
                2 when the engine or docker compose is missing.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions
        @OptionGroup var startup: StartupOptions

        func run() async throws {
            try await StartupRun(mode: .down, workspaceOptions: workspaceOptions, reportOptions: reportOptions, startup: startup, timeout: 300)
                .run()
        }
    }
}

/// What `up` and `down` have in common: the operation run with a progress display, then its
/// report: JSON whole, the human formats as the command's findings and the diagnosis of a
/// failed tier, or one line when all went well.
private struct StartupRun {
    var mode: StartupProgressRenderer.Mode
    var workspaceOptions: WorkspaceOptions
    var reportOptions: ReportOptions
    var startup: StartupOptions
    var timeout: Int

    func run() async throws {
        let operations = try workspaceOptions.operations()
        let format = reportOptions.resolvedFormat
        // Machine formats keep standard output for the report; progress goes to standard error.
        let toStandardError = format == .json || format == .sarif || format == .github
        let display = ProgressWriter(
            renderer: StartupProgressRenderer(mode: mode, live: Terminal.isTerminal(toStandardError ? STDERR_FILENO : STDOUT_FILENO)),
            stream: toStandardError ? .standardError : .standardOutput)
        let request = startup.request(timeout: timeout, progress: display.write)
        let report = mode == .up ? try await operations.up(request) : try await operations.down(request)
        guard let payload = report.payload as? StartupPayload else { return }
        if format == .json {
            reportOptions.print(report)
        } else if !payload.outcome.succeeded {
            if payload.ownFindings > 0 {
                reportOptions.print(Report(
                    command: report.command, workspace: report.workspace, title: report.title, platform: report.platform,
                    registryFile: report.registryFile, findings: Array(report.findings.prefix(payload.ownFindings))))
            } else {
                Terminal.standardOutput("\(mode == .up ? "up" : "down") stopped at a failed step (its finding is switched off in the registry's rule settings)")
            }
            if let diagnosis = payload.diagnosisReport { reportOptions.print(diagnosis) }
        } else {
            Terminal.standardOutput(payload.summaryLine)
        }
        if !payload.outcome.succeeded { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

/// Writes the renderer's text for each event; events come from several tasks, one at a time
/// under the lock.
private final class ProgressWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var renderer: StartupProgressRenderer
    private let stream: FileHandle

    init(renderer: StartupProgressRenderer, stream: FileHandle) {
        self.renderer = renderer
        self.stream = stream
    }

    func write(_ event: StartupEvent) {
        lock.withLock {
            let text = renderer.render(event)
            if !text.isEmpty { stream.write(Data(text.utf8)) }
        }
    }
}
