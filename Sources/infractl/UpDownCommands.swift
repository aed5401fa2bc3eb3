import ArgumentParser
import DockerEngine
import Foundation
import InfraCore

/// Options `up` and `down` share.
struct StartupOptions: ParsableArguments {
    @Argument(help: "Only the services of these apps (default: every app).")
    var apps: [String] = []

    @Option(
        name: .customLong("env"),
        help: "An environment whose services to act on, dev or prod; repeat for both (default: dev, or every environment when the registry has no dev services).")
    var environments: [Registry.Environment] = []

    /// The plan for these options.
    func plan(_ context: ValidationContext, workspace: Workspace) throws -> StartupPlan {
        do {
            return try StartupPlanner(context: context, workspaceRoot: workspace.root)
                .plan(apps: apps, environments: environments.isEmpty ? nil : Set(environments))
        } catch {
            switch error {
            case .unknownApp: throw ValidationError(error.description)
            case .unresolved(let problems): throw InputErrors(problems)
            }
        }
    }
}

extension Infractl {
    /// `infractl up [APP...]`.
    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the platform tier by tier with docker compose, each tier healthy before the next.",
            discussion: """
                Checks first that every host port the services publish is free (naming the process or \
                container that holds one; then nothing starts), creates the external networks the \
                registry declares when missing, then runs `docker compose -p PROJECT -f BASE -f \
                OVERLAY up --detach --wait SERVICES` per compose project, one startup tier after the \
                other. When a tier fails, later tiers do not start and the diagnosis of the tier's \
                services is printed. Exits 1 on a taken port or a failed tier, 2 when the engine or \
                docker compose is missing.
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

/// What `up` and `down` have in common: plan, run with a progress display, report.
private struct StartupRun {
    var mode: StartupProgressRenderer.Mode
    var workspaceOptions: WorkspaceOptions
    var reportOptions: ReportOptions
    var startup: StartupOptions
    var timeout: Int

    var command: String { mode == .up ? "up" : "down" }

    func run() async throws {
        let started = ContinuousClock.now
        let workspace = try workspaceOptions.locate()
        let context = try WorkspaceLoader(workspace: workspace).load(traefik: false)
        let plan = try startup.plan(context, workspace: workspace)
        let format = reportOptions.resolvedFormat
        // Machine formats keep standard output for the report; progress goes to standard error.
        let progressStream = format == .json || format == .sarif || format == .github ? FileHandle.standardError : FileHandle.standardOutput
        let progressDescriptor = progressStream === FileHandle.standardError ? STDERR_FILENO : STDOUT_FILENO
        // Compose's own output can repeat values from the compose files: masked like reports.
        let masker = SecretMasker(workspace: context)
        let display = ProgressWriter(
            renderer: StartupProgressRenderer(mode: mode, live: Terminal.isTerminal(progressDescriptor)), stream: progressStream,
            masker: masker)

        let (outcome, diagnosis): (StartupOutcome, Diagnosis?)
        do {
            (outcome, diagnosis) = try await DockerEngineClient.withClient(environment: workspace.environment) { client in
                let starter = PlatformStarter(
                    engine: client, networkCreator: client, compose: DockerCLI(environment: workspace.environment),
                    workspaceRoot: workspace.root, waitTimeoutSeconds: timeout)
                let outcome = mode == .up
                    ? try await starter.up(plan, progress: display.write)
                    : try await starter.down(plan, progress: display.write)
                guard mode == .up, !outcome.failedServices.isEmpty else { return (outcome, nil) }
                let request = DiagnosisRequest(
                    services: outcome.failedServices,
                    environments: startup.environments.isEmpty ? nil : Set(startup.environments))
                // The tier failed whatever happens next: an engine that fails the diagnosis too
                // leaves the report without one (exit 1), not a lost report (exit 2).
                let diagnosis = try? await Diagnoser().diagnose(
                    context, workspaceRoot: workspace.root, engine: client, engineAddress: client.host.description, request: request)
                return (outcome, diagnosis)
            }
        } catch let failure as DockerEngineError {
            throw CommandFailure(failure.description)
        } catch let failure as StartupError {
            throw CommandFailure(failure.description)
        }

        let elapsed = ContinuousClock.now - started
        if format == .json {
            var fields = [
                JSONMember("plan", plan.json), JSONMember("steps", .array(outcome.steps.map(\.json))),
                JSONMember("duration_ms", .int(StartupStep.milliseconds(elapsed))),
            ]
            let ownFindings = outcome.portConflicts + outcome.failures
            if let diagnosis {
                // Root causes are positions in the report's findings, which start with up's own.
                let payload = DiagnosisPayload(
                    engineAddress: diagnosis.engineAddress, engineVersion: diagnosis.engineVersion,
                    services: diagnosis.services, rootCauses: diagnosis.rootCauses.map { $0 + ownFindings.count },
                    notes: diagnosis.notes)
                fields.append(JSONMember("diagnosis", .object(payload.jsonFields)))
            }
            let report = Report(
                command: command, workspace: workspace.root, platform: context.registry.platform,
                registryFile: context.registry.file,
                findings: ownFindings + (diagnosis?.findings ?? []),
                payload: JSONFieldsPayload(fields), masker: SecretMasker(workspace: context, also: diagnosis?.secrets ?? []))
            reportOptions.print(report)
        } else if !outcome.portConflicts.isEmpty || !outcome.failures.isEmpty {
            let findings = outcome.portConflicts + outcome.failures
            reportOptions.print(Report(
                command: command, workspace: workspace.root, title: "\(command.capitalized) Report",
                platform: context.registry.platform, registryFile: context.registry.file, findings: findings, masker: masker))
            if let diagnosis {
                reportOptions.print(Report(
                    diagnosis: diagnosis, workspace: workspace.root, platform: context.registry.platform,
                    registryFile: context.registry.file, strict: reportOptions.strict))
            }
        } else {
            let services = plan.services.count
            let what = mode == .up ? "running and healthy" : "stopped and removed"
            Terminal.standardOutput(
                "\(services) service\(services == 1 ? "" : "s") in \(plan.tiers.count) tier\(plan.tiers.count == 1 ? "" : "s") \(what) (\(StartupProgressRenderer.seconds(elapsed)))")
        }
        if !outcome.succeeded { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

/// Writes the renderer's text for each event; events come from several tasks, one at a time
/// under the lock.
private final class ProgressWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var renderer: StartupProgressRenderer
    private let stream: FileHandle
    private let masker: SecretMasker

    init(renderer: StartupProgressRenderer, stream: FileHandle, masker: SecretMasker) {
        self.renderer = renderer
        self.stream = stream
        self.masker = masker
    }

    func write(_ event: StartupEvent) {
        lock.withLock {
            let text = masker.mask(renderer.render(event))
            if !text.isEmpty { stream.write(Data(text.utf8)) }
        }
    }
}
