/// A socket on this host that holds a port: a listening TCP socket or a bound UDP socket, with
/// the process that owns it when that can be read.
public struct HostPortHolder: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The transport of a socket.
    public enum Transport: String, Sendable, Hashable, Codable, CustomStringConvertible {
        case tcp, udp
        public var description: String { rawValue }
    }

    public var port: Int
    public var transport: Transport
    /// The local address: `0.0.0.0` or `::` for every address, `127.0.0.1`, `::1`…
    public var address: String
    /// The socket inode, which links the socket to the processes holding it.
    public var inode: UInt64
    /// The owning process, nil when no readable `/proc/<pid>/fd` holds the socket (another
    /// user's process without root, or another network namespace).
    public var pid: Int32?
    /// The process's `comm` name (at most 15 characters), e.g. `docker-proxy`, `postgres`.
    public var processName: String?

    public init(
        port: Int, transport: Transport, address: String, inode: UInt64 = 0, pid: Int32? = nil,
        processName: String? = nil
    ) {
        self.port = port
        self.transport = transport
        self.address = address
        self.inode = inode
        self.pid = pid
        self.processName = processName
    }

    /// `postgres (pid 812) on 127.0.0.1:5432/tcp`, or `an unknown process on …`.
    public var description: String {
        let owner: String
        switch (processName, pid) {
        case let (name?, pid?): owner = "\(name) (pid \(pid))"
        case let (nil, pid?): owner = "pid \(pid)"
        case let (name?, nil): owner = name
        case (nil, nil): owner = "an unknown process"
        }
        let host = address.contains(":") ? "[\(address)]" : address
        return "\(owner) on \(host):\(port)/\(transport)"
    }
}

/// Reads which sockets on this host hold ports. The real one is `ProcHostPortReader` (Linux);
/// tests supply fixed answers.
public protocol HostPortReader: Sendable {
    /// Every listening TCP socket and every bound UDP socket, with owners where readable.
    func holders() throws -> [HostPortHolder]
}

extension HostPortReader {
    /// The sockets holding `port` (both transports unless one is given).
    public func holders(of port: Int, transport: HostPortHolder.Transport? = nil) throws -> [HostPortHolder] {
        try holders().filter { $0.port == port && (transport == nil || $0.transport == transport) }
    }
}
