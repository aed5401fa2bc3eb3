import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// One short conversation over TCP (or TLS), as the probes have it: connect, send a request,
/// read until the answer is whole or the peer closes, all within one deadline.
/// Nothing blocks a thread: NIO does the I/O and keeps the deadline.
struct SocketExchange: Sendable {
    /// What came back.
    struct Answer: Sendable {
        /// Every byte received.
        var bytes: [UInt8]
        /// From the start to the established connection.
        var connected: Duration
        /// From the start to the last byte read (the connection time when nothing was asked).
        var answered: Duration
        /// Whether the peer closed the connection before the answer was whole.
        var closedByPeer: Bool
    }

    /// Why there is no answer.
    struct Failure: Error, Sendable {
        /// One phrase, as a person would say it: `connection refused`, `no answer within 3s`.
        var reason: String
        /// Time spent until the failure.
        var elapsed: Duration
        /// Whether it is the deadline that ended the exchange.
        var timedOut: Bool
    }

    /// TLS over the connection: the client context and the name presented (SNI, and checked
    /// against the certificate; nil checks the address connected to).
    struct TLS: Sendable {
        var context: NIOSSLContext
        var serverHostname: String?
    }

    var host: String
    var port: Int
    var timeout: Duration
    var tls: TLS?
    var group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    /// Connects, writes `request` (nothing when empty), then reads until `isComplete` accepts
    /// the bytes so far, the peer closes, or the deadline passes. With `isComplete` nil it reads
    /// nothing and returns once connected, unless `linger` is given: then it waits that long for
    /// the peer to close at once (what a proxy with nothing behind it does).
    ///
    /// The request is written and the deadline kept on the channel's event loop (the deadline is
    /// a timer that closes the channel, not a task racing the read): an answer that arrived in
    /// time is read even when this task resumes late (a busy cooperative pool), and a late answer
    /// is never taken for a timely one.
    func run(
        request: [UInt8] = [], linger: Duration? = nil, until isComplete: (@Sendable ([UInt8]) -> Bool)?
    ) async -> Result<Answer, Failure> {
        let start = ContinuousClock.now
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(Self.timeAmount(timeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverHostname))
                        }
                        if !request.isEmpty { try channel.pipeline.syncOperations.addHandler(RequestWriter(request)) }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            let elapsed = ContinuousClock.now - start
            let timedOut = Self.isTimeout(error)
            let reason = timedOut ? "no connection within \(ProbeFormat.seconds(timeout))" : ProbeFailureText.describe(error)
            return .failure(Failure(reason: reason, elapsed: elapsed, timedOut: timedOut))
        }
        let connected = ContinuousClock.now - start

        // Closed by our timer (the deadline, or the end of the linger) while the peer still had
        // it open. Decided on the event loop, so a peer that closed first is never mistaken for it.
        let expired = NIOLockedValueBox(false)
        let remaining = timeout - connected
        let wait = isComplete == nil ? min(remaining, linger ?? .zero) : remaining
        let underlying = channel.channel
        let timer = underlying.eventLoop.scheduleTask(in: Self.timeAmount(max(wait, .zero))) {
            guard underlying.isActive else { return }
            expired.withLockedValue { $0 = true }
            underlying.close(promise: nil)
        }
        let outcome = await Self.converse(channel, request: request, start: start, connected: connected, isComplete: isComplete)
        timer.cancel()
        let timerFired = expired.withLockedValue { $0 }

        switch outcome {
        case .success(let answer) where !answer.closedByPeer:
            return .success(answer)
        case .success(let answer) where isComplete == nil && timerFired:
            // Still open when the linger ended: that is all a TCP check asks.
            return .success(Answer(bytes: answer.bytes, connected: connected, answered: connected, closedByPeer: false))
        case _ where timerFired:
            return .failure(Failure(
                reason: "no answer within \(ProbeFormat.seconds(timeout))", elapsed: ContinuousClock.now - start, timedOut: true))
        default:
            return outcome
        }
    }

    private static func converse(
        _ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, request: [UInt8], start: ContinuousClock.Instant,
        connected: Duration, isComplete: (@Sendable ([UInt8]) -> Bool)?
    ) async -> Result<Answer, Failure> {
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var bytes: [UInt8] = []
                do {
                    for try await chunk in inbound {
                        bytes += chunk.readableBytesView
                        if let isComplete, isComplete(bytes) {
                            return .success(Answer(bytes: bytes, connected: connected, answered: ContinuousClock.now - start, closedByPeer: false))
                        }
                    }
                } catch NIOSSLError.uncleanShutdown where !bytes.isEmpty {
                    // A TLS peer that closes without close_notify after answering has closed all the same.
                }
                return .success(Answer(bytes: bytes, connected: connected, answered: ContinuousClock.now - start, closedByPeer: true))
            }
        } catch {
            return .failure(Failure(reason: ProbeFailureText.describe(error), elapsed: ContinuousClock.now - start, timedOut: false))
        }
    }

    /// Writes the request as soon as the connection is up, from the event loop.
    private final class RequestWriter: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let request: [UInt8]

        init(_ request: [UInt8]) { self.request = request }

        func channelActive(context: ChannelHandlerContext) {
            context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: request)), promise: nil)
            context.fireChannelActive()
        }
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        if case ChannelError.connectTimeout = error { return true }
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.contains { if case ChannelError.connectTimeout = $0.error { true } else { false } }
        }
        return false
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(max(1, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
