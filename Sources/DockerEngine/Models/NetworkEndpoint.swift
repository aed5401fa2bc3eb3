/// A container's attachment to one network (`NetworkSettings.Networks[name]`).
public struct NetworkEndpoint: Sendable, Hashable, Codable {
    public var networkID: String
    public var endpointID: String
    /// The names other containers on the network resolve to this one (service name, aliases,
    /// short id). Engines from API 1.44 list the same in `DNSNames`.
    public var aliases: [String]
    /// API 1.44 and later: every DNS name of the container on this network.
    public var dnsNames: [String]
    /// Empty while the container is not running.
    public var ipAddress: String
    public var ipPrefixLength: Int
    public var gateway: String
    public var globalIPv6Address: String
    public var macAddress: String

    public init(
        networkID: String = "", endpointID: String = "", aliases: [String] = [], dnsNames: [String] = [],
        ipAddress: String = "", ipPrefixLength: Int = 0, gateway: String = "", globalIPv6Address: String = "",
        macAddress: String = ""
    ) {
        self.networkID = networkID
        self.endpointID = endpointID
        self.aliases = aliases
        self.dnsNames = dnsNames
        self.ipAddress = ipAddress
        self.ipPrefixLength = ipPrefixLength
        self.gateway = gateway
        self.globalIPv6Address = globalIPv6Address
        self.macAddress = macAddress
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID", endpointID = "EndpointID", aliases = "Aliases", dnsNames = "DNSNames"
        case ipAddress = "IPAddress", ipPrefixLength = "IPPrefixLen", gateway = "Gateway"
        case globalIPv6Address = "GlobalIPv6Address", macAddress = "MacAddress"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        networkID = try c.value(.networkID, or: "")
        endpointID = try c.value(.endpointID, or: "")
        aliases = try c.value(.aliases, or: [])
        dnsNames = try c.value(.dnsNames, or: [])
        ipAddress = try c.value(.ipAddress, or: "")
        ipPrefixLength = try c.value(.ipPrefixLength, or: 0)
        gateway = try c.value(.gateway, or: "")
        globalIPv6Address = try c.value(.globalIPv6Address, or: "")
        macAddress = try c.value(.macAddress, or: "")
    }
}
