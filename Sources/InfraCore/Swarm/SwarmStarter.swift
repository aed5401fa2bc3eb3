import DockerEngine
import Foundation

/// Carries out a `StartupPlan` on a swarm: `up` checks that the engine manages a swarm and that
/// the ports are free, creates the overlay networks (attachable, so Compose containers can
/// join them too), then deploys tier after tier with `docker stack deploy`, each project from
/// a `StackFile` infractl renders, and waits until every service of the tier has its desired
/// replicas running (healthy, where it has a health check: a swarm task is `running` only once
/// its container is healthy) before the next tier. `down` removes the services last tier
/// first, then each stack the plan covers whole.
///
/// It waits itself rather than through `docker stack deploy --detach=false`: that never
/// returns while a task keeps failing (a missing image is retried forever), and says nothing
/// of why. Here the first task that fails ends the tier with the task's own error.
public struct SwarmStarter: Sendable {
    public typealias Engine = DockerEngine & DockerSwarmReading & DockerNetworkCreating

    public var engine: any Engine
    /// Runs `docker stack deploy`, `docker service rm`, `docker stack rm`.
    public var cli: any ComposeRunner
    public var hostPorts: any HostPortReader
    /// The file of a project's tier: rendered by the caller from the project's merged files.
    public var render: @Sendable (StartupPlan.Project) throws -> StackFile
    /// How long one tier may take to converge.
    public var waitTimeoutSeconds: Int
    public var pollInterval: Duration
    public var ruleSettings: Registry.RuleSettings

    public init(
        engine: any Engine, cli: any ComposeRunner = DockerCLI(), hostPorts: any HostPortReader = ProcHostPortReader(),
        render: @escaping @Sendable (StartupPlan.Project) throws -> StackFile, waitTimeoutSeconds: Int = 300,
        pollInterval: Duration = .milliseconds(500), ruleSettings: Registry.RuleSettings = Registry.RuleSettings()
    ) {
        self.engine = engine
        self.cli = cli
        self.hostPorts = hostPorts
        self.render = render
        self.waitTimeoutSeconds = waitTimeoutSeconds
        self.pollInterval = pollInterval
        self.ruleSettings = ruleSettings
    }

    /// The swarm service a planned service runs as.
    public static func serviceName(_ service: StartupPlan.Service, in project: StartupPlan.Project) -> String {
        ValidationContext.swarmName(stack: project.name, key: service.composeKey)
    }

    /// Throws `StartupError` when this engine is no swarm manager or `docker` is missing.
    public func checkTools() async throws {
        let info = try await engine.info()
        guard info.swarm.isManager else {
            let state = info.swarm.localNodeState
            throw StartupError.swarmUnavailable(
                state == "active"
                    ? "the engine \(info.name) is a swarm worker: run infractl against a manager (DOCKER_HOST), or promote this node with `docker node promote`"
                    : "the engine \(info.name) is not in a swarm (Swarm: \(state)): run `docker swarm init` (or `docker swarm join`) first, or use --target compose")
        }
        if let docker = cli as? DockerCLI, docker.executable == nil {
            throw StartupError.composeUnavailable("no `docker` executable on PATH (stack deploy needs Docker's CLI)")
        }
    }

    // MARK: up

    public func up(_ plan: StartupPlan, progress: @escaping @Sendable (StartupEvent) -> Void = { _ in }) async throws -> StartupOutcome {
        try await checkTools()
        var outcome = StartupOutcome()
        func record(_ step: StartupStep) {
            outcome.steps.append(step)
            progress(.step(step))
        }

        // A port the planned service itself already publishes (an `up` run again) is its own.
        let started = ContinuousClock.now
        let deployed = try await engine.swarmServices()
        let own = Set(plan.tiers.flatMap { tier in
            tier.projects.flatMap { project in
                project.services.flatMap { service in
                    deployed.filter { $0.name == Self.serviceName(service, in: project) }.flatMap(\.ports).map { "\($0.publishedPort)/\($0.protocol)" }
                }
            }
        })
        let check: StartupStep
        (check, outcome.portConflicts) = try await PlatformStarter.checkPorts(
            plan, own: own, since: started, engine: engine, hostPorts: hostPorts, ruleSettings: ruleSettings)
        record(check)
        guard outcome.portConflicts.isEmpty else { return outcome }

        let existing = Dictionary(try await engine.networks().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for network in plan.networks {
            if let found = existing[network.name] {
                var step = StartupStep(action: .networkExists, target: network.name)
                if found.scope != "swarm" {
                    step.succeeded = false
                    step.detail = "\(network.name) exists with driver \(found.driver) (scope \(found.scope)): a stack's services can join only a swarm-scoped overlay network; remove it (`docker network rm \(network.name)`) and run `infractl up --target swarm` again"
                    record(step)
                    outcome.failures = ruleSettings.apply([Self.networkFailure(network, detail: step.detail ?? "")])
                    return outcome
                }
                record(step)
                continue
            }
            let start = ContinuousClock.now
            let created = try await engine.createNetwork(NetworkCreateRequest(
                name: network.name, driver: network.driver ?? "overlay", internal: network.internal, attachable: true,
                labels: [PlatformStarter.createdByLabel: "infractl up --target swarm"]))
            let detail: String
            switch created {
            case .created(let id): detail = "created \(id.prefix(12)) (\(network.driver ?? "overlay"), attachable)"
            case .alreadyExisted: detail = "created meanwhile by someone else"
            }
            record(StartupStep(action: .createNetwork, target: network.name, detail: detail, duration: ContinuousClock.now - start))
        }

        for tier in plan.tiers {
            let tierStart = ContinuousClock.now
            progress(.tierStarted(tier))
            let before = Set(try await engine.swarmTasks().map(\.id))
            var steps: [StartupStep] = []
            for project in tier.projects {
                let step = await deploy(project, tier: tier)
                steps.append(step)
                guard step.succeeded else { break }
            }
            if steps.allSatisfy(\.succeeded) {
                let failures = await converge(tier, ignoring: before, started: tierStart, progress: progress)
                for (index, step) in steps.enumerated() {
                    guard let failure = failures[step.target] else { continue }
                    steps[index].succeeded = false
                    steps[index].detail = failure
                }
            }
            for step in steps {
                outcome.steps.append(step)
                progress(.step(step))
            }
            let succeeded = steps.allSatisfy(\.succeeded)
            progress(.tierFinished(tier, succeeded: succeeded, elapsed: ContinuousClock.now - tierStart))
            guard succeeded else {
                outcome.failures = ruleSettings.apply(steps.filter { !$0.succeeded }.map { PlatformStarter.failure(of: $0, tier: tier) })
                outcome.failedServices = tier.services.map(\.name)
                return outcome
            }
        }
        return outcome
    }

    /// Renders the project's tier into a private temporary file and runs `docker stack deploy`
    /// on it; the file is gone when this returns.
    private func deploy(_ project: StartupPlan.Project, tier: StartupPlan.Tier) async -> StartupStep {
        let start = ContinuousClock.now
        let command = ComposeCommand(
            arguments: ["stack", "deploy", "--detach=true", "--prune=false", "--resolve-image", "never", "--compose-file", "<rendered>", project.name],
            project: project.name, services: project.services.map(\.name))
        var step = StartupStep(action: .stackDeploy, target: project.name, tier: tier.number, services: command.services, command: command)
        do {
            let file = try render(project)
            let directory = try PrivateDirectory()
            defer { directory.remove() }
            let path = try directory.write("\(project.name).stack.yml", file.text)
            step = await cli.perform(step, arguments: command.arguments.map { $0 == "<rendered>" ? path : $0 })
        } catch {
            step.succeeded = false
            step.detail = "could not deploy: \(error)"
        }
        step.duration = ContinuousClock.now - start
        return step
    }

    /// Waits until every service of the tier has its desired replicas running; the reason it
    /// failed by project, empty when it converged.
    private func converge(
        _ tier: StartupPlan.Tier, ignoring before: Set<String>, started: ContinuousClock.Instant,
        progress: @escaping @Sendable (StartupEvent) -> Void
    ) async -> [String: String] {
        let deadline = started + .seconds(waitTimeoutSeconds)
        var last: [SwarmConvergence.Service] = []
        while true {
            if let services = try? await engine.swarmServices(), let tasks = try? await engine.swarmTasks() {
                let state = SwarmConvergence(tier: tier, services: services, tasks: tasks, olderThanDeploy: before)
                last = state.services
                progress(.tierProgress(tier, state.progress, elapsed: ContinuousClock.now - started))
                let failed = state.failures
                if !failed.isEmpty { return failed }
                if state.converged { return [:] }
            }
            guard ContinuousClock.now < deadline else {
                let stalled = last.filter { !$0.converged }
                guard !stalled.isEmpty else {
                    return Dictionary(tier.projects.map { ($0.name, "the swarm did not answer within \(waitTimeoutSeconds) s") }, uniquingKeysWith: { a, _ in a })
                }
                return Dictionary(grouping: stalled, by: \.project).mapValues { services in
                    services.map { service in
                        "\(service.swarmName): \(service.running) of \(service.desired) running after \(waitTimeoutSeconds) s"
                            + (service.latest.map { " (latest task: \($0.state)\($0.error.isEmpty ? "" : ": \($0.error)"))" } ?? "")
                    }.joined(separator: "\n")
                }
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    // MARK: down

    /// Removes the plan's services last tier first (waiting until their containers are gone),
    /// then `docker stack rm` for each stack the plan covers whole (its networks, secrets and
    /// configs). External networks stay.
    public func down(_ plan: StartupPlan, progress: @escaping @Sendable (StartupEvent) -> Void = { _ in }) async throws -> StartupOutcome {
        try await checkTools()
        var outcome = StartupOutcome()
        for tier in plan.tiers.reversed() {
            let start = ContinuousClock.now
            progress(.tierStarted(tier))
            let deployed = Set(try await engine.swarmServices().map(\.name))
            var steps: [StartupStep] = []
            for project in tier.projects {
                let names = project.services.map { Self.serviceName($0, in: project) }.filter(deployed.contains)
                let command = ComposeCommand(arguments: ["service", "rm"] + names, project: project.name, services: project.services.map(\.name))
                var step = StartupStep(action: .serviceRemove, target: project.name, tier: tier.number, services: command.services, command: command)
                if names.isEmpty {
                    step.detail = "not deployed"
                } else {
                    step = await cli.perform(step)
                    if step.succeeded, let left = await waitUntilGone(names) {
                        step.succeeded = false
                        step.detail = left
                    }
                }
                steps.append(step)
            }
            outcome.steps += steps
            for step in steps { progress(.step(step)) }
            let succeeded = steps.allSatisfy(\.succeeded)
            progress(.tierFinished(tier, succeeded: succeeded, elapsed: ContinuousClock.now - start))
            guard succeeded else {
                outcome.failures = ruleSettings.apply(steps.filter { !$0.succeeded }.map { PlatformStarter.failure(of: $0, tier: tier) })
                outcome.failedServices = tier.services.map(\.name)
                return outcome
            }
        }
        for project in plan.wholeProjects.reversed() {
            let command = ComposeCommand(arguments: ["stack", "rm", "--detach=false", project.name], project: project.name, services: [])
            let step = await cli.perform(StartupStep(action: .stackRemove, target: project.name, command: command))
            outcome.steps.append(step)
            progress(.step(step))
            if !step.succeeded {
                outcome.failures = ruleSettings.apply([PlatformStarter.failure(of: step, tier: nil)])
                return outcome
            }
        }
        return outcome
    }

    /// Waits until no container of the services is left; what is left after the timeout.
    private func waitUntilGone(_ services: [String]) async -> String? {
        let deadline = ContinuousClock.now + .seconds(waitTimeoutSeconds)
        let names = Set(services)
        while true {
            let left = (try? await engine.containers(all: true))?.filter { names.contains($0.labels["com.docker.swarm.service.name"] ?? "") }
            if let left, left.isEmpty { return nil }
            guard ContinuousClock.now < deadline else {
                return "containers still there after \(waitTimeoutSeconds) s: " + (left ?? []).map(\.name).joined(separator: ", ")
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    static func networkFailure(_ network: StartupPlan.Network, detail: String) -> Finding {
        LiveCheckCatalog.startupFailed.finding(
            "\(network.name): the network is not a swarm overlay network", at: network.location,
            evidence: [detail],
            fix: Fix(
                file: network.location?.file, line: network.location?.line,
                explanation: "Declare the network `driver: overlay` and `attachable: true` in the registry, remove the bridge network of that name, and run `infractl up --target swarm` again."),
            verify: ["docker network inspect --format '{{.Driver}} {{.Scope}} {{.Attachable}}' \(network.name)"])
    }
}

/// Where a tier stands on a swarm, from one list of services and of their tasks: a pure
/// function of the two, so convergence and failure are tested without one. A task that
/// existed before the deploy counts when it runs (a service the deploy left unchanged keeps
/// its tasks) but not when it failed (an old failure says nothing of this deploy).
public struct SwarmConvergence: Sendable {
    public struct Service: Sendable {
        public var registryName: String
        public var project: String
        public var swarmName: String
        public var desired: Int
        public var running: Int
        /// The newest task.
        public var latest: SwarmTask?
        /// A task of this deploy that failed, was rejected, or waits with an error.
        public var failure: SwarmTask?
        public var converged: Bool { failure == nil && desired > 0 && running >= desired }
    }

    public var services: [Service]

    public init(tier: StartupPlan.Tier, services: [SwarmService], tasks: [SwarmTask], olderThanDeploy: Set<String> = []) {
        let byName = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let tasksByService = Dictionary(grouping: tasks, by: \.serviceID)
        self.services = tier.projects.flatMap { project in
            project.services.map { planned in
                let name = SwarmStarter.serviceName(planned, in: project)
                guard let service = byName[name] else {
                    return Service(registryName: planned.name, project: project.name, swarmName: name, desired: 0, running: 0)
                }
                let own = (tasksByService[service.id] ?? []).sorted { $0.timestamp < $1.timestamp }
                let running = own.count(where: \.isRunning)
                let desired = service.wantedTasks ?? max(1, running)
                // `pending` with an error: the scheduler found no node that fits.
                let failure = own.last { !olderThanDeploy.contains($0.id) && ($0.hasFailed || ($0.state == "pending" && !$0.error.isEmpty)) }
                return Service(
                    registryName: planned.name, project: project.name, swarmName: name, desired: desired, running: running,
                    latest: own.last, failure: failure)
            }
        }
    }

    public var converged: Bool { services.allSatisfy(\.converged) }

    /// The failed tasks' errors by project.
    public var failures: [String: String] {
        Dictionary(grouping: services.filter { $0.failure != nil }, by: \.project).mapValues { failed in
            failed.compactMap { service in
                service.failure.map { task in
                    "\(service.swarmName): task \(task.id.prefix(12)) \(task.state): \(task.error.isEmpty ? task.message : task.error)"
                        + (task.exitCode.map { $0 == 0 ? "" : " (exit code \($0))" } ?? "")
                }
            }.joined(separator: "\n")
        }
    }

    /// What the progress display shows for each service: `running 2/2`, `preparing 0/1`.
    public var progress: [ServiceProgress] {
        services.map { service in
            let state = service.converged ? "running" : (service.latest?.state ?? "absent")
            return ServiceProgress(name: service.registryName, project: service.project, state: "\(state) \(service.running)/\(service.desired)")
        }
    }
}

/// A folder only this user can read, for a rendered stack file holding secrets, removed after.
struct PrivateDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/infractl-stack-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw OperationError("could not create a private temporary folder in \(NSTemporaryDirectory()): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    /// Writes `text` as `name` (mode 0600) and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let file = "\(path)/\(name)"
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw OperationError("could not write \(file)")
        }
        return file
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
