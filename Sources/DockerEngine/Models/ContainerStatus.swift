/// A container's lifecycle state as the engine names it (`running`, `exited`…). A struct, not
/// an enum, so states a newer engine adds still decode.
public struct ContainerStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let created = ContainerStatus(rawValue: "created")
    public static let running = ContainerStatus(rawValue: "running")
    public static let paused = ContainerStatus(rawValue: "paused")
    public static let restarting = ContainerStatus(rawValue: "restarting")
    public static let removing = ContainerStatus(rawValue: "removing")
    public static let exited = ContainerStatus(rawValue: "exited")
    public static let dead = ContainerStatus(rawValue: "dead")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

/// A container's health as its health check last judged it. A struct for the same reason as
/// `ContainerStatus`.
public struct HealthStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The container has no health check.
    public static let none = HealthStatus(rawValue: "none")
    /// Within the start period, or no probe has decided yet.
    public static let starting = HealthStatus(rawValue: "starting")
    public static let healthy = HealthStatus(rawValue: "healthy")
    public static let unhealthy = HealthStatus(rawValue: "unhealthy")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
