/// Checks that a port accepts TCP connections. Docker publishes ports through a proxy that
/// accepts every connection and closes it at once when nothing listens in the container, so
/// the probe waits a moment after connecting: a connection closed straight away with nothing
/// said counts as refused.
public struct TCPProbe: Sendable {
    /// How long to watch for that immediate close (never longer than the target's timeout).
    /// The proxy's close is immediate for a person but not for a busy host: at 150 ms, a loaded
    /// engine's proxy was seen to close later, and the check passed a port with nothing behind
    /// it. The linger costs wall time only when a TCP check is the slowest of a run.
    public var linger: Duration

    public init(linger: Duration = .milliseconds(500)) { self.linger = linger }

    public func check(_ target: ProbeTarget) async -> ProbeOutcome {
        let exchange = SocketExchange(host: target.host, port: target.port, timeout: target.timeout)
        switch await exchange.run(linger: linger, until: nil) {
        case .failure(let failure):
            return .failure(failure.reason, latency: failure.elapsed, timedOut: failure.timedOut)
        case .success(let answer):
            if answer.closedByPeer && answer.bytes.isEmpty {
                return .failure(
                    "connection closed at once (nothing listening behind the published port?)", latency: answer.connected)
            }
            return .success("accepting TCP connections", latency: answer.connected)
        }
    }
}
