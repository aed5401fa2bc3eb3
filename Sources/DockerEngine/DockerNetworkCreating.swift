/// Creating a network: the one write `infractl up` asks of the engine (the platform's external
/// networks exist outside every compose project, so no `docker compose` call makes them).
public protocol DockerNetworkCreating: Sendable {
    /// `POST /networks/create`. A name that exists already is `.alreadyExisted`, not an error.
    func createNetwork(_ request: NetworkCreateRequest) async throws -> NetworkCreation
}

/// The body of `POST /networks/create`.
public struct NetworkCreateRequest: Sendable, Hashable, Encodable {
    public var name: String
    public var driver: String
    /// No route out of the network (a registry network with `internal: true`).
    public var `internal`: Bool
    /// Standalone containers may join it (an overlay network a swarm and Compose share).
    public var attachable: Bool
    public var labels: [String: String]

    public init(name: String, driver: String = "bridge", internal: Bool = false, attachable: Bool = false, labels: [String: String] = [:]) {
        self.name = name
        self.driver = driver
        self.internal = `internal`
        self.attachable = attachable
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", driver = "Driver", `internal` = "Internal", labels = "Labels", attachable = "Attachable", checkDuplicate = "CheckDuplicate"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(driver, forKey: .driver)
        try container.encode(`internal`, forKey: .internal)
        try container.encode(labels, forKey: .labels)
        if attachable { try container.encode(true, forKey: .attachable) }
        // Engines before API 1.44 create a second network of the same name without it.
        try container.encode(true, forKey: .checkDuplicate)
    }
}

/// What `createNetwork` did.
public enum NetworkCreation: Sendable, Hashable {
    case created(id: String)
    /// A network of that name existed (the engine answered 409 Conflict).
    case alreadyExisted
}

/// The answer of `POST /networks/create`.
struct NetworkCreateResponse: Decodable {
    var id: String

    enum CodingKeys: String, CodingKey { case id = "Id" }
}
