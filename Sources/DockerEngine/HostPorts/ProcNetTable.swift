/// Parses the socket tables of `/proc/net/{tcp,tcp6,udp,udp6}`.
///
/// Each line after the header is `sl local_address rem_address st tx:rx tr:when retrnsmt uid
/// timeout inode …`; addresses are hex `IP:PORT`, the IPv4 address one little-endian 32-bit
/// word, the IPv6 address four of them.
public enum ProcNetTable {
    /// One socket of a table.
    public struct Entry: Sendable, Hashable {
        public var address: String
        public var port: Int
        /// The kernel's state number: 0x0A is TCP LISTEN, 0x07 an unconnected UDP socket.
        public var state: UInt8
        public var uid: Int
        public var inode: UInt64
    }

    /// TCP LISTEN.
    public static let listenState: UInt8 = 0x0A

    /// The sockets of one table; malformed lines are skipped.
    public static func entries(_ text: String) -> [Entry] {
        var result: [Entry] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 10, let (address, port) = endpoint(fields[1]),
                let state = UInt8(fields[3], radix: 16), let uid = Int(fields[7]), let inode = UInt64(fields[9])
            else { continue }
            result.append(Entry(address: address, port: port, state: state, uid: uid, inode: inode))
        }
        return result
    }

    /// The sockets that hold a port: listening ones for TCP, every bound one for UDP.
    public static func holders(_ text: String, transport: HostPortHolder.Transport) -> [HostPortHolder] {
        entries(text).compactMap { entry in
            guard entry.port != 0, transport == .udp || entry.state == listenState else { return nil }
            return HostPortHolder(port: entry.port, transport: transport, address: entry.address, inode: entry.inode)
        }
    }

    /// `0100007F:1F90` → (`127.0.0.1`, 8080); 32 hex digits before the colon for IPv6.
    public static func endpoint(_ field: Substring) -> (String, Int)? {
        guard let colon = field.lastIndex(of: ":"), let port = Int(field[field.index(after: colon)...], radix: 16)
        else { return nil }
        let hex = field[..<colon]
        switch hex.count {
        case 8:
            guard let word = UInt32(hex, radix: 16) else { return nil }
            return (ipv4(word.byteSwapped), port)
        case 32:
            var words: [UInt32] = []
            var index = hex.startIndex
            for _ in 0..<4 {
                let next = hex.index(index, offsetBy: 8)
                guard let word = UInt32(hex[index..<next], radix: 16) else { return nil }
                words.append(word.byteSwapped)
                index = next
            }
            return (ipv6(words), port)
        default:
            return nil
        }
    }

    /// Dotted quad of a big-endian (network order) word.
    private static func ipv4(_ word: UInt32) -> String {
        "\(word >> 24).\(word >> 16 & 0xFF).\(word >> 8 & 0xFF).\(word & 0xFF)"
    }

    /// RFC 5952 text of an address given as four network-order words: lower-case hex, the
    /// longest run of two or more zero groups as `::`, IPv4-mapped addresses as `::ffff:a.b.c.d`.
    private static func ipv6(_ words: [UInt32]) -> String {
        if words[0] == 0, words[1] == 0, words[2] == 0xFFFF {
            return "::ffff:" + ipv4(words[3])
        }
        let groups = words.flatMap { [Int($0 >> 16), Int($0 & 0xFFFF)] }
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < groups.count, groups[end] == 0 { end += 1 }
            if end - index > bestLength {
                bestStart = index
                bestLength = end - index
            }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestLength >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// The inode of an `/proc/<pid>/fd/N` link target `socket:[12345]`.
    public static func socketInode(linkTarget: String) -> UInt64? {
        guard linkTarget.hasPrefix("socket:["), linkTarget.hasSuffix("]") else { return nil }
        return UInt64(linkTarget.dropFirst(8).dropLast())
    }
}
