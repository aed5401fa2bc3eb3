import DockerEngine

/// What a running container used over the engine's one-second sample, against its limits:
/// the numbers of `docker stats`, tied to the limits the container was started with.
public struct ResourceUsage: Sendable, Hashable {
    /// Cores busy over the sample (1.0 = one core all the time); nil without two samples.
    public var cpuCores: Double?
    /// The CPU limit in cores (`cpus`, `deploy.resources.limits.cpus`), nil for none.
    public var cpuLimitCores: Double?
    /// Memory in use, reclaimable page cache left out (as `docker stats` counts it).
    public var memoryBytes: Int64
    /// The memory limit the container was started with; nil for none.
    public var memoryLimitBytes: Int64?
    public var networkReceivedBytes: Int64
    public var networkSentBytes: Int64
    public var blockReadBytes: Int64
    public var blockWrittenBytes: Int64
    public var pids: Int

    public init(
        cpuCores: Double? = nil, cpuLimitCores: Double? = nil, memoryBytes: Int64 = 0, memoryLimitBytes: Int64? = nil,
        networkReceivedBytes: Int64 = 0, networkSentBytes: Int64 = 0, blockReadBytes: Int64 = 0, blockWrittenBytes: Int64 = 0,
        pids: Int = 0
    ) {
        self.cpuCores = cpuCores
        self.cpuLimitCores = cpuLimitCores
        self.memoryBytes = memoryBytes
        self.memoryLimitBytes = memoryLimitBytes
        self.networkReceivedBytes = networkReceivedBytes
        self.networkSentBytes = networkSentBytes
        self.blockReadBytes = blockReadBytes
        self.blockWrittenBytes = blockWrittenBytes
        self.pids = pids
    }

    /// The engine's answer, with the limits from the container's `HostConfig`.
    public init(_ stats: ContainerStats, limits: ContainerHostConfig?) {
        func clamped(_ value: UInt64) -> Int64 { Int64(clamping: value) }
        self.init(
            cpuCores: stats.cpuCores, cpuLimitCores: limits?.cpuLimitCores,
            memoryBytes: clamped(stats.memory.used),
            memoryLimitBytes: limits.flatMap { $0.memory > 0 ? $0.memory : nil },
            networkReceivedBytes: clamped(stats.networkReceived), networkSentBytes: clamped(stats.networkSent),
            blockReadBytes: clamped(stats.blockRead), blockWrittenBytes: clamped(stats.blockWritten), pids: stats.pids)
    }

    /// CPU as a percentage of the container's quota, or of one core when it has none.
    public var cpuPercent: Double? { cpuCores.map { $0 / (cpuLimitCores ?? 1) * 100 } }

    /// One line as people read it: `CPU 48% of 0.5 cores; memory 240MiB of 256MiB (93.8%); 3 PIDs`.
    public var summary: String {
        var parts: [String] = []
        if let percent = cpuPercent {
            parts.append("CPU \(PerformanceAnalyzer.percent(percent)) of " + (cpuLimitCores.map { "\(PerformanceAnalyzer.cores($0)) cores" } ?? "one core"))
        }
        parts.append("memory \(ByteSize.text(memoryBytes))" + (memoryLimitBytes.map { " of \(ByteSize.text($0))" } ?? " (no limit)")
            + (memoryPercent.map { " (\(PerformanceAnalyzer.percent($0)))" } ?? ""))
        if pids > 0 { parts.append("\(pids) PIDs") }
        return parts.joined(separator: "; ")
    }

    /// Memory as a percentage of its limit; nil without a limit.
    public var memoryPercent: Double? {
        memoryLimitBytes.flatMap { $0 > 0 ? Double(memoryBytes) / Double($0) * 100 : nil }
    }
}

/// The durations of a container's last health-check runs against the check's timeout.
public struct HealthCheckTiming: Sendable, Hashable {
    /// Each run's duration in milliseconds, oldest first.
    public var durationsMs: [Int]
    /// The check's timeout in milliseconds.
    public var timeoutMs: Int

    public init(durationsMs: [Int], timeoutMs: Int) {
        self.durationsMs = durationsMs
        self.timeoutMs = timeoutMs
    }

    /// Docker's default health-check timeout (30 s), used when the container sets none.
    public static let defaultTimeoutMs = 30_000

    /// The runs the engine kept (the last five) of an inspected container with a health check.
    public init?(_ details: ContainerDetails) {
        guard let health = details.state.health, !health.log.isEmpty else { return nil }
        let durations = health.log.compactMap { run -> Int? in
            guard let start = run.startDate, let end = run.endDate, end >= start else { return nil }
            return Int((end.timeIntervalSince(start) * 1000).rounded())
        }
        guard !durations.isEmpty else { return nil }
        let timeout = details.config.healthcheck.map { Int($0.timeout / 1_000_000) } ?? 0
        self.init(durationsMs: durations, timeoutMs: timeout > 0 ? timeout : Self.defaultTimeoutMs)
    }

    /// The slowest run.
    public var slowestMs: Int { durationsMs.max() ?? 0 }
}
