import DockerEngine
import Foundation

/// `infractl health` in the core: what to check, worked out once from the workspace, and
/// sessions that check it (once, or again and again for `--watch`).
public struct HealthChecker: Sendable {
    /// Absolute path of the workspace root.
    public var workspaceRoot: String
    public var plan: HealthPlan
    /// Certificates HTTPS probes trust beyond the system's.
    public var trust: TrustedCertificates
    /// Things to tell the reader about how the plan was made.
    public var notes: [String]
    /// The process environment: `DOCKER_HOST` selects the engine.
    public var environment: [String: String]
    /// Masks secrets in reports, including the literal values of the compose files' secret
    /// variables (a health-check output may echo one).
    public var masker: SecretMasker
    /// Registry name by swarm service name: a swarm task's container stands for its service.
    public var swarmServices: [String: String]
    /// The platform runs on a swarm: a service whose tasks run on other nodes is running too.
    public var swarm = false

    public init(
        workspaceRoot: String, plan: HealthPlan, trust: TrustedCertificates = TrustedCertificates(), notes: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment, masker: SecretMasker = SecretMasker(),
        swarmServices: [String: String] = [:]
    ) {
        self.swarmServices = swarmServices
        self.workspaceRoot = workspaceRoot
        self.plan = plan
        self.trust = trust
        self.notes = notes
        self.environment = environment
        self.masker = masker
    }

    /// The checker of `services` (every service when empty) of `workspace`, probing published
    /// ports on `host`. The registry must load; the compose files and Traefik configuration
    /// are read when they can be (for PostgreSQL's user and the workspace's certificates), and a
    /// note says so when they cannot.
    public init(workspace: Workspace, services: [String] = [], host: String = "127.0.0.1") throws(InputErrors) {
        var notes: [String] = []
        let context: ValidationContext
        do {
            context = try WorkspaceLoader(workspace: workspace).load()
        } catch {
            let registry = try RegistryLoader(workspace: workspace).load()
            context = ValidationContext(registry: registry, projects: [], files: workspace.files)
            let first = error.errors.first.map { ": \($0.description)" } ?? ""
            notes.append("The compose files could not all be read (`infractl validate` shows why)\(first); probes use registry defaults")
        }
        self.init(
            workspaceRoot: workspace.root, plan: HealthPlan(context: context, services: services, host: host),
            trust: TrustedCertificates.workspace(context, environment: workspace.environment), notes: notes,
            environment: workspace.environment, masker: SecretMasker(workspace: context),
            swarmServices: context.swarmServiceNames(workspaceRoot: workspace.root))
    }

    /// Literal values of the compose services' secret variables (`SecretMasker.isSecretVariable`).
    static func secretValues(_ context: ValidationContext) -> [String] {
        context.projects.flatMap(\.services).flatMap(\.environment).compactMap { variable in
            guard SecretMasker.isSecretVariable(variable.name), let value = variable.value, SecretMasker.isSecretValue(value) else { return nil }
            return value
        }
    }

    /// Runs `body` with a session whose engine connection lasts until it returns.
    public func withSession<T: Sendable>(_ body: (HealthSession) async throws -> T) async rethrows -> T {
        let targets = plan.entries.compactMap(\.target)
        let engineTimeout = max(targets.map(\.timeout).max() ?? HealthPlan.defaultTimeout, HealthPlan.defaultTimeout)
        let http = HTTPProbe(trusting: trust)
        var engine: DockerEngineClient?
        let session: HealthSession
        do {
            let host = try DockerHost(environment: environment)
            let client = DockerEngineClient(host: host, timeout: engineTimeout)
            engine = client
            session = HealthSession(checker: self, http: http, engine: client, engineAddress: host.description)
        } catch {
            session = HealthSession(
                checker: self, http: http, engine: nil, engineAddress: environment["DOCKER_HOST"] ?? "",
                engineProblem: error.description)
        }
        do {
            let result = try await body(session)
            try? await engine?.shutdown()
            return result
        } catch {
            try? await engine?.shutdown()
            throw error
        }
    }

    /// Checks once.
    public func check() async -> HealthReport {
        await withSession { await $0.check() }
    }
}

/// Checks a platform with clients that stay open between checks.
public final class HealthSession: Sendable {
    public let checker: HealthChecker
    private let http: HTTPProbe
    private let engine: (any DockerEngine)?
    private let engineAddress: String
    private let engineProblem: String?

    /// A session with its own HTTP probe and engine (nil when the engine cannot be used, with
    /// `engineProblem` saying why).
    public init(
        checker: HealthChecker, http: HTTPProbe, engine: (any DockerEngine)?, engineAddress: String,
        engineProblem: String? = nil
    ) {
        self.checker = checker
        self.http = http
        self.engine = engine
        self.engineAddress = engineAddress
        self.engineProblem = engineProblem
    }

    /// Probes every service and reads the engine, all at once: the check takes about as long as
    /// its slowest probe.
    public func check() async -> HealthReport {
        let start = ContinuousClock.now
        let plan = checker.plan
        async let snapshot = readSnapshot(names: Set(plan.entries.map(\.service.name)))
        let outcomes = await withTaskGroup(of: (String, ProbeOutcome).self) { group in
            for entry in plan.entries {
                guard let target = entry.target else { continue }
                group.addTask { (entry.service.name, await self.probe(target)) }
            }
            var outcomes: [String: ProbeOutcome] = [:]
            for await (name, outcome) in group { outcomes[name] = outcome }
            return outcomes
        }
        let engineState = await snapshot
        return HealthEvaluator.evaluate(
            plan: plan, outcomes: outcomes, snapshot: engineState, workspace: checker.workspaceRoot,
            duration: ContinuousClock.now - start, notes: checker.notes + http.trustProblems)
    }

    /// One probe, by kind.
    public func probe(_ target: ProbeTarget) async -> ProbeOutcome {
        switch target.request {
        case .postgres: await PostgresProbe().check(target)
        case .redis: await RedisProbe().check(target)
        case .http: await http.check(target)
        case .tcp: await TCPProbe().check(target)
        }
    }

    private func readSnapshot(names: Set<String>) async -> HealthSnapshot {
        guard let engine else {
            return HealthSnapshot(engineAddress: engineAddress, engineProblem: engineProblem ?? "no Docker engine configured")
        }
        return await HealthSnapshot.read(from: engine, address: engineAddress, names: names, swarmServices: checker.swarmServices, swarm: checker.swarm)
    }
}
