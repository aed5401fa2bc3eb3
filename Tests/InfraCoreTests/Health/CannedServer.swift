import NIOCore
import NIOPosix

/// A TCP server on 127.0.0.1 that answers every connection the same canned way, for probing
/// edge cases no real server shows on demand (a database starting up, a port that accepts and
/// stays silent, a proxy that closes at once). It runs entirely on NIO's event loop, so a busy
/// cooperative pool (the rest of the test suite) cannot delay its answers.
final class CannedServer: Sendable {
    enum Behaviour: Sendable {
        /// Waits for the client's first bytes, then after `delay` writes `bytes`.
        case reply([UInt8], after: Duration = .zero)
        /// Waits for the client's first bytes, writes `bytes`, then closes (a body delimited by
        /// the end of the connection).
        case replyAndClose([UInt8])
        /// Writes `bytes` as soon as a client connects (a banner, as SSH servers send), then waits.
        case greet([UInt8])
        /// Accepts and never says anything.
        case silent
        /// Accepts and closes at once.
        case closeAtOnce
    }

    let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start(_ behaviour: Behaviour) async throws -> CannedServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(behaviour))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return CannedServer(port: channel.localAddress?.port ?? 0, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let behaviour: Behaviour
        private var answered = false

        init(_ behaviour: Behaviour) { self.behaviour = behaviour }

        func channelActive(context: ChannelHandlerContext) {
            if case .closeAtOnce = behaviour { context.close(promise: nil) }
            if case .greet(let bytes) = behaviour {
                context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
            }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .replyAndClose(let bytes) = behaviour, !answered {
                answered = true
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes))).whenComplete { _ in
                    bound.value.close(promise: nil)
                }
                return
            }
            guard case .reply(let bytes, let delay) = behaviour, !answered else { return }
            answered = true
            let buffer = context.channel.allocator.buffer(bytes: bytes)
            guard delay > .zero else {
                context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
                return
            }
            let (seconds, attoseconds) = delay.components
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)) {
                bound.value.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
            }
        }
    }
}
