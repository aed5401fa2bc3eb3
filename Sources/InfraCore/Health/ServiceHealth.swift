/// How a service is doing, as `infractl health` judges it.
public enum ServiceStatus: String, Sendable, Hashable, CaseIterable {
    /// Every check passed in time.
    case healthy
    /// Every check passed, one slower than its degraded threshold.
    case degraded
    /// A check failed.
    case unhealthy
    /// Nothing could be checked (no probe, no container, no engine).
    case unknown

    /// Worse statuses rank higher; unknown ranks below the others so it never hides a result.
    var severity: Int {
        switch self {
        case .unknown: 0
        case .healthy: 1
        case .degraded: 2
        case .unhealthy: 3
        }
    }

    /// The worse of two statuses (unknown only when both are).
    func worse(_ other: ServiceStatus) -> ServiceStatus { other.severity > severity ? other : self }

    /// The overall status of a platform: its worst known status, unknown when nothing is known.
    public static func overall(_ statuses: [ServiceStatus]) -> ServiceStatus {
        statuses.reduce(.unknown) { $0.worse($1) }
    }

    /// The report marker: ✅ ⚠️ ❌ ❔.
    public var emoji: String {
        switch self {
        case .healthy: "✅"
        case .degraded: "⚠️"
        case .unhealthy: "❌"
        case .unknown: "❔"
        }
    }
}

/// One check of a service and what it found: the network probe, or the container's Docker state
/// and health check.
public struct HealthCheckResult: Sendable, Hashable {
    /// `postgres`, `redis`, `http`, `https`, `tcp` or `docker`.
    public var probe: String
    public var status: ServiceStatus
    /// Time to the answer (for `docker`, the last health-check run's duration).
    public var latency: Duration?
    /// What it found: `pg_isready: accepting connections`, `HTTP 200`, `connection refused`.
    public var detail: String

    public init(probe: String, status: ServiceStatus, latency: Duration? = nil, detail: String) {
        self.probe = probe
        self.status = status
        self.latency = latency
        self.detail = detail
    }
}

/// The container of a service as health saw it.
public struct ContainerHealthView: Sendable, Hashable {
    /// `running`, `exited`…
    public var state: String
    /// `healthy`, `unhealthy`, `starting`, or nil without a health check.
    public var health: String?
    /// The last health-check run's output, trimmed (secrets are masked in reports).
    public var lastOutput: String?
    /// The last health-check run's exit code.
    public var lastExitCode: Int?

    public init(state: String, health: String? = nil, lastOutput: String? = nil, lastExitCode: Int? = nil) {
        self.state = state
        self.health = health
        self.lastOutput = lastOutput
        self.lastExitCode = lastExitCode
    }
}

/// The health of one registry service: its status, the check that decided it, and what to do.
public struct ServiceHealth: Sendable, Hashable {
    public var name: String
    public var app: String
    public var type: ServiceType
    /// Whether it belongs to the shared infrastructure (`rules.shared_apps`).
    public var isShared: Bool
    public var status: ServiceStatus
    /// The check that decided the status (the network probe unless the container's state was
    /// worse), as `probe` in JSON.
    public var probe: String
    public var latency: Duration?
    /// One phrase on the deciding check.
    public var detail: String
    /// The probe's endpoint (`127.0.0.1:5433`, `http://127.0.0.1:3000/api/health`).
    public var endpoint: String?
    /// The container, when the engine knows one of this name.
    public var container: ContainerHealthView?
    /// Every check run, network probe first.
    public var checks: [HealthCheckResult]
    /// The degraded threshold applied.
    public var degradedThreshold: Duration
    /// What a person should do next, in order; empty when healthy.
    public var recommendations: [String]

    public init(
        name: String, app: String, type: ServiceType, isShared: Bool, status: ServiceStatus, probe: String,
        latency: Duration? = nil, detail: String, endpoint: String? = nil, container: ContainerHealthView? = nil,
        checks: [HealthCheckResult] = [], degradedThreshold: Duration = .milliseconds(1000), recommendations: [String] = []
    ) {
        self.name = name
        self.app = app
        self.type = type
        self.isShared = isShared
        self.status = status
        self.probe = probe
        self.latency = latency
        self.detail = detail
        self.endpoint = endpoint
        self.container = container
        self.checks = checks
        self.degradedThreshold = degradedThreshold
        self.recommendations = recommendations
    }

    /// The phrase after the status in reports: `pg_isready: accepting connections`, `slow
    /// response time: 5.2s`, `http check failed: connection refused`.
    public var summary: String {
        switch status {
        case .healthy, .unknown: detail
        case .degraded: "slow response time: \(latency.map(ProbeFormat.seconds) ?? "?")"
        case .unhealthy: "\(probe) check failed: \(detail)"
        }
    }
}
