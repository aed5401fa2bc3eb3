/// The parts of an inspected container's `HostConfig` diagnosis reads: its network mode, the
/// ports it asked to publish, its restart policy, its bind mounts.
public struct ContainerHostConfig: Sendable, Hashable, Codable {
    /// `default`/`bridge`, `host`, `none`, a network name, or `container:<id>`.
    public var networkMode: String
    /// The publishing asked for, by container port (`5432/tcp`).
    public var portBindings: [String: [DockerPortBinding]]
    public var restartPolicy: RestartPolicy
    /// `host:container[:mode]` bind mounts as given (`Mounts` on the container has the result).
    public var binds: [String]
    /// The memory limit in bytes; 0 for none.
    public var memory: Int64
    /// The CPU limit in billionths of a core (`cpus: 0.5` is 500000000); 0 for none.
    public var nanoCPUs: Int64
    /// The CFS quota per period in microseconds (`cpu_quota`); 0 or -1 for none.
    public var cpuQuota: Int64
    public var cpuPeriod: Int64

    /// When the engine restarts the container.
    public struct RestartPolicy: Sendable, Hashable, Codable {
        /// `no` (or empty), `always`, `unless-stopped`, `on-failure`.
        public var name: String
        public var maximumRetryCount: Int

        public init(name: String = "no", maximumRetryCount: Int = 0) {
            self.name = name
            self.maximumRetryCount = maximumRetryCount
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name", maximumRetryCount = "MaximumRetryCount"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.value(.name, or: "")
            maximumRetryCount = try c.value(.maximumRetryCount, or: 0)
        }
    }

    public init(
        networkMode: String = "default", portBindings: [String: [DockerPortBinding]] = [:],
        restartPolicy: RestartPolicy = RestartPolicy(), binds: [String] = [], memory: Int64 = 0, nanoCPUs: Int64 = 0,
        cpuQuota: Int64 = 0, cpuPeriod: Int64 = 0
    ) {
        self.networkMode = networkMode
        self.portBindings = portBindings
        self.restartPolicy = restartPolicy
        self.binds = binds
        self.memory = memory
        self.nanoCPUs = nanoCPUs
        self.cpuQuota = cpuQuota
        self.cpuPeriod = cpuPeriod
    }

    /// The CPU limit in cores, from `NanoCpus` or the CFS quota; nil for none.
    public var cpuLimitCores: Double? {
        if nanoCPUs > 0 { return Double(nanoCPUs) / 1e9 }
        if cpuQuota > 0 { return Double(cpuQuota) / Double(cpuPeriod > 0 ? cpuPeriod : 100_000) }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case networkMode = "NetworkMode", portBindings = "PortBindings", restartPolicy = "RestartPolicy"
        case binds = "Binds", memory = "Memory", nanoCPUs = "NanoCpus", cpuQuota = "CpuQuota", cpuPeriod = "CpuPeriod"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        networkMode = try c.value(.networkMode, or: "")
        portBindings = try c.value(.portBindings, or: [String: [DockerPortBinding]?]()).compactMapValues { $0 }
        restartPolicy = try c.value(.restartPolicy, or: RestartPolicy())
        binds = try c.value(.binds, or: [])
        memory = try c.value(.memory, or: 0)
        nanoCPUs = try c.value(.nanoCPUs, or: 0)
        cpuQuota = try c.value(.cpuQuota, or: 0)
        cpuPeriod = try c.value(.cpuPeriod, or: 0)
    }
}
