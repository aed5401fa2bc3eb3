/// Where the Docker engine listens, as `DOCKER_HOST` names it.
public enum DockerHost: Sendable, Hashable, CustomStringConvertible {
    /// A unix domain socket, e.g. `/var/run/docker.sock`.
    case unix(path: String)
    /// A plain-HTTP TCP endpoint (no TLS).
    case tcp(host: String, port: Int)

    /// The engine's default socket, `unix:///var/run/docker.sock`.
    public static let `default` = DockerHost.unix(path: "/var/run/docker.sock")

    /// The port Docker uses for plain HTTP when `tcp://` names none.
    public static let defaultTCPPort = 2375

    /// The host `DOCKER_HOST` names in `environment`, or the default socket when it is unset or
    /// empty. TLS (`DOCKER_TLS_VERIFY`) is refused rather than silently ignored.
    public init(environment: [String: String]) throws(DockerEngineError) {
        guard let value = environment["DOCKER_HOST"], !value.isEmpty else {
            self = .default
            return
        }
        self = try DockerHost(parsing: value)
        if case .tcp = self, let verify = environment["DOCKER_TLS_VERIFY"], !verify.isEmpty, verify != "0" {
            throw DockerEngineError(
                kind: .invalidHost, address: value,
                message: "DOCKER_TLS_VERIFY is set, but infractl talks plain HTTP only; unset it or use a unix socket")
        }
    }

    /// Parses `unix:///path/to/socket` or `tcp://host[:port]` (`tcp://[::1]:2375` for IPv6).
    public init(parsing value: String) throws(DockerEngineError) {
        func invalid(_ reason: String) -> DockerEngineError {
            DockerEngineError(kind: .invalidHost, address: value, message: reason)
        }
        guard let schemeEnd = value.range(of: "://") else {
            throw invalid("expected unix:///path or tcp://host:port")
        }
        let scheme = value[..<schemeEnd.lowerBound].lowercased()
        let rest = String(value[schemeEnd.upperBound...])
        switch scheme {
        case "unix":
            guard !rest.isEmpty else { throw invalid("the socket path is empty") }
            self = .unix(path: rest)
        case "tcp":
            var authority = Substring(rest)
            if authority.hasSuffix("/") { authority = authority.dropLast() }
            guard !authority.isEmpty, !authority.contains("/") else {
                throw invalid("expected tcp://host:port without a path")
            }
            var host: Substring
            var portText: Substring?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else { throw invalid("unclosed [ in the IPv6 address") }
                host = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                if !after.isEmpty {
                    guard after.hasPrefix(":") else { throw invalid("expected :port after the IPv6 address") }
                    portText = after.dropFirst()
                }
            } else if let colon = authority.lastIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            } else {
                host = authority
            }
            guard !host.isEmpty else { throw invalid("the host name is empty") }
            var port = Self.defaultTCPPort
            if let portText {
                guard let number = Int(portText), (1...65535).contains(number) else {
                    throw invalid("'\(portText)' is not a port number")
                }
                port = number
            }
            self = .tcp(host: String(host), port: port)
        default:
            throw invalid("the \(scheme):// scheme is not supported; use unix:// or tcp://")
        }
    }

    /// The address as `DOCKER_HOST` writes it; error messages name it.
    public var description: String {
        switch self {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        }
    }

    /// The URL of `uri` (path and query) on this host, as async-http-client takes it.
    func url(for uri: String) -> String {
        switch self {
        case .unix(let path):
            "http+unix://\(Self.percentEncoded(path))\(uri)"
        case .tcp(let host, let port):
            host.contains(":") ? "http://[\(host)]:\(port)\(uri)" : "http://\(host):\(port)\(uri)"
        }
    }

    /// Encodes everything but RFC 3986 unreserved characters, as the URL host part needs.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return result
    }
}
