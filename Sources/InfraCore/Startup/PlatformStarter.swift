import DockerEngine
import Foundation

/// Carries out a `StartupPlan`: `up` checks the ports, creates the missing external networks,
/// then starts tier after tier with the real `docker compose`, each tier running and healthy
/// before the next; `down` stops and removes the containers tier by tier in reverse.
///
/// It never prints: progress goes to the `progress` callback, the result into the outcome.
public struct PlatformStarter: Sendable {
    public var engine: any DockerEngine
    public var networkCreator: any DockerNetworkCreating
    public var compose: any ComposeRunner
    public var hostPorts: any HostPortReader
    /// Absolute path of the workspace root (compose files are passed absolute).
    public var workspaceRoot: String
    /// How long Compose waits for one tier's services to be healthy.
    public var waitTimeoutSeconds: Int
    /// How often the engine is asked for the tier's containers while a tier runs.
    public var pollInterval: Duration
    /// The registry's rule settings: a disabled or exempted RUN007 does not hold `up` back,
    /// and no finding is reported for it or for a disabled UP001.
    public var ruleSettings: Registry.RuleSettings

    /// Label put on the networks `up` creates.
    public static let createdByLabel = "io.infractl.created-by"

    public init(
        engine: any DockerEngine, networkCreator: any DockerNetworkCreating, compose: any ComposeRunner = DockerCLI(),
        hostPorts: any HostPortReader = ProcHostPortReader(), workspaceRoot: String, waitTimeoutSeconds: Int = 300,
        pollInterval: Duration = .milliseconds(500), ruleSettings: Registry.RuleSettings = Registry.RuleSettings()
    ) {
        self.engine = engine
        self.networkCreator = networkCreator
        self.compose = compose
        self.hostPorts = hostPorts
        self.workspaceRoot = workspaceRoot
        self.waitTimeoutSeconds = waitTimeoutSeconds
        self.pollInterval = pollInterval
        self.ruleSettings = ruleSettings
    }

    /// Throws a `DockerEngineError` when the engine cannot be reached and `StartupError` when
    /// `docker compose` is missing; both before anything is done.
    public func checkTools() async throws {
        _ = try await engine.version()
        _ = try await compose.composeVersion()
    }

    /// Starts the plan. Stops at the first taken port (before anything starts) or failed tier.
    public func up(_ plan: StartupPlan, progress: @escaping @Sendable (StartupEvent) -> Void = { _ in }) async throws -> StartupOutcome {
        try await checkTools()
        var outcome = StartupOutcome()
        func record(_ step: StartupStep) {
            outcome.steps.append(step)
            progress(.step(step))
        }

        let check: StartupStep
        (check, outcome.portConflicts) = try await Self.checkPorts(plan, engine: engine, hostPorts: hostPorts, ruleSettings: ruleSettings)
        record(check)
        guard outcome.portConflicts.isEmpty else { return outcome }

        let existing = Set(try await engine.networks().map(\.name))
        for network in plan.networks {
            if existing.contains(network.name) {
                record(StartupStep(action: .networkExists, target: network.name))
                continue
            }
            let start = ContinuousClock.now
            let created = try await networkCreator.createNetwork(NetworkCreateRequest(
                name: network.name, internal: network.internal, labels: [Self.createdByLabel: "infractl up"]))
            let detail: String
            switch created {
            case .created(let id): detail = "created \(id.prefix(12))"
            case .alreadyExisted: detail = "created meanwhile by someone else"
            }
            record(StartupStep(action: .createNetwork, target: network.name, detail: detail, duration: ContinuousClock.now - start))
        }

        for tier in plan.tiers {
            let commands = tier.projects.map { ComposeCommand.up($0, workspaceRoot: workspaceRoot, waitTimeoutSeconds: waitTimeoutSeconds) }
            let results = await run(commands, tier: tier, action: .composeUp, progress: progress)
            for step in results { outcome.steps.append(step) }
            let failed = results.filter { !$0.succeeded }
            guard failed.isEmpty else {
                outcome.failures = ruleSettings.apply(failed.map { Self.failure(of: $0, tier: tier) })
                outcome.failedServices = tier.services.map(\.name)
                return outcome
            }
        }
        return outcome
    }

    /// Stops and removes the plan's containers, last tier first, then runs `docker compose down`
    /// for each project the plan covers whole (removing its own networks). External networks
    /// stay.
    public func down(_ plan: StartupPlan, progress: @escaping @Sendable (StartupEvent) -> Void = { _ in }) async throws -> StartupOutcome {
        try await checkTools()
        var outcome = StartupOutcome()
        for tier in plan.tiers.reversed() {
            let commands = tier.projects.map { ComposeCommand.remove($0, workspaceRoot: workspaceRoot) }
            let results = await run(commands, tier: tier, action: .composeRemove, progress: progress)
            outcome.steps += results
            let failed = results.filter { !$0.succeeded }
            guard failed.isEmpty else {
                outcome.failures = ruleSettings.apply(failed.map { Self.failure(of: $0, tier: tier) })
                outcome.failedServices = tier.services.map(\.name)
                return outcome
            }
        }
        for project in plan.wholeProjects.reversed() {
            let command = ComposeCommand.down(project, workspaceRoot: workspaceRoot)
            let step = await execute(command, tier: nil, action: .composeDown)
            outcome.steps.append(step)
            progress(.step(step))
            if !step.succeeded {
                outcome.failures = ruleSettings.apply([Self.failure(of: step, tier: nil)])
                return outcome
            }
        }
        return outcome
    }

    /// `up`'s first step, on Compose or a swarm: the plan's host ports against every
    /// container and the host's sockets, the ports in `own` (`port/protocol`) left out; the
    /// step and its RUN007 findings.
    static func checkPorts(
        _ plan: StartupPlan, own: Set<String> = [], since started: ContinuousClock.Instant = .now, engine: any DockerEngine,
        hostPorts: any HostPortReader, ruleSettings: Registry.RuleSettings
    ) async throws -> (StartupStep, [Finding]) {
        let containers = try await engine.containers(all: true)
        var sockets: [HostPortHolder] = []
        var detail = plan.ports.isEmpty ? "no host ports published" : "\(plan.ports.count) host port\(plan.ports.count == 1 ? "" : "s") free"
        do {
            sockets = try hostPorts.holders()
        } catch {
            detail += " (the host's sockets could not be read: \(error); only containers were checked)"
        }
        var checked = plan
        checked.ports = plan.ports.filter { !own.contains("\($0.port)/\($0.transport)") }
        let conflicts = ruleSettings.apply(PortClearance(plan: checked, containers: containers, sockets: sockets).conflicts())
        if !conflicts.isEmpty {
            detail = conflicts.map(\.message).joined(separator: "; ")
        }
        let step = StartupStep(
            action: .checkPorts, target: "host", services: plan.ports.map(\.service).uniqued(),
            succeeded: conflicts.isEmpty, detail: detail, duration: ContinuousClock.now - started)
        return (step, conflicts)
    }

    // MARK: Tiers

    /// Runs a tier's commands side by side while watching its containers; the steps in
    /// command order.
    private func run(
        _ commands: [ComposeCommand], tier: StartupPlan.Tier, action: StartupStep.Action,
        progress: @escaping @Sendable (StartupEvent) -> Void
    ) async -> [StartupStep] {
        let started = ContinuousClock.now
        progress(.tierStarted(tier))
        let steps = await withTaskGroup(of: (Int, StartupStep)?.self) { group in
            for (index, command) in commands.enumerated() {
                group.addTask { (index, await execute(command, tier: tier.number, action: action)) }
            }
            group.addTask {
                while !Task.isCancelled {
                    if let services = await states(of: tier) {
                        progress(.tierProgress(tier, services, elapsed: ContinuousClock.now - started))
                    }
                    try? await Task.sleep(for: pollInterval)
                }
                return nil
            }
            var steps: [StartupStep?] = Array(repeating: nil, count: commands.count)
            var remaining = commands.count
            while remaining > 0, let next = await group.next() {
                guard let (index, step) = next else { continue }
                steps[index] = step
                remaining -= 1
            }
            group.cancelAll()
            return steps.compactMap { $0 }
        }
        if let services = await states(of: tier) {
            progress(.tierProgress(tier, services, elapsed: ContinuousClock.now - started))
        }
        for step in steps { progress(.step(step)) }
        progress(.tierFinished(tier, succeeded: steps.allSatisfy(\.succeeded), elapsed: ContinuousClock.now - started))
        return steps
    }

    private func execute(_ command: ComposeCommand, tier: Int?, action: StartupStep.Action) async -> StartupStep {
        await compose.perform(StartupStep(action: action, target: command.project, tier: tier, services: command.services, command: command))
    }

    /// The containers of the tier's services, from one container list; nil when the engine
    /// did not answer.
    private func states(of tier: StartupPlan.Tier) async -> [ServiceProgress]? {
        guard let containers = try? await engine.containers(all: true) else { return nil }
        return tier.projects.flatMap { project in
            project.services.map { service in
                let container = containers.first { $0.name == service.name }
                    ?? containers.first { $0.compose.map { $0.project == project.name && $0.service == service.composeKey && !$0.isOneOff } ?? false }
                guard let container else { return ServiceProgress(name: service.name, project: project.name, state: "absent") }
                let snapshot = ContainerSnapshot(summary: container)
                return ServiceProgress(
                    name: service.name, project: project.name, state: snapshot.status.rawValue, health: snapshot.health?.rawValue)
            }
        }
    }

    /// The UP001 finding of a failed `docker compose` or swarm step.
    static func failure(of step: StartupStep, tier: StartupPlan.Tier?) -> Finding {
        let services = step.services.isEmpty ? "the project" : step.services.joined(separator: ", ")
        let project = tier?.projects.first { $0.name == step.target }
        let location = project?.services.first?.location
        var evidence: [String] = []
        if let tier { evidence.append("\(tier.label): \(step.command?.displayed ?? step.target)") }
        if let detail = step.detail { evidence += detail.split(separator: "\n").map(String.init) }
        let swarm = step.action.isSwarm
        return LiveCheckCatalog.startupFailed.finding(
            "\(step.target): docker \(step.action.dockerCommand ?? step.action.rawValue) failed for \(services)", at: location,
            service: step.services.count == 1 ? step.services.first : nil, evidence: evidence,
            fix: Fix(
                file: location?.file, line: location?.line,
                explanation: "Read \(swarm ? "the swarm's" : "Compose's") output and the diagnosis below; correct the service, then run `infractl \(step.action.starts ? "up" : "down")` again."),
            verify: swarm
                ? ["docker stack ps --no-trunc \(step.target)", "infractl diagnose --target swarm" + (step.services.isEmpty ? "" : " " + step.services.joined(separator: " "))]
                : step.command.map { [$0.displayed] } ?? [])
    }
}
