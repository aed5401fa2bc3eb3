/// A Docker network. The list call (`GET /networks`) leaves `containers` empty; inspect
/// (`GET /networks/{id}`) fills it with the containers attached right now.
public struct DockerNetwork: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    /// `bridge`, `overlay`, `host`, `null`, `macvlan`…
    public var driver: String
    /// `local` or `swarm`.
    public var scope: String
    /// No route out of the network.
    public var isInternal: Bool
    public var isAttachable: Bool
    public var labels: [String: String]
    /// The IPv4/IPv6 subnets of the network.
    public var subnets: [String]
    /// Attached containers by container id.
    public var containers: [String: AttachedContainer]

    /// A container attached to an inspected network.
    public struct AttachedContainer: Sendable, Hashable, Codable {
        public var name: String
        public var endpointID: String
        /// With prefix length, `172.18.0.2/16`.
        public var ipv4Address: String
        public var ipv6Address: String

        public init(name: String, endpointID: String = "", ipv4Address: String = "", ipv6Address: String = "") {
            self.name = name
            self.endpointID = endpointID
            self.ipv4Address = ipv4Address
            self.ipv6Address = ipv6Address
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name", endpointID = "EndpointID", ipv4Address = "IPv4Address", ipv6Address = "IPv6Address"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.value(.name, or: "")
            endpointID = try c.value(.endpointID, or: "")
            ipv4Address = try c.value(.ipv4Address, or: "")
            ipv6Address = try c.value(.ipv6Address, or: "")
        }
    }

    public init(
        id: String, name: String, driver: String = "bridge", scope: String = "local", isInternal: Bool = false,
        isAttachable: Bool = false, labels: [String: String] = [:], subnets: [String] = [],
        containers: [String: AttachedContainer] = [:]
    ) {
        self.id = id
        self.name = name
        self.driver = driver
        self.scope = scope
        self.isInternal = isInternal
        self.isAttachable = isAttachable
        self.labels = labels
        self.subnets = subnets
        self.containers = containers
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", driver = "Driver", scope = "Scope", isInternal = "Internal"
        case isAttachable = "Attachable", labels = "Labels", ipam = "IPAM", containers = "Containers"
    }

    private enum IPAMKeys: String, CodingKey { case config = "Config" }

    private struct IPAMConfig: Codable {
        var Subnet: String?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.value(.name, or: "")
        driver = try c.value(.driver, or: "")
        scope = try c.value(.scope, or: "")
        isInternal = try c.value(.isInternal, or: false)
        isAttachable = try c.value(.isAttachable, or: false)
        labels = try c.value(.labels, or: [:])
        if (try? c.decodeNil(forKey: .ipam)) == false {
            let ipam = try c.nestedContainer(keyedBy: IPAMKeys.self, forKey: .ipam)
            subnets = try ipam.value(.config, or: [IPAMConfig]()).compactMap(\.Subnet)
        } else {
            subnets = []
        }
        containers = try c.value(.containers, or: [:])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(driver, forKey: .driver)
        try c.encode(scope, forKey: .scope)
        try c.encode(isInternal, forKey: .isInternal)
        try c.encode(isAttachable, forKey: .isAttachable)
        try c.encode(labels, forKey: .labels)
        var ipam = c.nestedContainer(keyedBy: IPAMKeys.self, forKey: .ipam)
        try ipam.encode(subnets.map { IPAMConfig(Subnet: $0) }, forKey: .config)
        try c.encode(containers, forKey: .containers)
    }
}
