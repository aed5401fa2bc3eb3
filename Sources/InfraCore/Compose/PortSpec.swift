/// The short port syntax (`[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`), parsed as Docker's
/// `nat.ParsePortSpec` does.
public struct PortSpec: Sendable, Hashable {
    public var hostIP: String?
    public var published: ClosedRange<Int>?
    public var target: ClosedRange<Int>
    public var `protocol`: String

    /// Protocols Docker accepts.
    public static let protocols: Set<String> = ["tcp", "udp", "sctp"]

    /// Parses `text`; the error is the one line Docker gives.
    public static func parse(_ text: String) -> Result<PortSpec, PortSpecError> {
        var body = Substring(text)
        var proto = "tcp"
        if let slash = body.lastIndex(of: "/") {
            proto = String(body[body.index(after: slash)...]).lowercased()
            body = body[..<slash]
            guard protocols.contains(proto) else { return .failure(PortSpecError("invalid proto: \(proto)")) }
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let containerText = parts[parts.count - 1]
        var hostText = ""
        var ip = ""
        switch parts.count {
        case 1: break
        case 2: hostText = parts[0]
        default:
            ip = parts[..<(parts.count - 2)].joined(separator: ":")
            hostText = parts[parts.count - 2]
        }
        if ip.hasPrefix("["), ip.hasSuffix("]") { ip = String(ip.dropFirst().dropLast()) }
        if !ip.isEmpty, !isIPAddress(ip) { return .failure(PortSpecError("invalid IP address: \(ip)")) }
        guard !containerText.isEmpty else { return .failure(PortSpecError("no port specified: \(text)<empty>")) }
        guard let target = portRange(containerText) else { return .failure(PortSpecError("invalid containerPort: \(containerText)")) }
        var published: ClosedRange<Int>?
        if !hostText.isEmpty {
            guard let host = portRange(hostText) else { return .failure(PortSpecError("invalid hostPort: \(hostText)")) }
            if target.count > 1, host.count != target.count {
                return .failure(PortSpecError("invalid ranges specified for container and host Ports: \(containerText) and \(hostText)"))
            }
            published = host
        }
        return .success(PortSpec(hostIP: ip.isEmpty ? nil : ip, published: published, target: target, protocol: proto))
    }

    /// `8080` or `8080-8081`, each 0…65535.
    public static func portRange(_ text: String) -> ClosedRange<Int>? {
        let pieces = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let low = port(pieces[0]) else { return nil }
        if pieces.count == 1 { return low...low }
        guard let high = port(pieces[1]), high >= low else { return nil }
        return low...high
    }

    private static func port(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text), value <= 65535 else { return nil }
        return value
    }

    /// A dotted IPv4 address or an IPv6 address (loosely checked: hex groups and colons).
    public static func isIPAddress(_ text: String) -> Bool {
        let quads = text.split(separator: ".", omittingEmptySubsequences: false)
        if quads.count == 4, quads.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && (Int($0) ?? 256) < 256 }) {
            return true
        }
        guard text.contains(":") else { return false }
        return text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } && text.split(separator: ":", omittingEmptySubsequences: false).count <= 8
    }
}

/// Why a port entry is invalid, in Docker's words.
public struct PortSpecError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
