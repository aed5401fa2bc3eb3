import Foundation

/// What holds ports on this host, read once: the allocator skips held ports and `ports check`
/// names the holder. The real one reads `/proc/net`; tests give fixed answers.
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

/// The sockets of `/proc/net/{tcp,tcp6,udp,udp6}` when it was created: listening TCP sockets
/// and bound UDP sockets, by port. It sees the current network namespace only (ports that
/// containers publish show up through `docker-proxy`). Without `/proc` (not Linux) it sees
/// nothing and says so in `isAvailable`.
public struct ProcNetHostPorts: HostPorts {
    /// Whether the socket tables could be read.
    public let isAvailable: Bool
    private let sockets: [Int: [String]]

    public init(procRoot: String = "/proc") {
        var sockets: [Int: [String]] = [:]
        var available = false
        for (table, transport) in [("tcp", "tcp"), ("tcp6", "tcp"), ("udp", "udp"), ("udp6", "udp")] {
            guard let data = FileManager.default.contents(atPath: "\(procRoot)/net/\(table)") else { continue }
            available = true
            for (address, port) in Self.boundSockets(String(decoding: data, as: UTF8.self), listeningOnly: transport == "tcp") {
                let host = address.contains(":") ? "[\(address)]" : address
                sockets[port, default: []].append("\(host):\(port)/\(transport)")
            }
        }
        self.sockets = sockets
        self.isAvailable = available
    }

    public func holder(of port: Int) -> String? {
        guard let places = sockets[port] else { return nil }
        return "a socket on " + places.joined(separator: ", ")
    }

    /// The local addresses and ports of a table's sockets: TCP in state LISTEN (`0A`), every
    /// UDP socket with a port. Addresses are hex (`0100007F:1F90` is 127.0.0.1:8080).
    static func boundSockets(_ table: String, listeningOnly: Bool) -> [(address: String, port: Int)] {
        table.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 3, let colon = fields[1].lastIndex(of: ":"),
                  let port = Int(fields[1][fields[1].index(after: colon)...], radix: 16), port > 0 else { return nil }
            if listeningOnly, fields[3] != "0A" { return nil }
            return (address(hex: fields[1][..<colon]), port)
        }
    }

    /// `0100007F` as `127.0.0.1`; a 32-digit IPv6 address as `::` when all zero, `::1` for
    /// loopback, otherwise its eight groups.
    static func address(hex: Substring) -> String {
        if hex.count == 8, let word = UInt32(hex, radix: 16) {
            let value = word.byteSwapped
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        }
        guard hex.count == 32 else { return String(hex) }
        var groups: [UInt16] = []
        var index = hex.startIndex
        for _ in 0..<4 {
            let next = hex.index(index, offsetBy: 8)
            let word = (UInt32(hex[index..<next], radix: 16) ?? 0).byteSwapped
            groups += [UInt16(word >> 16), UInt16(word & 0xFFFF)]
            index = next
        }
        if groups.allSatisfy({ $0 == 0 }) { return "::" }
        if groups.dropLast().allSatisfy({ $0 == 0 }), groups.last == 1 { return "::1" }
        return groups.map { String($0, radix: 16) }.joined(separator: ":")
    }
}
