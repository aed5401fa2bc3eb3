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
        restartPolicy: RestartPolicy = RestartPolicy(), binds: [String] = []
    ) {
        self.networkMode = networkMode
        self.portBindings = portBindings
        self.restartPolicy = restartPolicy
        self.binds = binds
    }

    enum CodingKeys: String, CodingKey {
        case networkMode = "NetworkMode", portBindings = "PortBindings", restartPolicy = "RestartPolicy"
        case binds = "Binds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        networkMode = try c.value(.networkMode, or: "")
        portBindings = try c.value(.portBindings, or: [String: [DockerPortBinding]?]()).compactMapValues { $0 }
        restartPolicy = try c.value(.restartPolicy, or: RestartPolicy())
        binds = try c.value(.binds, or: [])
    }
}
