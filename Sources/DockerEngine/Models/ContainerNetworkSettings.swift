/// The `NetworkSettings` of an inspected container: the networks it is on and the host ports
/// the engine actually bound.
public struct ContainerNetworkSettings: Sendable, Hashable, Codable {
    /// By network name.
    public var networks: [String: NetworkEndpoint]
    /// By container port (`5432/tcp`); an exposed but unpublished port has no bindings.
    /// Empty while the container is not running.
    public var ports: [String: [DockerPortBinding]]

    public init(networks: [String: NetworkEndpoint] = [:], ports: [String: [DockerPortBinding]] = [:]) {
        self.networks = networks
        self.ports = ports
    }

    enum CodingKeys: String, CodingKey {
        case networks = "Networks", ports = "Ports"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        networks = try c.value(.networks, or: [:])
        ports = try c.value(.ports, or: [String: [DockerPortBinding]?]()).mapValues { $0 ?? [] }
    }
}

/// A mount of an inspected container (`Mounts`): a bind mount, a volume, or a tmpfs.
public struct ContainerMount: Sendable, Hashable, Codable {
    /// `bind`, `volume`, `tmpfs`, `npipe`.
    public var type: String
    /// The volume name, for volumes.
    public var name: String
    /// The host path (for volumes, the volume's directory).
    public var source: String
    public var destination: String
    public var readWrite: Bool

    public init(type: String, name: String = "", source: String, destination: String, readWrite: Bool = true) {
        self.type = type
        self.name = name
        self.source = source
        self.destination = destination
        self.readWrite = readWrite
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type", name = "Name", source = "Source", destination = "Destination", readWrite = "RW"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.value(.type, or: "")
        name = try c.value(.name, or: "")
        source = try c.value(.source, or: "")
        destination = try c.value(.destination, or: "")
        readWrite = try c.value(.readWrite, or: true)
    }
}
