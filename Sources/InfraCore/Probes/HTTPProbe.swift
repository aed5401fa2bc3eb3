import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// Checks an HTTP or HTTPS endpoint with `GET`: a 2xx or 3xx status is healthy (redirects are
/// not followed), anything else or no answer is not. Latency is the time to the response head.
/// Every check opens its own connection (`Connection: close`), as `curl` would, so the time
/// includes connecting. HTTPS trusts the system's roots plus the workspace's certificates
/// (`TrustedCertificates`), and a server name such as `grafana.axiom.local` is checked against
/// the certificate while the connection goes to the target's host.
public final class HTTPProbe: Sendable {
    private let client: HTTPClient
    /// Why some of the workspace's certificates could not be trusted (unparseable PEM).
    public let trustProblems: [String]

    /// A probe with its own client, for `targets` (their server names are resolved to their
    /// hosts). `shutdown()` it when done, or use `withProbe`.
    public init(trusting certificates: TrustedCertificates = TrustedCertificates(), targets: [ProbeTarget] = []) {
        var tls = TLSConfiguration.makeClientConfiguration()
        var roots: [NIOSSLCertificate] = []
        var problems: [String] = []
        for source in certificates.sources {
            do {
                roots += try NIOSSLCertificate.fromPEMBytes(Array(source.pem.utf8))
            } catch {
                problems.append("\(source.origin): not a PEM certificate (\(error))")
            }
        }
        if !roots.isEmpty { tls.additionalTrustRoots = [.certificates(roots)] }
        let longest = targets.map(\.timeout).max() ?? .seconds(3)
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: SocketExchange.timeAmount(longest), read: SocketExchange.timeAmount(longest)))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        for target in targets {
            if case .http(_, _, let serverName?) = target.request, serverName != target.host {
                configuration.dnsOverride[serverName] = target.host
            }
        }
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        trustProblems = problems
    }

    /// Runs `body` with a probe and shuts it down afterwards.
    public static func withProbe<T: Sendable>(
        trusting certificates: TrustedCertificates = TrustedCertificates(), targets: [ProbeTarget] = [],
        _ body: (HTTPProbe) async throws -> T
    ) async rethrows -> T {
        let probe = HTTPProbe(trusting: certificates, targets: targets)
        do {
            let result = try await body(probe)
            try? await probe.shutdown()
            return result
        } catch {
            try? await probe.shutdown()
            throw error
        }
    }

    /// Closes the client's connections.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func check(_ target: ProbeTarget) async -> ProbeOutcome {
        guard case .http = target.request else { return .failure("not an HTTP target", latency: nil) }
        var request = HTTPClientRequest(url: target.endpoint)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "infractl/\(InfraVersion.current) health")
        request.headers.add(name: "Connection", value: "close")
        let start = ContinuousClock.now
        do {
            let response = try await client.execute(request, timeout: SocketExchange.timeAmount(target.timeout))
            let latency = ContinuousClock.now - start
            // The body is not needed; read a little of it so the connection ends cleanly.
            _ = try? await response.body.collect(upTo: 64 << 10)
            let status = "HTTP \(response.status.code)"
            if (200..<400).contains(response.status.code) { return .success(status, latency: latency) }
            return .failure("\(status) \(response.status.reasonPhrase)", latency: latency)
        } catch {
            let elapsed = ContinuousClock.now - start
            if let error = error as? HTTPClientError,
               [HTTPClientError.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) || elapsed >= target.timeout {
                let phase = error == .connectTimeout ? "no connection" : "no answer"
                return .failure("\(phase) within \(ProbeFormat.seconds(target.timeout))", latency: elapsed, timedOut: true)
            }
            return .failure(ProbeFailureText.describe(error), latency: elapsed)
        }
    }
}
