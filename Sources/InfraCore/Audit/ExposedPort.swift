/// A port the outside world can reach: published on every interface (or on one address that is
/// not loopback), by a service directly or through Traefik, found in the compose files, on the
/// engine, or among the host's listening sockets.
public struct ExposedPort: Sendable, Hashable {
    /// How traffic reaches the service.
    public enum Route: String, Sendable, Hashable {
        /// Straight to the service's own published port.
        case direct
        /// Through one of Traefik's published entry points and a router.
        case traefik
    }

    /// Where the port was seen.
    public enum Source: String, Sendable, Hashable {
        /// A compose file publishes it.
        case compose
        /// A container binds it on the engine (`--live`).
        case engine
        /// A host process listens on it (`--live`).
        case host
    }

    /// The host port; `nil` when Docker picks one.
    public var port: Int?
    /// The address it is bound to: `0.0.0.0`, `::`, or another non-loopback address.
    public var hostIP: String
    public var service: String
    public var app: String?
    /// The service's type (`database`, `api`…), `process` for a host process.
    public var type: String
    public var isDataStore: Bool
    public var via: Route
    /// Whether the traffic is encrypted on the way in: a TLS router through Traefik; a direct
    /// port never is, as far as infractl can tell.
    public var tls: Bool
    /// Whether the registry knows the service and, for a direct port, allocates it that port.
    public var registered: Bool
    /// Host names that route to it through Traefik.
    public var domains: [String] = []
    public var source: Source
    /// Where it is published, when a file says so.
    public var location: SourceLocation?

    /// Whether an address reaches beyond this host: every interface, or any non-loopback one.
    public static func isOutward(_ address: String?) -> Bool {
        guard let address, !address.isEmpty else { return true }
        return !(address == "::1" || address == "localhost" || address.hasPrefix("127."))
    }

    /// The address as it reads in the report (`0.0.0.0` for a port published without one).
    static func display(_ address: String?) -> String {
        guard let address, !address.isEmpty else { return "0.0.0.0" }
        return address
    }
}

/// A domain Traefik routes, with the state of its TLS.
public struct RoutedDomain: Sendable, Hashable {
    public var domain: String
    public var service: String?
    public var router: String
    public var tls: Bool
    /// The certificate that covers it, when one is loaded.
    public var certificate: String?
    /// `valid`, `expiring`, `expired`, `not yet valid`, `not covered`, `ACME`, or `no TLS`.
    public var state: String
}

/// A data store on a shared network together with the apps there that do not depend on it:
/// they can reach it, and nothing on the platform needs them to.
public struct DataStoreReach: Sendable, Hashable {
    public var service: String
    public var network: String
    public var apps: [String]
}
