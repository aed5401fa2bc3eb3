/// What `GET /info` says about the engine and its host.
public struct EngineInfo: Sendable, Hashable, Codable {
    public var id: String
    /// The host name of the machine the engine runs on.
    public var name: String
    public var serverVersion: String
    public var containers: Int
    public var containersRunning: Int
    public var containersPaused: Int
    public var containersStopped: Int
    public var images: Int
    /// The storage driver, e.g. `overlay2` or `vfs`.
    public var driver: String
    public var operatingSystem: String
    public var osType: String
    public var architecture: String
    public var kernelVersion: String
    public var cpuCount: Int
    public var memoryBytes: Int64
    /// Warnings the engine reports about its own setup.
    public var warnings: [String]
    /// The engine's part in a swarm (inactive when it is in none).
    public var swarm: SwarmMembership

    public init(
        id: String = "", name: String = "", serverVersion: String, containers: Int = 0, containersRunning: Int = 0,
        containersPaused: Int = 0, containersStopped: Int = 0, images: Int = 0, driver: String = "",
        operatingSystem: String = "", osType: String = "linux", architecture: String = "", kernelVersion: String = "",
        cpuCount: Int = 0, memoryBytes: Int64 = 0, warnings: [String] = [], swarm: SwarmMembership = SwarmMembership()
    ) {
        self.id = id
        self.name = name
        self.serverVersion = serverVersion
        self.containers = containers
        self.containersRunning = containersRunning
        self.containersPaused = containersPaused
        self.containersStopped = containersStopped
        self.images = images
        self.driver = driver
        self.operatingSystem = operatingSystem
        self.osType = osType
        self.architecture = architecture
        self.kernelVersion = kernelVersion
        self.cpuCount = cpuCount
        self.memoryBytes = memoryBytes
        self.warnings = warnings
        self.swarm = swarm
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID", name = "Name", serverVersion = "ServerVersion", containers = "Containers"
        case containersRunning = "ContainersRunning", containersPaused = "ContainersPaused"
        case containersStopped = "ContainersStopped", images = "Images", driver = "Driver"
        case operatingSystem = "OperatingSystem", osType = "OSType", architecture = "Architecture"
        case kernelVersion = "KernelVersion", cpuCount = "NCPU", memoryBytes = "MemTotal", warnings = "Warnings"
        case swarm = "Swarm"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.value(.id, or: "")
        name = try c.value(.name, or: "")
        serverVersion = try c.value(.serverVersion, or: "")
        containers = try c.value(.containers, or: 0)
        containersRunning = try c.value(.containersRunning, or: 0)
        containersPaused = try c.value(.containersPaused, or: 0)
        containersStopped = try c.value(.containersStopped, or: 0)
        images = try c.value(.images, or: 0)
        driver = try c.value(.driver, or: "")
        operatingSystem = try c.value(.operatingSystem, or: "")
        osType = try c.value(.osType, or: "")
        architecture = try c.value(.architecture, or: "")
        kernelVersion = try c.value(.kernelVersion, or: "")
        cpuCount = try c.value(.cpuCount, or: 0)
        memoryBytes = try c.value(.memoryBytes, or: 0)
        warnings = try c.value(.warnings, or: [])
        swarm = try c.value(.swarm, or: SwarmMembership())
    }
}
