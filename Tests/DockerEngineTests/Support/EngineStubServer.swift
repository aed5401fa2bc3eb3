import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request the stub engine received.
struct StubRequest: Sendable {
    var method: String
    var uri: String
    var headers: [(String, String)]

    /// The path without the query.
    var path: String { String(uri.prefix { $0 != "?" }) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// What the stub engine answers.
struct StubResponse: Sendable {
    var status: HTTPResponseStatus = .ok
    var headers: [(String, String)] = [("Content-Type", "application/json")]
    /// Body parts, each written and flushed separately (sent chunked when more than one).
    var chunks: [[UInt8]] = []
    /// Accept the request and never answer.
    var silent = false

    static func json(_ text: String, status: HTTPResponseStatus = .ok) -> StubResponse {
        StubResponse(status: status, chunks: [Array(text.utf8)])
    }

    static func fixture(_ name: String) -> StubResponse {
        StubResponse(chunks: [Fixtures.bytes(name)])
    }

    /// The engine's error shape, `{"message": "..."}`.
    static func engineError(_ status: HTTPResponseStatus, _ message: String) -> StubResponse {
        .json(#"{"message":"\#(message)"}"#, status: status)
    }

    static func version(api: String) -> StubResponse {
        .json(#"{"Version":"27.3.1","ApiVersion":"\#(api)","MinAPIVersion":"1.24","Os":"linux","Arch":"amd64"}"#)
    }
}

/// An in-process HTTP server on a unix socket in a temporary directory (or on 127.0.0.1),
/// answering as the Docker engine would from canned routes, and recording the requests.
final class EngineStubServer: Sendable {
    typealias Routes = @Sendable (StubRequest) -> StubResponse?

    /// The unix socket path, or nil for a TCP server.
    let socketPath: String?
    /// The TCP port, for a TCP server.
    let port: Int?
    private let directory: String?
    private let channel: any Channel
    private let recorded: NIOLockedValueBox<[StubRequest]>

    private init(socketPath: String?, port: Int?, directory: String?, channel: any Channel,
                 recorded: NIOLockedValueBox<[StubRequest]>) {
        self.socketPath = socketPath
        self.port = port
        self.directory = directory
        self.channel = channel
        self.recorded = recorded
    }

    /// Every request received so far, in order.
    var requests: [StubRequest] { recorded.withLockedValue { $0 } }

    /// Starts a server on a fresh socket in a fresh temporary directory (kept short: socket
    /// paths are limited to about 100 bytes).
    static func start(tcp: Bool = false, routes: @escaping Routes) async throws -> EngineStubServer {
        let recorded = NIOLockedValueBox<[StubRequest]>([])
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(StubHandler(routes: routes, recorded: recorded))
                }
            }
        if tcp {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
            return EngineStubServer(
                socketPath: nil, port: channel.localAddress?.port, directory: nil, channel: channel,
                recorded: recorded)
        }
        let directory = try TemporaryDirectory.make(prefix: "ie")
        let path = directory + "/engine.sock"
        let channel = try await bootstrap.bind(unixDomainSocketPath: path).get()
        return EngineStubServer(socketPath: path, port: nil, directory: directory, channel: channel, recorded: recorded)
    }

    func stop() async throws {
        try await channel.close()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Runs `body` with a started server and stops it afterwards.
    static func with<T>(
        tcp: Bool = false, routes: @escaping Routes,
        _ body: (EngineStubServer) async throws -> T
    ) async throws -> T {
        let server = try await start(tcp: tcp, routes: routes)
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }
}

private final class StubHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routes: EngineStubServer.Routes
    private let recorded: NIOLockedValueBox<[StubRequest]>
    private var head: HTTPRequestHead?

    init(routes: @escaping EngineStubServer.Routes, recorded: NIOLockedValueBox<[StubRequest]>) {
        self.routes = routes
        self.recorded = recorded
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            let request = StubRequest(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) })
            recorded.withLockedValue { $0.append(request) }
            let response = routes(request) ?? .engineError(.notFound, "page not found")
            guard !response.silent else { return }
            var headers = HTTPHeaders(response.headers)
            if response.chunks.count == 1 {
                headers.replaceOrAdd(name: "Content-Length", value: String(response.chunks[0].count))
            } else if response.chunks.isEmpty {
                headers.replaceOrAdd(name: "Content-Length", value: "0")
            }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers))),
                promise: nil)
            for chunk in response.chunks {
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: chunk)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
