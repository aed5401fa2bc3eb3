import DockerEngine
import Foundation

/// Runs the live checks: reads the engine once, then applies every analyzer to the snapshot and
/// orders the findings so the root causes come first (a dependency that is down before the
/// services that fail because of it).
public struct Diagnoser: Sendable {
    /// The checks run, in catalogue order.
    public let analyzers: [any Analyzer.Type]

    /// A diagnoser running `analyzers` (every live check by default).
    public init(analyzers: [any Analyzer.Type] = DiagnosisCatalog.all) {
        self.analyzers = analyzers
    }

    /// Reads `engine` (and the host's ports) and diagnoses the workspace. Throws a
    /// `DockerEngineError` when the engine cannot be reached, a `DiagnosisError` for a service
    /// the registry lacks.
    public func diagnose(
        _ validation: ValidationContext, workspaceRoot: String, engine: any DockerEngine, engineAddress: String,
        hostPorts: (any HostPortReader)? = ProcHostPortReader(), request: DiagnosisRequest = DiagnosisRequest()
    ) async throws -> Diagnosis {
        let scope = Set(try request.scope(in: validation.registry).map(\.name))
        let matcher = ContainerMatcher(context: validation, workspaceRoot: workspaceRoot)
        let reader = EngineSnapshotReader(
            engine: engine, hostPorts: hostPorts, logTail: request.logTail, engineAddress: engineAddress)
        var snapshot = try await reader.read { summary in
            matcher.registryName(of: summary).map(scope.contains) ?? false
        }
        if request.swarm {
            // Three more requests, whatever the number of services: services, tasks, nodes.
            guard let manager = engine as? any DockerSwarmReading, let membership = snapshot.info?.swarm, membership.isManager else {
                let state = snapshot.info?.swarm.localNodeState ?? "unknown"
                throw DiagnosisError.notASwarmManager(
                    "--target swarm: the engine at \(engineAddress) \(state == "active" ? "is a swarm worker; diagnose through a manager" : "is not in a swarm (Swarm: \(state)); run `docker swarm init` or use --target compose")")
            }
            snapshot.swarm = try await SwarmState.read(from: manager)
        }
        let context = try DiagnosisContext(
            validation: validation, snapshot: snapshot, workspaceRoot: workspaceRoot, request: request)
        return diagnose(context)
    }

    /// The diagnosis of a snapshot already read: a pure function of `context`.
    public func diagnose(_ context: DiagnosisContext) -> Diagnosis {
        let settings = context.registry.rules
        let findings = settings.apply(analyzers.filter { !settings.isDisabled($0.description.id) }.flatMap { $0.init().analyze(context) })
        let ordered = Self.order(findings, context)
        var states = context.services.map { ServiceState($0, in: context) }
        for container in context.unregisteredContainers {
            states.append(ServiceState(
                name: container.name, container: container.name, state: container.status.rawValue,
                health: container.health?.rawValue, registered: false, condition: .warning,
                summary: "Running, not in the registry"))
        }
        let secrets = Self.secrets(context)
        return Diagnosis(
            findings: ordered.findings, rootCauses: ordered.roots, services: states,
            engineAddress: context.snapshot.engineAddress, engineVersion: context.snapshot.info?.serverVersion,
            notes: context.snapshot.notes, secrets: secrets, masker: Self.masker(context, secrets: secrets))
    }

    // MARK: Order

    /// Root causes first (errors, then warnings), then the findings they explain; within each,
    /// services in dependency order (what a service needs before the service), then the checks
    /// in causal order.
    static func order(_ findings: [Finding], _ context: DiagnosisContext) -> (findings: [Finding], roots: [Int]) {
        let rank = serviceRanks(context)
        var symptoms = findings.map { isSymptom($0, among: findings, context) }
        // Services that cannot be created for one missing network share one root cause: the
        // first of them in dependency order.
        var firstByNetwork: [String: Int] = [:]
        for index in findings.indices where findings[index].rule == MissingContainerAnalyzer.description.id {
            guard let name = findings[index].service, let service = context.registry.service(named: name),
                  let (network, _) = context.missingExternalNetwork(of: service) else { continue }
            if let first = firstByNetwork[network] {
                let (earlier, later) = (rank[findings[first].service ?? ""] ?? .max) <= (rank[name] ?? .max) ? (first, index) : (index, first)
                symptoms[later] = true
                firstByNetwork[network] = earlier
            } else {
                firstByNetwork[network] = index
            }
        }
        let priority = ["RUN007", "RUN005", "RUN006", "RUN001", "RUN002", "RUN003", "RUN009", "RUN008", "RUN004"]
        func key(_ index: Int) -> (Int, Int, Int, String) {
            let finding = findings[index]
            let group = symptoms[index] ? 2 : (finding.severity == .error ? 0 : 1)
            let service = finding.service.flatMap { rank[$0] } ?? Int.max
            return (group, service, priority.firstIndex(of: finding.rule) ?? priority.count, finding.message)
        }
        let indices = findings.indices.sorted { key($0) < key($1) }
        let roots = indices.enumerated().filter { !symptoms[$0.element] }.map(\.offset)
        return (indices.map { findings[$0] }, roots)
    }

    /// Whether another finding explains this one: a failure caused by a dependency that has its
    /// own finding, a name that does not resolve because of a missing network (RUN005), a port
    /// the engine could not publish (RUN007), a restart loop of a failing container.
    static func isSymptom(_ finding: Finding, among findings: [Finding], _ context: DiagnosisContext) -> Bool {
        guard let service = finding.service, let registered = context.registry.service(named: service) else { return false }
        func has(_ rules: Set<String>, service name: String, port: Int? = nil) -> Bool {
            findings.contains { $0.service == name && rules.contains($0.rule) && (port == nil || $0.port == port) }
        }
        let down: Set<String> = ["RUN001", "RUN002", "RUN003"]
        switch finding.rule {
        case "RUN008":
            return context.dependencies(of: registered).contains { !context.isRunning($0) && has(down, service: $0) }
        case "RUN009":
            return has(["RUN002", "RUN003"], service: service)
        case "RUN002", "RUN003":
            guard let cause = context.causes(of: service).first else { return false }
            if let blamed = cause.blamedService, blamed != service, has(down, service: blamed),
               context.causes(of: blamed).first?.blamedService != service {
                return true
            }
            if cause.missingNetwork != nil, has(["RUN005"], service: service) { return true }
            if let port = cause.heldPort, has(["RUN007"], service: service, port: port) { return true }
            return false
        default:
            return false
        }
    }

    /// Each registry service's position in dependency order: registry dependencies, compose
    /// `depends_on` and dependencies found in logs before the service; ties by startup tier,
    /// then registry order.
    static func serviceRanks(_ context: DiagnosisContext) -> [String: Int] {
        let registry = context.registry
        var needs: [String: [String]] = [:]
        for service in registry.services {
            var names = context.dependencies(of: service)
            names += context.causes(of: service.name).compactMap(\.blamedService)
            needs[service.name] = names.filter { $0 != service.name && registry.service(named: $0) != nil }
        }
        let start = registry.services.enumerated().sorted {
            (registry.tier(of: $0.element) ?? .max, $0.offset) < (registry.tier(of: $1.element) ?? .max, $1.offset)
        }.map(\.element.name)
        var ranks: [String: Int] = [:]
        var visiting: Set<String> = []
        func visit(_ name: String) {
            guard ranks[name] == nil, visiting.insert(name).inserted else { return }
            for dependency in needs[name] ?? [] { visit(dependency) }
            ranks[name] = ranks.count
        }
        start.forEach(visit)
        return ranks
    }

    // MARK: Secrets

    /// Literal secret values the workspace and the containers hold (values of their secret
    /// variables and passwords in URLs), for masking them wherever they can be, log lines
    /// included.
    static func secrets(_ context: DiagnosisContext) -> [String] {
        var values: [String] = []
        func collect(name: String, value: String) {
            if SecretMasker.isSecretVariable(name), SecretMasker.isSecretValue(value) { values.append(value) }
            if let password = urlPassword(value) { values.append(password) }
        }
        for variable in context.validation.projects.flatMap(\.services).flatMap(\.environment) {
            if let value = variable.value { collect(name: variable.name, value: value) }
        }
        for container in context.snapshot.containers {
            for (name, value) in container.details?.config.environment ?? [:] { collect(name: name, value: value) }
        }
        return values
    }

    /// The masker of the diagnosis: the workspace's, with the containers' names, images and
    /// secrets too.
    static func masker(_ context: DiagnosisContext, secrets: [String]) -> SecretMasker {
        var names = SecretMasker.names(of: context.validation)
        var variables = SecretMasker.secretVariables(of: context.validation)
        for container in context.snapshot.containers {
            names += [container.name] + SecretMasker.imageNames(container.summary.image)
            variables += (container.details?.config.environment ?? [:]).keys.filter { SecretMasker.isSecretVariable($0) }
        }
        return SecretMasker(knownSecrets: secrets, names: names, variables: variables)
    }

    /// The password of `scheme://user:password@host`.
    private static func urlPassword(_ value: String) -> String? {
        guard let scheme = value.range(of: "://") else { return nil }
        let rest = value[scheme.upperBound...].prefix { $0 != "?" && $0 != "#" }
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return nil }
        let password = rest[rest.index(after: colon)..<at]
        return password.isEmpty || password.hasPrefix("$") ? nil : String(password)
    }
}

/// The outcome of `diagnose`.
public struct Diagnosis: Sendable {
    /// Root causes first, then what they explain.
    public var findings: [Finding]
    /// Positions in `findings` of the root causes (the others follow from one of them).
    public var rootCauses: [Int]
    /// The Current State: each registry service diagnosed, then running containers the
    /// registry does not know.
    public var services: [ServiceState]
    /// The engine read, as `DOCKER_HOST` writes it.
    public var engineAddress: String
    /// The engine's release, from `/info`.
    public var engineVersion: String?
    /// Parts of the engine that could not be read.
    public var notes: [String]
    /// Secret values to mask in every output; never printed.
    public var secrets: [String]
    /// Masks every output: `secrets`, and the names of the workspace and its containers left
    /// alone.
    public var masker: SecretMasker

    public init(
        findings: [Finding], rootCauses: [Int], services: [ServiceState], engineAddress: String,
        engineVersion: String? = nil, notes: [String] = [], secrets: [String] = [], masker: SecretMasker? = nil
    ) {
        self.findings = findings
        self.rootCauses = rootCauses
        self.services = services
        self.engineAddress = engineAddress
        self.engineVersion = engineVersion
        self.notes = notes
        self.secrets = secrets
        self.masker = masker ?? SecretMasker(knownSecrets: secrets)
    }

    /// Counts of findings per severity.
    public var summary: FindingSummary { FindingSummary(findings) }
}
