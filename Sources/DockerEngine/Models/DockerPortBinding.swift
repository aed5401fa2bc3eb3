/// One host address and port a container port is published on, as in `HostConfig.PortBindings`
/// (what was asked for) and `NetworkSettings.Ports` (what the engine bound).
public struct DockerPortBinding: Sendable, Hashable, Codable {
    /// `0.0.0.0`, `::`, `127.0.0.1`…; empty in a request means every address.
    public var hostIP: String
    /// The host port as the engine writes it (a string; empty for "any free port").
    public var hostPort: String

    public init(hostIP: String = "", hostPort: String) {
        self.hostIP = hostIP
        self.hostPort = hostPort
    }

    /// The host port as a number; nil when none was chosen.
    public var port: Int? { Int(hostPort) }

    enum CodingKeys: String, CodingKey {
        case hostIP = "HostIp", hostPort = "HostPort"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hostIP = try c.value(.hostIP, or: "")
        hostPort = try c.value(.hostPort, or: "")
    }
}

/// A container port published on a host port: one row of `docker port`.
public struct PublishedPort: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var containerPort: Int
    /// `tcp`, `udp` or `sctp`.
    public var transport: String
    public var hostIP: String
    /// Nil when the engine picks the port (a request without a host port).
    public var hostPort: Int?

    public init(containerPort: Int, transport: String = "tcp", hostIP: String = "", hostPort: Int?) {
        self.containerPort = containerPort
        self.transport = transport
        self.hostIP = hostIP
        self.hostPort = hostPort
    }

    /// Flattens a port map keyed by `80/tcp` into rows ordered by host port, then container port.
    public static func rows(of bindings: [String: [DockerPortBinding]]) -> [PublishedPort] {
        var rows: [PublishedPort] = []
        for (key, hostBindings) in bindings {
            let parts = key.split(separator: "/", maxSplits: 1)
            guard let first = parts.first, let containerPort = Int(first) else { continue }
            let transport = parts.count > 1 ? String(parts[1]) : "tcp"
            for binding in hostBindings {
                rows.append(
                    PublishedPort(
                        containerPort: containerPort, transport: transport, hostIP: binding.hostIP,
                        hostPort: binding.port))
            }
        }
        return rows.sorted()
    }

    public static func < (lhs: PublishedPort, rhs: PublishedPort) -> Bool {
        (lhs.hostPort ?? -1, lhs.containerPort, lhs.transport, lhs.hostIP)
            < (rhs.hostPort ?? -1, rhs.containerPort, rhs.transport, rhs.hostIP)
    }

    /// `127.0.0.1:5432->5432/tcp`, as `docker ps` writes it.
    public var description: String {
        let host = hostIP.isEmpty ? "" : (hostIP.contains(":") ? "[\(hostIP)]:" : "\(hostIP):")
        return "\(host)\(hostPort.map(String.init) ?? "")->\(containerPort)/\(transport)"
    }
}
