import Foundation
import Logging
import MCP

/// Standard I/O that knows which requests are still unanswered, so the server can answer every
/// request it read before the client closed standard input (`printf REQUESTS | infractl mcp`):
/// the SDK ends its loop at end of input while handlers still run.
actor AnsweringTransport: Transport {
    private let inner: StdioTransport
    private var unanswered: Set<String> = []
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ inner: StdioTransport = StdioTransport()) { self.inner = inner }

    nonisolated var logger: Logger { inner.logger }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        try await inner.send(data)
        for message in Self.messages(in: data) where message["method"] == nil {
            if let id = Self.key(message["id"]) { unanswered.remove(id) }
        }
        resumeWhenDone()
    }

    /// The messages read, each request noted before the server sees it.
    func receive() -> AsyncThrowingStream<Data, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: (any Error).self)
        let task = Task {
            do {
                for try await data in await inner.receive() {
                    note(data)
                    continuation.yield(data)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Returns when every request read so far has been answered (or cancelled by the client).
    func drained() async {
        guard !unanswered.isEmpty else { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func note(_ data: Data) {
        for message in Self.messages(in: data) {
            guard let method = message["method"] as? String else { continue }
            if let id = Self.key(message["id"]) {
                unanswered.insert(id)
            } else if method == "notifications/cancelled", let id = Self.key((message["params"] as? [String: Any])?["requestId"]) {
                unanswered.remove(id)
            }
        }
        resumeWhenDone()
    }

    private func resumeWhenDone() {
        guard unanswered.isEmpty else { return }
        let waiting = waiters
        waiters.removeAll()
        waiting.forEach { $0.resume() }
    }

    /// The JSON-RPC messages of `data`: one object, or a batch.
    private static func messages(in data: Data) -> [[String: Any]] {
        switch try? JSONSerialization.jsonObject(with: data) {
        case let object as [String: Any]: [object]
        case let batch as [Any]: batch.compactMap { $0 as? [String: Any] }
        default: []
        }
    }

    /// A request id as a set key (`7`, or `"s:abc"` for a string id).
    private static func key(_ id: Any?) -> String? {
        switch id {
        case let text as String: "s:\(text)"
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
