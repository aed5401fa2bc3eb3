import DockerEngine

/// What holds ports on this host, read once: the allocator skips held ports and `ports check`
/// names the holder. The real one is a snapshot of DockerEngine's `HostPortReader`; tests give
/// fixed answers.
public protocol HostPorts: Sendable {
    /// What holds `port` (a listening TCP socket or a bound UDP socket on any address),
    /// described for a person; `nil` when nothing does.
    func holder(of port: Int) -> String?
}

/// Fixed answers, for tests and for hosts whose ports cannot be read.
public struct FixedHostPorts: HostPorts {
    public var holders: [Int: String]

    public init(_ holders: [Int: String] = [:]) { self.holders = holders }

    public func holder(of port: Int) -> String? { holders[port] }
}

/// The sockets a `HostPortReader` saw when this was created, by port. The default reader is
/// `/proc/net` on Linux, with the owning process where it can be read; it sees the current
/// network namespace only (ports that containers publish show up through `docker-proxy`).
/// When the sockets cannot be read (no `/proc`), it holds nothing and says so in `isAvailable`.
public struct HostPortSnapshot: HostPorts {
    /// Whether the reader could read the sockets.
    public let isAvailable: Bool
    private let holders: [Int: [HostPortHolder]]

    public init(reader: any HostPortReader = ProcHostPortReader()) {
        do {
            holders = Dictionary(grouping: try reader.holders(), by: \.port)
            isAvailable = true
        } catch {
            holders = [:]
            isAvailable = false
        }
    }

    /// `docker-proxy (pid 812) on 0.0.0.0:4000/tcp`, every socket holding the port.
    public func holder(of port: Int) -> String? {
        guard let sockets = holders[port], !sockets.isEmpty else { return nil }
        return sockets.map(\.description).joined(separator: ", ")
    }
}
