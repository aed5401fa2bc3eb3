import DockerEngine

/// One thing `up` or `down` did, for the progress display and the JSON report.
public struct StartupStep: Sendable, Hashable {
    /// What was done.
    public enum Action: String, Sendable, Hashable {
        case checkPorts = "check-ports"
        case networkExists = "network-exists"
        case createNetwork = "create-network"
        case composeUp = "compose-up"
        case composeRemove = "compose-rm"
        case composeDown = "compose-down"
        case stackDeploy = "stack-deploy"
        case serviceRemove = "service-rm"
        case stackRemove = "stack-rm"

        /// The `docker` command it runs, as a person names it (`compose up`, `stack deploy`);
        /// nil for the steps infractl does itself.
        public var dockerCommand: String? {
            switch self {
            case .checkPorts, .networkExists, .createNetwork: nil
            case .composeUp: "compose up"
            case .composeRemove: "compose rm"
            case .composeDown: "compose down"
            case .stackDeploy: "stack deploy"
            case .serviceRemove: "service rm"
            case .stackRemove: "stack rm"
            }
        }

        /// A step of a swarm (`up`/`down --target swarm`).
        public var isSwarm: Bool { self == .stackDeploy || self == .serviceRemove || self == .stackRemove }

        /// A step of starting (`up`), as against stopping.
        public var starts: Bool { self == .composeUp || self == .stackDeploy }
    }

    public var action: Action
    /// The network, the compose project, or `host` for the port check.
    public var target: String
    /// The tier it belongs to (compose steps).
    public var tier: Int?
    /// The registry services it concerns.
    public var services: [String]
    /// The `docker` arguments, for compose steps.
    public var command: ComposeCommand?
    public var succeeded: Bool
    /// Compose's last lines when it failed, the network id when one was created.
    public var detail: String?
    public var duration: Duration

    public init(
        action: Action, target: String, tier: Int? = nil, services: [String] = [], command: ComposeCommand? = nil,
        succeeded: Bool = true, detail: String? = nil, duration: Duration = .zero
    ) {
        self.action = action
        self.target = target
        self.tier = tier
        self.services = services
        self.command = command
        self.succeeded = succeeded
        self.detail = detail
        self.duration = duration
    }

    /// `compose-up forge (tier 1): ok`.
    public var json: JSONValue {
        .fields([
            "action": .string(action.rawValue), "target": .string(target), "tier": .number(tier),
            "services": services.isEmpty ? nil : .array(services.map(JSONValue.string)),
            "command": command.map { .string($0.displayed) },
            "status": .string(succeeded ? "ok" : "failed"), "duration_ms": .int(Self.milliseconds(duration)),
            "detail": .text(detail),
        ])
    }

    /// Whole milliseconds of `duration`.
    public static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// Where a planned service's container is while a tier starts or stops.
public struct ServiceProgress: Sendable, Hashable {
    public var name: String
    public var project: String
    /// `created`, `running`, `exited`…, or `absent` when it has no container.
    public var state: String
    /// `starting`, `healthy`, `unhealthy`, or nil without a health check.
    public var health: String?

    public init(name: String, project: String, state: String, health: String? = nil) {
        self.name = name
        self.project = project
        self.state = state
        self.health = health
    }

    /// `running (healthy)`, `absent`.
    public var summary: String { health.map { "\(state) (\($0))" } ?? state }
}

/// What `up` and `down` tell while they work.
public enum StartupEvent: Sendable {
    /// A step finished.
    case step(StartupStep)
    /// A tier's compose commands started.
    case tierStarted(StartupPlan.Tier)
    /// The tier's containers as the engine listed them, `elapsed` since the tier started.
    case tierProgress(StartupPlan.Tier, [ServiceProgress], elapsed: Duration)
    /// Every compose command of the tier returned.
    case tierFinished(StartupPlan.Tier, succeeded: Bool, elapsed: Duration)

    /// The event with the texts Compose wrote (a step's detail) passed through `masker`.
    public func masked(by masker: SecretMasker) -> StartupEvent {
        guard case .step(var step) = self else { return self }
        step.detail = step.detail.map(masker.mask)
        return .step(step)
    }
}

/// What `up` or `down` did and how it ended.
public struct StartupOutcome: Sendable {
    public var steps: [StartupStep]
    /// RUN007 errors: taken ports, found before anything started (then nothing did).
    public var portConflicts: [Finding]
    /// UP001 errors, one per failed compose command (then later tiers did not run).
    public var failures: [Finding]
    /// The registry services of the tier that failed, to diagnose.
    public var failedServices: [String]

    public init(steps: [StartupStep] = [], portConflicts: [Finding] = [], failures: [Finding] = [], failedServices: [String] = []) {
        self.steps = steps
        self.portConflicts = portConflicts
        self.failures = failures
        self.failedServices = failedServices
    }

    /// Every step succeeded (a check switched off in the rule settings reports nothing, but a
    /// failed step still fails).
    public var succeeded: Bool { portConflicts.isEmpty && failures.isEmpty && steps.allSatisfy(\.succeeded) }
}
