/// One line of the Diagnosis Report's Current State: a registry service (or a container the
/// registry does not know) and how it runs.
public struct ServiceState: Sendable, Hashable {
    /// How the line is marked: ✅ fine, ❌ failing, ⚠️ needs a look.
    public enum Condition: String, Sendable, Hashable {
        case ok, failing, warning
    }

    public var name: String
    public var app: String?
    /// The container's name, when there is one.
    public var container: String?
    /// `running`, `exited`, `restarting`, `created`, `paused`, `dead`, or `missing`.
    public var state: String
    /// `healthy`, `unhealthy`, `starting`; nil without a health check.
    public var health: String?
    public var exitCode: Int?
    public var restarts: Int?
    /// Whether the registry lists it.
    public var registered: Bool
    public var condition: Condition
    /// `Running, healthy`, `Not running (exited 1)`, as the report shows it.
    public var summary: String

    public init(
        name: String, app: String? = nil, container: String? = nil, state: String, health: String? = nil,
        exitCode: Int? = nil, restarts: Int? = nil, registered: Bool = true, condition: Condition, summary: String
    ) {
        self.name = name
        self.app = app
        self.container = container
        self.state = state
        self.health = health
        self.exitCode = exitCode
        self.restarts = restarts
        self.registered = registered
        self.condition = condition
        self.summary = summary
    }

    /// The state of a registry service in `context`.
    init(_ service: Registry.Service, in context: DiagnosisContext) {
        guard let container = context.container(of: service.name) else {
            self.init(name: service.name, app: service.app, state: "missing", condition: .failing, summary: "Not running (no container)")
            return
        }
        let health = container.health
        let restarts = container.restartCount
        let exit = container.exitCode
        var condition = Condition.ok
        var summary: String
        switch container.status {
        case .running:
            summary = "Running"
            switch health {
            case .healthy?: summary += ", healthy"
            case .unhealthy?:
                summary += ", unhealthy"
                condition = .failing
            case .starting?:
                summary += ", health: starting"
                condition = .warning
            default: break
            }
        case .restarting:
            summary = "Restarting (exited \(exit ?? 0))"
            condition = .failing
        case .created:
            summary = "Not running (created, never started)"
            condition = .failing
        case .paused:
            summary = "Paused"
            condition = .warning
        default:
            summary = "Not running (exited \(exit ?? 0)" + (container.details?.state.oomKilled == true ? ", OOMKilled" : "") + ")"
            condition = .failing
        }
        if let restarts, restarts > RestartLoopAnalyzer.threshold {
            summary += ", restarted \(restarts) times"
            if condition == .ok { condition = .warning }
        }
        self.init(
            name: service.name, app: service.app, container: container.name, state: container.status.rawValue,
            health: health?.rawValue, exitCode: container.isRunning ? nil : exit, restarts: restarts,
            condition: condition, summary: summary)
    }
}
