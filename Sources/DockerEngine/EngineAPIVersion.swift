/// A Docker Engine API version such as `1.41`, ordered numerically (`1.9 < 1.41`).
public struct EngineAPIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    /// The newest API version this client was written against; it talks no newer one.
    public static let clientMaximum = EngineAPIVersion(major: 1, minor: 47)

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `major.minor`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
            return nil
        }
        self.init(major: major, minor: minor)
    }

    /// The version both sides speak: the server's, capped at what this client knows.
    public static func negotiated(server: EngineAPIVersion) -> EngineAPIVersion {
        min(server, clientMaximum)
    }

    public static func < (lhs: EngineAPIVersion, rhs: EngineAPIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }
}
