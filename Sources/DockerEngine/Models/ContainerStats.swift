/// One answer of `GET /containers/{id}/stats?stream=false`: the engine samples the container
/// twice, a second apart, so the answer holds both the current counters and the previous ones
/// (`precpu_stats`) that a CPU percentage needs. Counters the engine leaves out (a stopped
/// container, cgroup v1 against v2) are zero.
public struct ContainerStats: Sendable, Hashable, Decodable {
    public struct CPU: Sendable, Hashable, Decodable {
        /// Nanoseconds of CPU time the container used, all cores together.
        public var totalUsage: UInt64
        /// Nanoseconds of CPU time the host used, all cores together.
        public var systemUsage: UInt64
        /// Cores the host has online.
        public var onlineCPUs: Int

        public init(totalUsage: UInt64 = 0, systemUsage: UInt64 = 0, onlineCPUs: Int = 0) {
            self.totalUsage = totalUsage
            self.systemUsage = systemUsage
            self.onlineCPUs = onlineCPUs
        }

        enum CodingKeys: String, CodingKey { case cpuUsage = "cpu_usage", systemUsage = "system_cpu_usage", onlineCPUs = "online_cpus" }
        enum UsageKeys: String, CodingKey { case totalUsage = "total_usage", percpuUsage = "percpu_usage" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            systemUsage = try c.value(.systemUsage, or: 0)
            var cores = try c.value(.onlineCPUs, or: 0)
            totalUsage = 0
            if c.contains(.cpuUsage) {
                let usage = try c.nestedContainer(keyedBy: UsageKeys.self, forKey: .cpuUsage)
                totalUsage = try usage.value(.totalUsage, or: 0)
                // Older engines leave out online_cpus; the per-core list has one entry per core.
                if cores == 0 { cores = try usage.value(.percpuUsage, or: [UInt64]()).count }
            }
            onlineCPUs = cores
        }
    }

    public struct Memory: Sendable, Hashable, Decodable {
        /// Bytes charged to the container, page cache included.
        public var usage: UInt64
        /// The limit the kernel enforces (the host's memory when the container has none).
        public var limit: UInt64
        /// Page cache the kernel can reclaim at once: `total_inactive_file` (cgroup v1) or
        /// `inactive_file` (v2). `docker stats` subtracts it from `usage`, and so do we.
        public var inactiveFile: UInt64

        public init(usage: UInt64 = 0, limit: UInt64 = 0, inactiveFile: UInt64 = 0) {
            self.usage = usage
            self.limit = limit
            self.inactiveFile = inactiveFile
        }

        enum CodingKeys: String, CodingKey { case usage, limit, stats }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            usage = try c.value(.usage, or: 0)
            limit = try c.value(.limit, or: 0)
            let counters = try c.value(.stats, or: [String: UInt64]())
            inactiveFile = counters["total_inactive_file"] ?? counters["inactive_file"] ?? 0
        }

        /// What the container uses, as `docker stats` counts it.
        public var used: UInt64 { usage > inactiveFile ? usage - inactiveFile : usage }
    }

    public var cpu: CPU
    public var previousCPU: CPU
    public var memory: Memory
    /// Bytes received and sent, all interfaces together.
    public var networkReceived: UInt64
    public var networkSent: UInt64
    /// Bytes read from and written to block devices.
    public var blockRead: UInt64
    public var blockWritten: UInt64
    /// Processes and threads in the container.
    public var pids: Int

    public init(
        cpu: CPU = CPU(), previousCPU: CPU = CPU(), memory: Memory = Memory(), networkReceived: UInt64 = 0,
        networkSent: UInt64 = 0, blockRead: UInt64 = 0, blockWritten: UInt64 = 0, pids: Int = 0
    ) {
        self.cpu = cpu
        self.previousCPU = previousCPU
        self.memory = memory
        self.networkReceived = networkReceived
        self.networkSent = networkSent
        self.blockRead = blockRead
        self.blockWritten = blockWritten
        self.pids = pids
    }

    enum CodingKeys: String, CodingKey {
        case cpu = "cpu_stats", previousCPU = "precpu_stats", memory = "memory_stats", networks, blkio = "blkio_stats"
        case pids = "pids_stats"
    }

    struct Interface: Decodable { var rx_bytes: UInt64?; var tx_bytes: UInt64? }
    struct BlockIO: Decodable {
        struct Entry: Decodable { var op: String?; var value: UInt64? }
        var io_service_bytes_recursive: [Entry]?
    }
    struct PIDs: Decodable { var current: Int? }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cpu = try c.value(.cpu, or: CPU())
        previousCPU = try c.value(.previousCPU, or: CPU())
        memory = try c.value(.memory, or: Memory())
        let interfaces = try c.value(.networks, or: [String: Interface]()).values
        networkReceived = interfaces.reduce(0) { $0 + ($1.rx_bytes ?? 0) }
        networkSent = interfaces.reduce(0) { $0 + ($1.tx_bytes ?? 0) }
        let entries = try c.value(.blkio, or: BlockIO(io_service_bytes_recursive: nil)).io_service_bytes_recursive ?? []
        blockRead = entries.filter { $0.op?.lowercased() == "read" }.reduce(0) { $0 + ($1.value ?? 0) }
        blockWritten = entries.filter { $0.op?.lowercased() == "write" }.reduce(0) { $0 + ($1.value ?? 0) }
        pids = try c.value(.pids, or: PIDs(current: nil)).current ?? 0
    }

    /// CPU used between the two samples, in cores (1.0 = one core busy all the time), as
    /// `docker stats` computes its percentage (which is this × 100); nil without two samples.
    public var cpuCores: Double? {
        guard cpu.totalUsage >= previousCPU.totalUsage, cpu.systemUsage > previousCPU.systemUsage, cpu.onlineCPUs > 0,
            previousCPU.systemUsage > 0
        else { return nil }
        let used = Double(cpu.totalUsage - previousCPU.totalUsage)
        let system = Double(cpu.systemUsage - previousCPU.systemUsage)
        return used / system * Double(cpu.onlineCPUs)
    }
}
