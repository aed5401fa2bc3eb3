/// What `GET /version` says about the engine.
public struct EngineVersion: Sendable, Hashable, Codable {
    /// The engine release, e.g. `20.10.24` or `27.3.1`.
    public var version: String
    /// The newest API version the engine speaks, e.g. `1.41`.
    public var apiVersion: String
    /// The oldest API version the engine still accepts.
    public var minAPIVersion: String?
    public var os: String?
    public var arch: String?
    public var kernelVersion: String?

    public init(
        version: String, apiVersion: String, minAPIVersion: String? = nil, os: String? = nil,
        arch: String? = nil, kernelVersion: String? = nil
    ) {
        self.version = version
        self.apiVersion = apiVersion
        self.minAPIVersion = minAPIVersion
        self.os = os
        self.arch = arch
        self.kernelVersion = kernelVersion
    }

    enum CodingKeys: String, CodingKey {
        case version = "Version", apiVersion = "ApiVersion", minAPIVersion = "MinAPIVersion", os = "Os"
        case arch = "Arch", kernelVersion = "KernelVersion"
    }
}
