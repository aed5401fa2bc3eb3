import NIOSSL

/// Checks an HTTP or HTTPS endpoint with `GET`: a 2xx or 3xx status is healthy (redirects are
/// not followed), anything else or no answer is not. Latency is the time to the response head.
/// Every check opens its own connection (`Connection: close`), as `curl` would, so the time
/// includes connecting. Only the status line and the end of the head are read, as leniently as
/// curl reads them (`HTTPResponseHead`): CGI scripts and embedded servers that end lines with a
/// bare LF and delimit the body by closing are healthy. HTTPS trusts the system's roots plus the
/// workspace's certificates (`TrustedCertificates`), and a server name such as
/// `grafana.axiom.local` is checked against the certificate while the connection goes to the
/// target's host.
public struct HTTPProbe: Sendable {
    private let tls: Result<NIOSSLContext, TLSSetupFailure>
    /// Why some of the workspace's certificates could not be trusted (unparseable PEM).
    public let trustProblems: [String]

    /// Why no TLS client could be made.
    struct TLSSetupFailure: Error {
        var reason: String
    }

    /// A probe trusting the system's roots and `certificates`.
    public init(trusting certificates: TrustedCertificates = TrustedCertificates()) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        var roots: [NIOSSLCertificate] = []
        var problems: [String] = []
        for source in certificates.sources {
            do {
                roots += try NIOSSLCertificate.fromPEMBytes(Array(source.pem.utf8))
            } catch {
                problems.append("\(source.origin): not a PEM certificate (\(error))")
            }
        }
        if !roots.isEmpty { configuration.additionalTrustRoots = [.certificates(roots)] }
        do {
            tls = .success(try NIOSSLContext(configuration: configuration))
        } catch {
            tls = .failure(TLSSetupFailure(reason: "TLS client setup failed: \(ProbeFailureText.describe(error))"))
        }
        trustProblems = problems
    }

    public func check(_ target: ProbeTarget) async -> ProbeOutcome {
        guard case .http(let path, let https, let serverName) = target.request else {
            return .failure("not an HTTP target", latency: nil)
        }
        var exchange = SocketExchange(host: target.host, port: target.port, timeout: target.timeout)
        if https {
            switch tls {
            case .success(let context):
                let name = serverName ?? target.host
                // SNI carries names only; an address is checked against the certificate's IP entries.
                exchange.tls = SocketExchange.TLS(context: context, serverHostname: Self.isAddress(name) ? nil : name)
            case .failure(let failure):
                return .failure(failure.reason, latency: nil)
            }
        }
        let request = Self.request(path: path, authority: Self.authority(serverName ?? target.host, port: target.port, https: https))
        switch await exchange.run(request: request, until: { HTTPResponseHead.read($0, closed: false) != .incomplete }) {
        case .failure(let failure):
            return .failure(failure.reason, latency: failure.elapsed, timedOut: failure.timedOut)
        case .success(let answer):
            if answer.bytes.isEmpty { return .failure("connection closed before an answer", latency: answer.answered) }
            switch HTTPResponseHead.read(answer.bytes, closed: true) {
            case .head(let head):
                let status = "HTTP \(head.status)"
                if (200..<400).contains(head.status) { return .success(status, latency: answer.answered) }
                return .failure(head.reason.isEmpty ? status : "\(status) \(head.reason)", latency: answer.answered)
            case .notHTTP(let reason):
                return .failure(reason, latency: answer.answered)
            case .incomplete:
                return .failure("incomplete HTTP answer", latency: answer.answered)
            }
        }
    }

    /// The request bytes: what curl sends, plus `Connection: close`.
    static func request(path: String, authority: String) -> [UInt8] {
        let lines = [
            "GET \(path.isEmpty ? "/" : path) HTTP/1.1", "Host: \(authority)",
            "User-Agent: infractl/\(InfraVersion.current) health", "Accept: */*", "Connection: close",
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// `name`, `name:port` off the scheme's default port, IPv6 addresses in brackets.
    static func authority(_ name: String, port: Int, https: Bool) -> String {
        let host = name.contains(":") ? "[\(name)]" : name
        return port == (https ? 443 : 80) ? host : "\(host):\(port)"
    }

    private static func isAddress(_ name: String) -> Bool {
        name.contains(":") || (!name.isEmpty && name.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) })
    }
}
