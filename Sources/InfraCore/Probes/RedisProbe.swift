/// Checks a Redis server with a RESP `PING`: `+PONG` is healthy, and so is an answer that asks
/// for authentication (`-NOAUTH`, `-WRONGPASS`, an `AUTH` error): the server is alive, and the
/// probe never sends a password. `-LOADING`, `-BUSY` and `-MASTERDOWN` mean it is up but not
/// ready; no answer means it is not there.
public struct RedisProbe: Sendable {
    public init() {}

    static let ping: [UInt8] = Array("*1\r\n$4\r\nPING\r\n".utf8)

    public func check(_ target: ProbeTarget) async -> ProbeOutcome {
        let exchange = SocketExchange(host: target.host, port: target.port, timeout: target.timeout)
        let result = await exchange.run(request: Self.ping) { bytes in bytes.contains(UInt8(ascii: "\n")) }
        switch result {
        case .failure(let failure):
            return .failure(failure.reason, latency: failure.elapsed, timedOut: failure.timedOut)
        case .success(let answer):
            guard let line = Self.firstLine(answer.bytes) else {
                let reason = answer.bytes.isEmpty ? "the server closed the connection without answering" : "unexpected answer"
                return .failure(reason, latency: answer.answered)
            }
            let outcome = Self.interpret(line)
            return ProbeOutcome(succeeded: outcome.alive, detail: outcome.detail, latency: answer.answered)
        }
    }

    /// Whether a reply line (without CRLF) comes from a live server, and how to say it.
    static func interpret(_ line: String) -> (alive: Bool, detail: String) {
        if line == "+PONG" { return (true, "PONG") }
        guard line.hasPrefix("-") else {
            return (false, "unexpected answer to PING: \(line.prefix(80))")
        }
        let error = String(line.dropFirst())
        let code = error.prefix { $0 != " " }.uppercased()
        let lowered = error.lowercased()
        if ["NOAUTH", "WRONGPASS", "NOPERM"].contains(code) || lowered.contains("auth") {
            return (true, "alive, authentication required (\(error.prefix(80)))")
        }
        if ["LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN"].contains(code) {
            return (false, "not ready: \(error.prefix(120))")
        }
        return (false, "error answer to PING: \(error.prefix(120))")
    }

    private static func firstLine(_ bytes: [UInt8]) -> String? {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var line = bytes[..<newline]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
