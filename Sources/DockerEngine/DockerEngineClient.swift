import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The Docker engine over HTTP: a unix socket or plain `tcp://`, as `DOCKER_HOST` says.
///
/// The first call asks `GET /version` (unversioned) and every later call uses
/// `/v<min(engine API, EngineAPIVersion.clientMaximum)>`. Every request is bounded by
/// `timeout` (to the response head, and again for each pause while reading the body). The
/// client owns connections: call `shutdown()` when done, or use `withClient`.
public struct DockerEngineClient: DockerEngine, DockerNetworkCreating, DockerSwarmReading {
    /// The engine this client talks to.
    public let host: DockerHost
    /// The bound on each request.
    public let timeout: Duration
    /// Counts the requests sent, shared by copies of this client.
    public let requestCounter: EngineRequestCounter

    private let httpClient: HTTPClient
    private let negotiation = VersionNegotiation()

    /// The largest JSON answer accepted (a list of hundreds of containers is well under it).
    private static let jsonLimit = 64 << 20
    /// The largest logs answer accepted.
    private static let logsLimit = 64 << 20

    /// A client of the engine at `host`; `shutdown()` it when done.
    public init(
        host: DockerHost = .default, timeout: Duration = .seconds(10),
        requestCounter: EngineRequestCounter = EngineRequestCounter()
    ) {
        self.host = host
        self.timeout = timeout
        self.requestCounter = requestCounter
        let amount = Self.timeAmount(timeout)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: amount, read: amount))
        // By default the pool retries a refused connection until the request's deadline; an
        // engine that is not there should be reported at once.
        configuration.connectionPool.retryConnectionEstablishment = false
        // A stats answer holds its connection for the engine's one-second sample: with the
        // default 8 connections, 30 containers would take four seconds instead of one.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        configuration.decompression = .disabled
        httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Runs `body` with a client of the engine `DOCKER_HOST` names in `environment` (the default
    /// socket when unset) and shuts the client down afterwards.
    public static func withClient<T>(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: Duration = .seconds(10),
        requestCounter: EngineRequestCounter = EngineRequestCounter(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DockerEngineClient) async throws -> T
    ) async throws -> T {
        let host = try DockerHost(environment: environment)
        let client = DockerEngineClient(host: host, timeout: timeout, requestCounter: requestCounter)
        let result: T
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// Closes the client's connections. Copies of the client share them.
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    /// The API version used for calls, asking the engine the first time.
    public func apiVersion() async throws -> EngineAPIVersion {
        try await negotiated().apiVersion
    }

    // MARK: DockerEngine

    public func info() async throws -> EngineInfo {
        try await get(EngineInfo.self, "/info")
    }

    /// The answer of the version negotiation: it costs no second request.
    public func version() async throws -> EngineVersion {
        try await negotiated().engine
    }

    public func containers(all: Bool) async throws -> [ContainerSummary] {
        try await get([ContainerSummary].self, "/containers/json", query: all ? "all=1" : "")
    }

    public func inspectContainer(id: String) async throws -> ContainerDetails {
        try await get(ContainerDetails.self, "/containers/\(DockerHost.percentEncoded(id))/json")
    }

    public func logs(id: String, tail: Int) async throws -> [ContainerLogLine] {
        let uri = try await versioned(
            "/containers/\(DockerHost.percentEncoded(id))/logs",
            query: "stdout=1&stderr=1&timestamps=1&tail=\(max(0, tail))")
        return try await perform(uri) { response, request in
            let contentType = response.headers.first(name: "content-type")
            var decoder = LogStreamDecoder(framing: LogStreamDecoder.framing(contentType: contentType))
            var lines: [ContainerLogLine] = []
            var received = 0
            do {
                for try await chunk in response.body {
                    received += chunk.readableBytes
                    guard received <= Self.logsLimit else {
                        throw error(.invalidResponse, request, "the logs are larger than \(Self.logsLimit) bytes")
                    }
                    lines += try decoder.feed(chunk.readableBytesView)
                }
                lines += try decoder.finish()
            } catch let failure as LogStreamDecoder.Failure {
                throw error(.invalidResponse, request, failure.description)
            }
            return lines.map { $0.splittingTimestamp() }
        }
    }

    public func networks() async throws -> [DockerNetwork] {
        try await get([DockerNetwork].self, "/networks")
    }

    public func inspectNetwork(id: String) async throws -> DockerNetwork {
        try await get(DockerNetwork.self, "/networks/\(DockerHost.percentEncoded(id))")
    }

    public func stats(id: String) async throws -> ContainerStats {
        // Not `one-shot=true`: that skips the second sample, and so the CPU percentage.
        try await get(ContainerStats.self, "/containers/\(DockerHost.percentEncoded(id))/stats", query: "stream=false")
    }

    // MARK: DockerSwarmReading

    public func swarmServices() async throws -> [SwarmService] {
        try await get([SwarmService].self, "/services", query: "status=true")
    }

    public func swarmTasks() async throws -> [SwarmTask] {
        try await get([SwarmTask].self, "/tasks")
    }

    public func swarmNodes() async throws -> [SwarmNode] {
        try await get([SwarmNode].self, "/nodes")
    }

    // MARK: DockerNetworkCreating

    public func createNetwork(_ request: NetworkCreateRequest) async throws -> NetworkCreation {
        let uri = try await versioned("/networks/create", query: "")
        let body = try JSONEncoder().encode(request)
        do {
            return try await perform(uri, method: .POST, body: body) { response, request in
                let created = try await decodeJSON(NetworkCreateResponse.self, response, request)
                return .created(id: created.id)
            }
        } catch let failure as DockerEngineError where failure.statusCode == 409 {
            // Created meanwhile by someone else (the engine refuses a duplicate name).
            return .alreadyExisted
        }
    }

    // MARK: Requests

    private struct Negotiated: Sendable {
        var engine: EngineVersion
        var apiVersion: EngineAPIVersion
    }

    /// Asks `/version` once per client; concurrent first calls share the one request.
    private actor VersionNegotiation {
        private var task: Task<Negotiated, any Error>?

        func result(_ fetch: @escaping @Sendable () async throws -> Negotiated) async throws -> Negotiated {
            let current = task ?? Task { try await fetch() }
            task = current
            do {
                return try await current.value
            } catch {
                // A failed negotiation is not remembered: the next call tries again.
                if task == current { task = nil }
                throw error
            }
        }
    }

    private func negotiated() async throws -> Negotiated {
        try await negotiation.result { [self] in
            let engine = try await perform("/version") { response, request in
                try await decodeJSON(EngineVersion.self, response, request)
            }
            guard let server = EngineAPIVersion(engine.apiVersion) else {
                throw error(.invalidResponse, "GET /version", "unknown API version '\(engine.apiVersion)'")
            }
            return Negotiated(engine: engine, apiVersion: EngineAPIVersion.negotiated(server: server))
        }
    }

    private func versioned(_ path: String, query: String) async throws -> String {
        let version = try await negotiated().apiVersion
        return "/v\(version)\(path)" + (query.isEmpty ? "" : "?\(query)")
    }

    private func get<T: Decodable>(_ type: T.Type, _ path: String, query: String = "") async throws -> T {
        let uri = try await versioned(path, query: query)
        return try await perform(uri) { response, request in
            try await decodeJSON(type, response, request)
        }
    }

    /// Sends `METHOD uri` (with a JSON `body`), turns failures into `DockerEngineError`, hands a
    /// 2xx answer to `read`.
    private func perform<Result>(
        _ uri: String, method: HTTPMethod = .GET, body: Data? = nil,
        read: (HTTPClientResponse, _ request: String) async throws -> Result
    ) async throws -> Result {
        let requestLine = "\(method.rawValue) \(uri)"
        var request = HTTPClientRequest(url: host.url(for: uri))
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        if case .unix = host {
            // Over a unix socket async-http-client sends no Host header; the engine requires one.
            request.headers.add(name: "Host", value: "docker")
        }
        let start = ContinuousClock.now
        defer { requestCounter.record(ContinuousClock.now - start) }

        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: Self.timeAmount(timeout))
        } catch {
            throw transportError(error, requestLine)
        }
        guard (200..<300).contains(response.status.code) else {
            let body = try? await response.body.collect(upTo: 1 << 20)
            let message = body.flatMap(Self.engineMessage) ?? response.status.reasonPhrase
            let kind: DockerEngineError.Kind = response.status == .notFound ? .notFound : .engineError
            throw DockerEngineError(
                kind: kind, address: host.description, request: requestLine, statusCode: Int(response.status.code),
                message: message)
        }
        do {
            return try await read(response, requestLine)
        } catch let failure as DockerEngineError {
            throw failure
        } catch {
            throw transportError(error, requestLine)
        }
    }

    private func decodeJSON<T: Decodable>(_ type: T.Type, _ response: HTTPClientResponse, _ request: String)
        async throws -> T
    {
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: Self.jsonLimit)
        } catch is NIOTooManyBytesError {
            throw error(.invalidResponse, request, "the answer is larger than \(Self.jsonLimit) bytes")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        } catch let failure as DecodingError {
            throw error(.invalidResponse, request, Self.describe(failure))
        }
    }

    private func error(_ kind: DockerEngineError.Kind, _ request: String, _ message: String) -> DockerEngineError {
        DockerEngineError(kind: kind, address: host.description, request: request, message: message)
    }

    /// Classifies a failure to connect, send or receive.
    private func transportError(_ failure: any Error, _ request: String) -> DockerEngineError {
        if let failure = failure as? HTTPClientError {
            switch failure {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return error(.timeout, request, "no answer within \(timeout)")
            case .connectTimeout:
                return error(.engineUnreachable, request, "connection timed out after \(timeout)")
            case .remoteConnectionClosed:
                return error(.engineUnreachable, request, "the engine closed the connection before answering")
            default:
                return error(.engineUnreachable, request, "\(failure)")
            }
        }
        if failure is IOError || failure is NIOConnectionError || failure is SocketAddressError
            || failure is ChannelError
        {
            return error(.engineUnreachable, request, Self.reason(failure))
        }
        return error(.engineUnreachable, request, "\(failure)")
    }

    /// A short reason for a connection failure: `No such file or directory`, `Connection refused`.
    private static func reason(_ failure: any Error) -> String {
        switch failure {
        case let failure as IOError:
            return String(cString: strerror(failure.errnoCode))
        case let failure as NIOConnectionError:
            if let first = failure.connectionErrors.first { return reason(first.error) }
            if let dnsError = failure.dnsAAAAError ?? failure.dnsAError { return "cannot resolve: \(dnsError)" }
            return "no address to connect to"
        case ChannelError.connectTimeout:
            return "connection timed out"
        case let failure as SocketAddressError:
            if case .unixDomainSocketPathTooLong = failure { return "the socket path is too long" }
            return "\(failure)"
        default:
            return "\(failure)"
        }
    }

    /// The `message` of the engine's JSON error body.
    private static func engineMessage(_ body: ByteBuffer) -> String? {
        struct EngineMessage: Decodable { var message: String }
        let bytes = Data(body.readableBytesView)
        if let decoded = try? JSONDecoder().decode(EngineMessage.self, from: bytes) { return decoded.message }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : String(text.prefix(500))
    }

    /// `missing Id at [0]` rather than the whole `DecodingError` dump.
    private static func describe(_ failure: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch failure {
        case .keyNotFound(let key, let context):
            return "missing \(key.stringValue) at \(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context))"
        case .valueNotFound(let type, let context):
            return "expected \(type) at \(path(context)), found null"
        case .dataCorrupted(let context):
            return "invalid JSON at \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(failure)"
        }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
