/// One container as `GET /containers/{id}/json` describes it: state, health, configuration,
/// networks, ports and mounts.
public struct ContainerDetails: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// The name without the engine's leading `/`.
    public var name: String
    /// RFC 3339.
    public var created: String
    public var path: String
    public var args: [String]
    /// The image id (`sha256:…`); `config.image` is the name it was asked by.
    public var imageID: String
    /// How many times the engine restarted it under its restart policy.
    public var restartCount: Int
    public var state: ContainerState
    public var config: ContainerConfig
    public var hostConfig: ContainerHostConfig
    public var networkSettings: ContainerNetworkSettings
    public var mounts: [ContainerMount]

    public init(
        id: String, name: String, created: String = "", path: String = "", args: [String] = [],
        imageID: String = "", restartCount: Int = 0, state: ContainerState, config: ContainerConfig,
        hostConfig: ContainerHostConfig = ContainerHostConfig(),
        networkSettings: ContainerNetworkSettings = ContainerNetworkSettings(), mounts: [ContainerMount] = []
    ) {
        self.id = id
        self.name = name
        self.created = created
        self.path = path
        self.args = args
        self.imageID = imageID
        self.restartCount = restartCount
        self.state = state
        self.config = config
        self.hostConfig = hostConfig
        self.networkSettings = networkSettings
        self.mounts = mounts
    }

    /// The Compose project and service, when Compose made the container.
    public var compose: ComposeLabels? { ComposeLabels(labels: config.labels) }

    /// The host ports the engine bound for the container (empty while it is not running).
    public var publishedPorts: [PublishedPort] { PublishedPort.rows(of: networkSettings.ports) }

    /// The host ports the container asks for, running or not.
    public var requestedPorts: [PublishedPort] { PublishedPort.rows(of: hostConfig.portBindings) }

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", created = "Created", path = "Path", args = "Args", imageID = "Image"
        case restartCount = "RestartCount", state = "State", config = "Config", hostConfig = "HostConfig"
        case networkSettings = "NetworkSettings", mounts = "Mounts"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        let rawName = try c.value(.name, or: "")
        name = rawName.hasPrefix("/") ? String(rawName.dropFirst()) : rawName
        created = try c.value(.created, or: "")
        path = try c.value(.path, or: "")
        args = try c.value(.args, or: [])
        imageID = try c.value(.imageID, or: "")
        restartCount = try c.value(.restartCount, or: 0)
        state = try c.value(.state, or: ContainerState(status: ContainerStatus(rawValue: "")))
        config = try c.value(.config, or: ContainerConfig(image: ""))
        hostConfig = try c.value(.hostConfig, or: ContainerHostConfig())
        networkSettings = try c.value(.networkSettings, or: ContainerNetworkSettings())
        mounts = try c.value(.mounts, or: [])
    }
}
