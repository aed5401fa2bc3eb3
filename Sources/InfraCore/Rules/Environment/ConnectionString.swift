import Foundation

/// A host (and port) that a connection setting points at.
struct ConnectionEndpoint: Hashable {
    /// How the endpoint is written.
    enum Form: Hashable {
        /// In a URL's authority (`scheme://user@host:port`).
        case url
        /// `host:port`, or a bare host name.
        case host
        /// A libpq key-value DSN (`host=… port=…`).
        case keyValue
    }

    var form: Form
    var scheme: String?
    var host: String
    /// The port written, or the scheme's default when none is written; nil when unknown.
    var port: Int?
    /// The `host[:port]` text as it stands in the value, for rewriting it.
    var written: String
    /// Whether `written` holds the port (it is not a default or a separate field).
    var portWritten: Bool
}

/// Reads the hosts out of connection settings: URLs (`postgresql://user:pass@host:5432/db`, with
/// several comma-separated hosts), libpq key-value DSNs (`host=db port=5432`), `host:port` and bare
/// host names.
enum ConnectionString {
    /// Names of variables that hold a connection target.
    static let suffixes = ["_URL", "_URI", "_DSN", "_HOST", "_ADDR", "_ADDRESS"]

    /// Whether a variable's name says it holds a connection target.
    static func isConnectionVariable(_ name: String) -> Bool {
        // The last `_` and what follows, compared without case: no upper-cased copy of the name.
        guard let underscore = name.utf8.lastIndex(of: UInt8(ascii: "_")) else { return false }
        let tail = name.utf8[underscore...]
        return suffixes.contains { suffix in
            suffix.utf8.count == tail.count && zip(suffix.utf8, tail).allSatisfy { $0 == ($1 >= 0x61 && $1 <= 0x7A ? $1 - 0x20 : $1) }
        }
    }

    /// The port a scheme uses when the URL gives none.
    static let defaultPorts: [String: Int] = [
        "postgres": 5432, "postgresql": 5432, "mysql": 3306, "mariadb": 3306, "mongodb": 27017,
        "redis": 6379, "rediss": 6379, "valkey": 6379, "amqp": 5672, "amqps": 5671, "nats": 4222,
        "http": 80, "https": 443, "ws": 80, "wss": 443, "memcached": 11211, "smtp": 25,
    ]

    /// The service type a scheme usually talks to.
    static func serviceType(scheme: String?) -> ServiceType? {
        switch scheme?.lowercased() {
        case "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv": .database
        case "redis", "rediss", "valkey", "memcached": .cache
        default: nil
        }
    }

    /// The service type a variable's name suggests (`DATABASE_URL`, `REDIS_HOST`).
    static func serviceType(variable name: String) -> ServiceType? {
        let upper = name.uppercased()
        if ["REDIS", "CACHE", "VALKEY"].contains(where: upper.includes) { return .cache }
        if ["POSTGRES", "DATABASE", "PG", "DB", "MYSQL", "MONGO"].contains(where: upper.includes) { return .database }
        if upper.includes("LOKI") { return .logging }
        if ["MEILI", "SEARCH", "ELASTIC"].contains(where: upper.includes) { return .search }
        return nil
    }

    /// The endpoints a value names. URLs and key-value DSNs are always read; `host:port` and
    /// bare host names only when `hostsAllowed` (the variable's name says it is a connection).
    static func endpoints(in value: String, hostsAllowed: Bool) -> [ConnectionEndpoint] {
        let value = value.trimmingSpaces()
        guard !value.isEmpty else { return [] }
        if let range = value.firstRange(ofText: "://") {
            return urlEndpoints(scheme: String(value[..<range.lowerBound]).lowercased(), rest: value[range.upperBound...])
        }
        if value.firstRange(ofCaseInsensitiveASCII: "host=") != nil,
           value.split(separator: " ").contains(where: { $0.lowercased().hasPrefix("host=") }) { return keyValueEndpoints(value) }
        guard hostsAllowed, !value.contains(where: { $0 == " " || $0 == "/" || $0 == "@" }) else { return [] }
        return value.split(separator: ",").compactMap { hostPort($0, scheme: nil, form: .host) }
    }

    private static func urlEndpoints(scheme: String, rest: Substring) -> [ConnectionEndpoint] {
        // Bytes: every delimiter is ASCII, so each index found is a boundary of the text.
        let bytes = rest.utf8
        let query = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        // A password may hold `/` or `@`; the host starts after the last `@` before the query.
        let start = bytes[..<query].lastIndex(of: UInt8(ascii: "@")).map { bytes.index(after: $0) } ?? bytes.startIndex
        let end = bytes[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        return bytes[start..<end].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true)
            .compactMap { hostPort(Substring($0), scheme: scheme, form: .url) }
    }

    private static func keyValueEndpoints(_ value: String) -> [ConnectionEndpoint] {
        var fields: [String: Substring] = [:]
        for pair in value.split(separator: " ") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            fields[pair[..<equals].lowercased()] = pair[pair.index(after: equals)...]
        }
        guard let host = fields["host"], !host.isEmpty else { return [] }
        let port = fields["port"].flatMap { Int($0) }
        return [ConnectionEndpoint(form: .keyValue, scheme: "postgresql", host: String(host).lowercased(), port: port ?? 5432, written: "host=\(host)", portWritten: false)]
    }

    /// `host`, `host:port`, `[v6]` or `[v6]:port`.
    private static func hostPort(_ text: Substring, scheme: String?, form: ConnectionEndpoint.Form) -> ConnectionEndpoint? {
        let text = text.trimmingSpaces()
        guard !text.isEmpty else { return nil }
        // Bytes: the delimiters are ASCII, so each index found is a boundary of the text.
        let bytes = text.utf8
        let colon = UInt8(ascii: ":")
        var host: String
        var portText: Substring?
        if bytes.first == UInt8(ascii: "["), let close = bytes.firstIndex(of: UInt8(ascii: "]")) {
            host = String(text[bytes.index(after: bytes.startIndex)..<close])
            let after = bytes.index(after: close)
            if after != bytes.endIndex, bytes[after] == colon { portText = text[bytes.index(after: after)...] }
        } else if let first = bytes.firstIndex(of: colon) {
            let rest = bytes.index(after: first)
            if bytes[rest...].contains(colon) {
                host = text  // an IPv6 address without brackets
            } else {
                host = String(text[..<first])
                portText = text[rest...]
            }
        } else {
            host = text
        }
        host = host.lowercased()
        guard !host.isEmpty, !host.utf8.contains(UInt8(ascii: "$")) else { return nil }
        let port: Int?
        if let portText {
            guard let number = Int(portText), (0...65535).contains(number) else { return nil }
            port = number
        } else {
            port = scheme.flatMap { defaultPorts[$0] }
        }
        return ConnectionEndpoint(form: form, scheme: scheme, host: host, port: port, written: text, portWritten: portText != nil)
    }

    /// Host names that mean "this container" or "the Docker host" rather than another container.
    static func isLoopbackOrHost(_ host: String) -> Bool {
        ["localhost", "0.0.0.0", "::1", "::", "host.docker.internal", "ip6-localhost"].contains(host)
            || host.hasPrefix("127.") || host.hasSuffix(".localhost")
    }

    /// The value with the password of a URL (or a `password=` field) replaced by `****`; a
    /// `${VAR}` reference is kept, as it holds no secret.
    static func masked(_ value: String) -> String {
        maskedFields(maskedUserinfo(value))
    }

    private static func maskedFields(_ value: String) -> String {
        var result = ""
        var rest = Substring(value)
        while let range = rest.firstRange(ofCaseInsensitiveASCII: "password=") {
            result += rest[..<range.upperBound]
            let secret = rest[range.upperBound...].prefix { $0 != "&" && $0 != " " && $0 != ";" }
            result += secret.hasPrefix("${") || secret.isEmpty ? String(secret) : "****"
            rest = rest[secret.endIndex...]
        }
        return result + rest
    }

    private static func maskedUserinfo(_ value: String) -> String {
        guard let scheme = value.firstRange(ofText: "://") else { return value }
        let rest = value[scheme.upperBound...]
        let bytes = rest.utf8
        let query = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        guard let at = bytes[..<query].lastIndex(of: UInt8(ascii: "@")),
              let colon = bytes[..<at].firstIndex(of: UInt8(ascii: ":")) else { return value }
        let password = rest[bytes.index(after: colon)..<at]
        if password.hasPrefix("${") && password.hasSuffix("}") && !password.utf8.dropFirst(2).contains(UInt8(ascii: "$")) { return value }
        return String(value[..<bytes.index(after: colon)]) + "****" + String(value[at...])
    }
}
