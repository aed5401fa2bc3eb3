@testable import InfraCore
import Testing

@Suite("Probe protocols")
struct ProbeProtocolTests {
    @Test func startupMessageIsProtocol3WithUserAndDatabase() {
        let message = PostgresProbe.startupMessage(user: "axiom", database: "synapse")
        #expect(Int(UInt32(bigEndianBytes: message[0..<4])) == message.count)
        #expect(UInt32(bigEndianBytes: message[4..<8]) == 196_608)
        let pairs = String(decoding: message[8...], as: UTF8.self)
        #expect(pairs == "user\0axiom\0database\0synapse\0application_name\0infractl-health\0\0")
    }

    @Test(arguments: [
        (UInt32(0), "pg_isready: accepting connections"),
        (UInt32(3), "pg_isready: accepting connections (password required)"),
        (UInt32(5), "pg_isready: accepting connections (MD5 password required)"),
        (UInt32(10), "pg_isready: accepting connections (SCRAM authentication required)"),
    ])
    func authenticationRequestMeansAccepting(code: UInt32, detail: String) throws {
        let message = [UInt8(ascii: "R")] + UInt32(8).bigEndianBytes + code.bigEndianBytes
        let outcome = try #require(PostgresProbe.interpret(message))
        #expect(outcome.accepting)
        #expect(outcome.detail == detail)
        #expect(PostgresProbe.interpret(Array(message.prefix(6))) == nil, "incomplete")
    }

    static func errorResponse(_ fields: [(Character, String)]) -> [UInt8] {
        var body: [UInt8] = []
        for (type, value) in fields { body += [UInt8(ascii: type.unicodeScalars.first ?? "M")] + Array(value.utf8) + [0] }
        body.append(0)
        return [UInt8(ascii: "E")] + UInt32(body.count + 4).bigEndianBytes + body
    }

    @Test func errorsFromALiveServerMeanAccepting() throws {
        let wrongPassword = Self.errorResponse([("S", "FATAL"), ("V", "FATAL"), ("C", "28P01"), ("M", #"password authentication failed for user "axiom""#)])
        let outcome = try #require(PostgresProbe.interpret(wrongPassword))
        #expect(outcome.accepting)
        #expect(outcome.detail == #"pg_isready: accepting connections (FATAL: password authentication failed for user "axiom")"#)
        let noDatabase = Self.errorResponse([("S", "FATAL"), ("C", "3D000"), ("M", #"database "nope" does not exist"#)])
        #expect(try #require(PostgresProbe.interpret(noDatabase)).accepting)
        #expect(PostgresProbe.interpret(Array(noDatabase.dropLast(3))) == nil, "incomplete")
    }

    @Test func startingUpOrShuttingDownMeansRejecting() throws {
        for message in ["the database system is starting up", "the database system is shutting down"] {
            let bytes = Self.errorResponse([("S", "FATAL"), ("V", "FATAL"), ("C", "57P03"), ("M", message)])
            let outcome = try #require(PostgresProbe.interpret(bytes))
            #expect(!outcome.accepting)
            #expect(outcome.detail == "rejecting connections: \(message)")
        }
    }

    @Test func anotherProtocolIsNotPostgres() throws {
        let outcome = try #require(PostgresProbe.interpret(Array("HTTP/1.1 400 Bad Request\r\n".utf8)))
        #expect(!outcome.accepting)
    }

    @Test func redisAnswers() {
        #expect(RedisProbe.interpret("+PONG") == (true, "PONG"))
        #expect(RedisProbe.interpret("-NOAUTH Authentication required.").alive)
        #expect(RedisProbe.interpret("-WRONGPASS invalid username-password pair or user is disabled.").alive)
        #expect(RedisProbe.interpret("-ERR AUTH <password> called without any password configured").alive)
        #expect(!RedisProbe.interpret("-LOADING Redis is loading the dataset in memory").alive)
        #expect(RedisProbe.interpret("-LOADING Redis is loading the dataset in memory").detail.hasPrefix("not ready"))
        #expect(!RedisProbe.interpret("HTTP/1.1 400 Bad Request").alive)
    }

    @Test func secondsAreWrittenShort() {
        #expect(ProbeFormat.seconds(.milliseconds(5210)) == "5.2s")
        #expect(ProbeFormat.seconds(.milliseconds(3000)) == "3s")
        #expect(ProbeFormat.seconds(.milliseconds(1500)) == "1.5s")
        #expect(ProbeFormat.seconds(.milliseconds(800)) == "0.8s")
        #expect(ProbeFormat.seconds(.milliseconds(250)) == "0.25s")
        #expect(ProbeFormat.milliseconds(.microseconds(12_600)) == 13)
    }

    @Test func manualCommandsRepeatTheCheck() {
        #expect(ProbeTarget(request: .postgres(user: "axiom", database: "axiom"), port: 5433).manualCommand
            == "pg_isready -h 127.0.0.1 -p 5433 -U axiom -d axiom -t 3")
        #expect(ProbeTarget(request: .redis, port: 3379).manualCommand == "redis-cli -h 127.0.0.1 -p 3379 ping")
        let https = ProbeTarget(request: .http(path: "/ping", https: true, serverName: "grafana.axiom.local"), port: 443)
        #expect(https.endpoint == "https://grafana.axiom.local/ping")
        #expect(https.manualCommand.hasSuffix("--resolve grafana.axiom.local:443:127.0.0.1 https://grafana.axiom.local/ping"))
        #expect(ProbeTarget(request: .tcp, port: 6001, timeout: .milliseconds(1500)).manualCommand == "nc -z -w 2 127.0.0.1 6001")
    }
}
