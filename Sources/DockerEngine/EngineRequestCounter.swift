import NIOConcurrencyHelpers

/// Counts the Engine API requests a client sends and the time they took, for benchmarks and
/// for checking that diagnosis reads the engine a bounded number of times. Shared by copies
/// of a client.
public final class EngineRequestCounter: Sendable {
    /// A snapshot of the counts.
    public struct Statistics: Sendable, Hashable {
        /// Requests sent, failed ones included.
        public var requests: Int
        /// Wall time from sending each request to having its whole answer, summed.
        public var totalDuration: Duration
        /// The slowest single request.
        public var longestDuration: Duration
    }

    private let box = NIOLockedValueBox(
        Statistics(requests: 0, totalDuration: .zero, longestDuration: .zero))

    public init() {}

    /// Requests sent so far.
    public var count: Int { box.withLockedValue { $0.requests } }

    public var statistics: Statistics { box.withLockedValue { $0 } }

    func record(_ duration: Duration) {
        box.withLockedValue {
            $0.requests += 1
            $0.totalDuration += duration
            $0.longestDuration = max($0.longestDuration, duration)
        }
    }
}
