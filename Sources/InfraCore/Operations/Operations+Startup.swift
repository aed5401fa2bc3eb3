import DockerEngine
import Foundation

extension Operations {
    /// `up`: external networks created, host ports checked, then the compose projects started
    /// tier by tier with the real `docker compose`, each tier healthy before the next; a failed
    /// tier is diagnosed.
    public func up(_ request: StartupRequest) async throws -> Report {
        try await startup(.up, request)
    }

    /// `down`: the services' containers stopped and removed tier by tier, last tier first.
    public func down(_ request: StartupRequest) async throws -> Report {
        try await startup(.down, request)
    }

    private func startup(_ mode: StartupPayload.Mode, _ request: StartupRequest) async throws -> Report {
        let started = ContinuousClock.now
        let workspace = self.workspace
        let finished = try await Blocking.run { try EditSession(workspace: workspace).finishPending() }
        let (context, _) = try await read()
        try context.registry.resolveApps(request.apps)
        let plan: StartupPlan
        do {
            plan = try StartupPlanner(context: context, workspaceRoot: workspace.root).plan(apps: request.apps, environments: request.environments)
        } catch {
            switch error {
            case .unknownApp(let app, _, let known): throw UnknownName("app", app, among: known)
            case .unresolved(let problems): throw InputErrors(problems)
            }
        }
        // What Compose would refuse the files for (a depends_on on another project's service)
        // stops the command before anything starts, naming file and line.
        let planned = Set(plan.tiers.flatMap { $0.projects.flatMap(\.files) })
        let refused = context.projects.filter { planned.contains($0.file) }.flatMap(ComposeProjectValidator.deferredProblems)
        guard refused.isEmpty else { throw InputErrors(refused.uniqued()) }
        // Compose's own output can repeat values from the compose files: masked before anyone sees it.
        let progressMasker = SecretMasker(workspace: context)
        let progress: @Sendable (StartupEvent) -> Void = { [request] event in request.progress(event.masked(by: progressMasker)) }
        let swarm = (request.target ?? context.registry.orchestrator) == .swarm
        let (outcome, diagnosis): (StartupOutcome, Diagnosis?) = try await engine.with { engine, address in
            let cli = DockerCLI(environment: workspace.environment)
            let outcome: StartupOutcome
            do {
                if swarm {
                    guard let engine = engine as? any SwarmStarter.Engine else { throw OperationError("--target swarm: this engine client cannot read a swarm") }
                    let starter = SwarmStarter(
                        engine: engine, cli: cli, render: { project in try Self.stackFile(project, workspace: workspace) },
                        waitTimeoutSeconds: request.timeoutSeconds, ruleSettings: context.registry.rules)
                    outcome = mode == .up ? try await starter.up(plan, progress: progress) : try await starter.down(plan, progress: progress)
                } else {
                    let starter = PlatformStarter(
                        engine: engine, networkCreator: engine, compose: cli,
                        workspaceRoot: workspace.root, waitTimeoutSeconds: request.timeoutSeconds, ruleSettings: context.registry.rules)
                    outcome = mode == .up ? try await starter.up(plan, progress: progress) : try await starter.down(plan, progress: progress)
                }
            } catch let failure as StartupError {
                throw OperationError(failure.description)
            }
            guard mode == .up, !outcome.failedServices.isEmpty else { return (outcome, nil) }
            // The tier failed whatever happens next: an engine that fails the diagnosis too
            // leaves the report without one (exit 1), not a lost report (exit 2).
            let diagnosis = try? await Diagnoser().diagnose(
                context, workspaceRoot: workspace.root, engine: engine, engineAddress: address,
                request: DiagnosisRequest(services: outcome.failedServices, environments: request.environments, swarm: swarm))
            return (outcome, diagnosis)
        }
        let own = outcome.portConflicts + outcome.failures
        let masker = SecretMasker(workspace: context, also: diagnosis?.secrets ?? [])
        let diagnosisReport = diagnosis.map {
            Report(diagnosis: $0, workspace: workspace.root, platform: context.registry.platform, registryFile: context.registry.file)
        }
        let payload = StartupPayload(
            mode: mode, plan: plan, outcome: outcome, diagnosis: diagnosis, ownFindings: own.count, diagnosisReport: diagnosisReport,
            elapsed: ContinuousClock.now - started)
        return Report(
            command: mode.rawValue, workspace: workspace.root, title: "\(mode.rawValue.capitalized) Report",
            platform: context.registry.platform, registryFile: context.registry.file,
            findings: own + (diagnosis?.findings ?? []), payload: payload, masker: masker
        ).noting(finished.notice)
    }
}

extension Operations {
    /// The stack file of a project's tier: its files merged and interpolated as Compose would,
    /// only the tier's services.
    static func stackFile(_ project: StartupPlan.Project, workspace: Workspace) throws -> StackFile {
        let (tree, bases) = try ComposeLoader(workspace: workspace).mergedTree(project.files)
        return try StackFile.render(tree, services: project.composeKeys, workspaceRoot: workspace.root, relativeBase: bases)
    }
}

/// What `up` and `down` did: the plan, each step, how long it took, and for a failed tier the
/// diagnosis of its services (its root causes as positions in the report's findings, which
/// start with the command's own).
public struct StartupPayload: ReportPayload {
    /// Which command ran.
    public enum Mode: String, Sendable {
        case up, down
    }

    public var mode: Mode
    public var plan: StartupPlan
    public var outcome: StartupOutcome
    public var diagnosis: Diagnosis?
    /// How many of the report's findings are the command's own (RUN007, UP001).
    public var ownFindings: Int
    /// The diagnosis as a report of its own, for the human formats.
    public var diagnosisReport: Report?
    public var elapsed: Duration

    public var jsonFields: [JSONMember] {
        var fields = [
            JSONMember("plan", plan.json), JSONMember("steps", .array(outcome.steps.map(\.json))),
            JSONMember("duration_ms", .int(StartupStep.milliseconds(elapsed))),
        ]
        if let diagnosis {
            let payload = DiagnosisPayload(
                engineAddress: diagnosis.engineAddress, engineVersion: diagnosis.engineVersion,
                services: diagnosis.services, rootCauses: diagnosis.rootCauses.map { $0 + ownFindings },
                notes: diagnosis.notes)
            fields.append(JSONMember("diagnosis", .object(payload.jsonFields)))
        }
        return fields
    }

    /// The one line a run that went well ends with.
    public var summaryLine: String {
        let services = plan.services.count
        let what = mode == .up ? "running and healthy" : "stopped and removed"
        return "\(services) service\(services == 1 ? "" : "s") in \(plan.tiers.count) tier\(plan.tiers.count == 1 ? "" : "s") \(what) (\(StartupProgressRenderer.seconds(elapsed)))"
    }

    public var text: String? { outcome.succeeded ? summaryLine : nil }
    public var markdown: String? { outcome.succeeded ? summaryLine : nil }

    public func masked(by masker: SecretMasker) -> StartupPayload {
        var copy = self
        copy.outcome.steps = outcome.steps.map { step in
            var step = step
            step.detail = step.detail.map(masker.mask)
            return step
        }
        return copy
    }
}
