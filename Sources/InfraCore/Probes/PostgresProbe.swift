/// Checks a PostgreSQL server the way `pg_isready` does: sends a protocol 3.0 StartupMessage and
/// reads the first answer. An authentication request (`R`) or an error (`E`) such as "password
/// authentication failed" or "database does not exist" means the server accepts connections;
/// SQLSTATE 57P03 ("the database system is starting up", "shutting down") means it is up but
/// rejecting them; no answer means it is not there. No password is ever sent.
public struct PostgresProbe: Sendable {
    public init() {}

    /// SQLSTATE `cannot_connect_now`.
    static let cannotConnectNow = "57P03"

    public func check(_ target: ProbeTarget) async -> ProbeOutcome {
        guard case .postgres(let user, let database) = target.request else {
            return .failure("not a PostgreSQL target", latency: nil)
        }
        let exchange = SocketExchange(host: target.host, port: target.port, timeout: target.timeout)
        let result = await exchange.run(request: Self.startupMessage(user: user, database: database)) { bytes in
            Self.interpret(bytes) != nil
        }
        switch result {
        case .failure(let failure):
            return .failure("no response (\(failure.reason))", latency: failure.elapsed, timedOut: failure.timedOut)
        case .success(let answer):
            if let outcome = Self.interpret(answer.bytes) {
                return ProbeOutcome(succeeded: outcome.accepting, detail: outcome.detail, latency: answer.answered)
            }
            let reason = answer.bytes.isEmpty ? "the server closed the connection without answering" : "unexpected answer"
            return .failure("no response (\(reason))", latency: answer.answered)
        }
    }

    /// What the server's first message says: whether it accepts connections and in what words;
    /// `nil` while the message is incomplete.
    static func interpret(_ bytes: [UInt8]) -> (accepting: Bool, detail: String)? {
        guard let type = bytes.first else { return nil }
        switch type {
        case UInt8(ascii: "R"), UInt8(ascii: "v"):
            // An authentication request, or NegotiateProtocolVersion: a live server either way.
            guard bytes.count >= 9 else { return nil }
            let detail = authenticationPhrase(bytes)
            return (true, "pg_isready: accepting connections" + (detail.map { " (\($0))" } ?? ""))
        case UInt8(ascii: "E"):
            guard bytes.count >= 5 else { return nil }
            let length = Int(UInt32(bigEndianBytes: bytes[1..<5]))
            guard length >= 4, bytes.count >= 1 + length else { return nil }
            let fields = errorFields(Array(bytes[5..<(1 + length)]))
            let message = fields["M"] ?? "an error without a message"
            if fields["C"] == cannotConnectNow {
                return (false, "rejecting connections: \(message)")
            }
            let severity = fields["V"] ?? fields["S"] ?? "ERROR"
            return (true, "pg_isready: accepting connections (\(severity): \(message))")
        default:
            return (false, "unexpected answer (not the PostgreSQL protocol)")
        }
    }

    /// A protocol 3.0 StartupMessage: length, version 196608, then `user`, `database` and
    /// `application_name` as NUL-terminated pairs, and a final NUL.
    static func startupMessage(user: String, database: String) -> [UInt8] {
        var body: [UInt8] = []
        body += UInt32(196_608).bigEndianBytes
        for (key, value) in [("user", user), ("database", database), ("application_name", "infractl-health")] {
            body += Array(key.utf8) + [0] + Array(value.utf8) + [0]
        }
        body.append(0)
        return UInt32(body.count + 4).bigEndianBytes + body
    }

    /// `password required`, `SCRAM authentication required`… for an `R` message; nil for
    /// AuthenticationOk.
    private static func authenticationPhrase(_ bytes: [UInt8]) -> String? {
        guard bytes[0] == UInt8(ascii: "R") else { return nil }
        switch UInt32(bigEndianBytes: bytes[5..<9]) {
        case 0: return nil
        case 3: return "password required"
        case 5: return "MD5 password required"
        case 10: return "SCRAM authentication required"
        case let code: return "authentication method \(code) required"
        }
    }

    /// The fields of an ErrorResponse body: a type byte, a NUL-terminated string, repeated.
    private static func errorFields(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        var index = 0
        while index < body.count, body[index] != 0 {
            let type = String(UnicodeScalar(body[index]))
            index += 1
            let end = body[index...].firstIndex(of: 0) ?? body.count
            fields[type] = String(decoding: body[index..<end], as: UTF8.self)
            index = end + 1
        }
        return fields
    }
}

extension UInt32 {
    /// A big-endian value read from four bytes.
    init(bigEndianBytes bytes: ArraySlice<UInt8>) {
        self = bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    var bigEndianBytes: [UInt8] {
        [UInt8(self >> 24), UInt8(self >> 16 & 0xff), UInt8(self >> 8 & 0xff), UInt8(self & 0xff)]
    }
}
