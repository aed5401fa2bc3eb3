import NIOCore
import NIOPosix

/// A TCP server on 127.0.0.1 that answers every connection the same canned way, for probing
/// edge cases no real server shows on demand (a database starting up, a port that accepts and
/// stays silent, a proxy that closes at once).
final class CannedServer: Sendable {
    enum Behaviour: Sendable {
        /// Waits for the client's first bytes, then after `delay` writes `bytes`.
        case reply([UInt8], after: Duration = .zero)
        /// Accepts and never says anything.
        case silent
        /// Accepts and closes at once.
        case closeAtOnce
    }

    let port: Int
    private let channel: any Channel
    private let task: Task<Void, Never>

    private init(port: Int, channel: any Channel, task: Task<Void, Never>) {
        self.port = port
        self.channel = channel
        self.task = task
    }

    static func start(_ behaviour: Behaviour) async throws -> CannedServer {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let channel = server.channel
        let task = Task<Void, Never> {
            _ = try? await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { try? await Self.serve(connection, behaviour) }
                    }
                }
            }
        }
        return CannedServer(port: port, channel: channel, task: task)
    }

    private static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, _ behaviour: Behaviour) async throws {
        switch behaviour {
        case .closeAtOnce:
            try await connection.channel.close()
        case .silent:
            try await connection.executeThenClose { inbound, _ in
                for try await _ in inbound {}
            }
        case .reply(let bytes, let delay):
            try await connection.executeThenClose { inbound, outbound in
                var answered = false
                for try await _ in inbound where !answered {
                    answered = true
                    if delay > .zero { try await Task.sleep(for: delay) }
                    try await outbound.write(ByteBuffer(bytes: bytes))
                }
            }
        }
    }

    func stop() async {
        try? await channel.close()
        task.cancel()
        await task.value
    }
}
