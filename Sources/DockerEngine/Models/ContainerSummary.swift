import Foundation

/// One container as `GET /containers/json` lists it: enough to tell what runs, without the
/// detail of an inspect.
public struct ContainerSummary: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// The container's names, each with the engine's leading `/`; see `name`.
    public var names: [String]
    /// The image as it was asked for (`postgres:16`), or its id.
    public var image: String
    public var imageID: String
    public var command: String
    /// Seconds since 1970.
    public var created: Int64
    public var ports: [Port]
    public var labels: [String: String]
    public var state: ContainerStatus
    /// The engine's human summary, `Up 2 hours (healthy)`, `Exited (1) 3 minutes ago`.
    public var status: String
    public var networkMode: String
    /// The networks the container is attached to, by network name.
    public var networks: [String: NetworkEndpoint]

    /// A port of a listed container, published on the host when `publicPort` is set.
    public struct Port: Sendable, Hashable, Codable {
        public var ip: String?
        public var privatePort: Int
        public var publicPort: Int?
        /// `tcp`, `udp` or `sctp`.
        public var type: String

        public init(ip: String? = nil, privatePort: Int, publicPort: Int? = nil, type: String = "tcp") {
            self.ip = ip
            self.privatePort = privatePort
            self.publicPort = publicPort
            self.type = type
        }

        enum CodingKeys: String, CodingKey {
            case ip = "IP", privatePort = "PrivatePort", publicPort = "PublicPort", type = "Type"
        }
    }

    public init(
        id: String, names: [String], image: String = "", imageID: String = "", command: String = "",
        created: Int64 = 0, ports: [Port] = [], labels: [String: String] = [:], state: ContainerStatus,
        status: String = "", networkMode: String = "default", networks: [String: NetworkEndpoint] = [:]
    ) {
        self.id = id
        self.names = names
        self.image = image
        self.imageID = imageID
        self.command = command
        self.created = created
        self.ports = ports
        self.labels = labels
        self.state = state
        self.status = status
        self.networkMode = networkMode
        self.networks = networks
    }

    /// The primary name without the leading `/` (`docker ps` shows it so).
    public var name: String {
        let first = names.first(where: { !$0.dropFirst().contains("/") }) ?? names.first ?? id
        return first.hasPrefix("/") ? String(first.dropFirst()) : first
    }

    /// The Compose project and service, when Compose made the container.
    public var compose: ComposeLabels? { ComposeLabels(labels: labels) }

    public var createdDate: Date { Date(timeIntervalSince1970: Double(created)) }

    enum CodingKeys: String, CodingKey {
        case id = "Id", names = "Names", image = "Image", imageID = "ImageID", command = "Command"
        case created = "Created", ports = "Ports", labels = "Labels", state = "State", status = "Status"
        case hostConfig = "HostConfig", networkSettings = "NetworkSettings"
    }

    private enum HostConfigKeys: String, CodingKey { case networkMode = "NetworkMode" }
    private enum NetworkSettingsKeys: String, CodingKey { case networks = "Networks" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        names = try c.value(.names, or: [])
        image = try c.value(.image, or: "")
        imageID = try c.value(.imageID, or: "")
        command = try c.value(.command, or: "")
        created = try c.value(.created, or: 0)
        ports = try c.value(.ports, or: [])
        labels = try c.value(.labels, or: [:])
        state = try c.value(.state, or: ContainerStatus(rawValue: ""))
        status = try c.value(.status, or: "")
        if (try? c.decodeNil(forKey: .hostConfig)) == false {
            let hostConfig = try c.nestedContainer(keyedBy: HostConfigKeys.self, forKey: .hostConfig)
            networkMode = try hostConfig.value(.networkMode, or: "")
        } else {
            networkMode = ""
        }
        if (try? c.decodeNil(forKey: .networkSettings)) == false {
            let settings = try c.nestedContainer(keyedBy: NetworkSettingsKeys.self, forKey: .networkSettings)
            networks = try settings.value(.networks, or: [:])
        } else {
            networks = [:]
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(names, forKey: .names)
        try c.encode(image, forKey: .image)
        try c.encode(imageID, forKey: .imageID)
        try c.encode(command, forKey: .command)
        try c.encode(created, forKey: .created)
        try c.encode(ports, forKey: .ports)
        try c.encode(labels, forKey: .labels)
        try c.encode(state, forKey: .state)
        try c.encode(status, forKey: .status)
        var hostConfig = c.nestedContainer(keyedBy: HostConfigKeys.self, forKey: .hostConfig)
        try hostConfig.encode(networkMode, forKey: .networkMode)
        var settings = c.nestedContainer(keyedBy: NetworkSettingsKeys.self, forKey: .networkSettings)
        try settings.encode(networks, forKey: .networks)
    }
}
