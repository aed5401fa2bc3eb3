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
        // Answered even when writing fails (the client is gone): nobody is left to wait for.
        defer {
            for message in Self.messages(in: data) where message["method"] == nil {
                if let id = Self.key(message["id"]) { unanswered.remove(id) }
            }
            resumeWhenDone()
        }
        try await inner.send(data)
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

    /// Returns when every request read so far has been answered (or cancelled by the client),
    /// or after `limit` at the latest: an answer the SDK sent under another id must not keep
    /// the server alive for ever.
    func drained(within limit: Duration) async {
        guard !unanswered.isEmpty else { return }
        let timer = Task {
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            await self.stopWaiting()
        }
        await withCheckedContinuation { waiters.append($0) }
        timer.cancel()
    }

    private func stopWaiting() {
        let waiting = waiters
        waiters.removeAll()
        waiting.forEach { $0.resume() }
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
        stopWaiting()
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
