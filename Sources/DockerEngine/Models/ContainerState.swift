import Foundation

/// The `State` of an inspected container: whether it runs, how it ended, its health.
public struct ContainerState: Sendable, Hashable, Codable {
    public var status: ContainerStatus
    public var running: Bool
    public var paused: Bool
    public var restarting: Bool
    /// The kernel killed the last run for exceeding its memory limit.
    public var oomKilled: Bool
    public var dead: Bool
    /// The main process's host pid while running, 0 otherwise.
    public var pid: Int
    /// The last run's exit code (0 while the first run has not ended).
    public var exitCode: Int
    /// The engine's own error starting the container (e.g. a port already allocated).
    public var error: String
    /// RFC 3339; see `startedDate`.
    public var startedAt: String
    /// RFC 3339, Docker's zero time while the container never stopped; see `finishedDate`.
    public var finishedAt: String
    /// Present when the container has a health check.
    public var health: ContainerHealth?

    public init(
        status: ContainerStatus, running: Bool = false, paused: Bool = false, restarting: Bool = false,
        oomKilled: Bool = false, dead: Bool = false, pid: Int = 0, exitCode: Int = 0, error: String = "",
        startedAt: String = "0001-01-01T00:00:00Z", finishedAt: String = "0001-01-01T00:00:00Z",
        health: ContainerHealth? = nil
    ) {
        self.status = status
        self.running = running
        self.paused = paused
        self.restarting = restarting
        self.oomKilled = oomKilled
        self.dead = dead
        self.pid = pid
        self.exitCode = exitCode
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.health = health
    }

    /// When the last run started; nil if it never did.
    public var startedDate: Date? { EngineTimestamp.date(from: startedAt) }
    /// When the last run ended; nil if it has not.
    public var finishedDate: Date? { EngineTimestamp.date(from: finishedAt) }

    enum CodingKeys: String, CodingKey {
        case status = "Status", running = "Running", paused = "Paused", restarting = "Restarting"
        case oomKilled = "OOMKilled", dead = "Dead", pid = "Pid", exitCode = "ExitCode", error = "Error"
        case startedAt = "StartedAt", finishedAt = "FinishedAt", health = "Health"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.value(.status, or: ContainerStatus(rawValue: ""))
        running = try c.value(.running, or: false)
        paused = try c.value(.paused, or: false)
        restarting = try c.value(.restarting, or: false)
        oomKilled = try c.value(.oomKilled, or: false)
        dead = try c.value(.dead, or: false)
        pid = try c.value(.pid, or: 0)
        exitCode = try c.value(.exitCode, or: 0)
        error = try c.value(.error, or: "")
        startedAt = try c.value(.startedAt, or: "")
        finishedAt = try c.value(.finishedAt, or: "")
        health = try c.decodeIfPresent(ContainerHealth.self, forKey: .health)
    }
}

/// The `State.Health` of a container with a health check.
public struct ContainerHealth: Sendable, Hashable, Codable {
    public var status: HealthStatus
    /// Consecutive failed probes.
    public var failingStreak: Int
    /// The last probes (the engine keeps five), oldest first.
    public var log: [HealthProbeResult]

    public init(status: HealthStatus, failingStreak: Int = 0, log: [HealthProbeResult] = []) {
        self.status = status
        self.failingStreak = failingStreak
        self.log = log
    }

    enum CodingKeys: String, CodingKey {
        case status = "Status", failingStreak = "FailingStreak", log = "Log"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.value(.status, or: .none)
        failingStreak = try c.value(.failingStreak, or: 0)
        log = try c.value(.log, or: [])
    }
}

/// One run of a container's health-check command.
public struct HealthProbeResult: Sendable, Hashable, Codable {
    /// RFC 3339.
    public var start: String
    /// RFC 3339.
    public var end: String
    /// 0 healthy, 1 unhealthy; anything else the engine treats as unhealthy too.
    public var exitCode: Int
    /// What the command printed (the engine keeps the first 4 KiB).
    public var output: String

    public init(start: String = "", end: String = "", exitCode: Int, output: String) {
        self.start = start
        self.end = end
        self.exitCode = exitCode
        self.output = output
    }

    public var startDate: Date? { EngineTimestamp.date(from: start) }
    public var endDate: Date? { EngineTimestamp.date(from: end) }

    enum CodingKeys: String, CodingKey {
        case start = "Start", end = "End", exitCode = "ExitCode", output = "Output"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        start = try c.value(.start, or: "")
        end = try c.value(.end, or: "")
        exitCode = try c.value(.exitCode, or: 0)
        output = try c.value(.output, or: "")
    }
}
