@testable import InfraCore
import Foundation
import NIOCore
import NIOPosix
import Testing

/// The probes against in-process servers that answer in canned ways: the cases real servers
/// show only by accident (starting up, silent, closing at once).
@Suite("Probes against canned servers")
struct ProbeEdgeCaseTests {
    static func withServer<T>(_ behaviour: CannedServer.Behaviour, _ body: (Int) async throws -> T) async throws -> T {
        let server = try await CannedServer.start(behaviour)
        do {
            let result = try await body(server.port)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test func postgresStartingUpIsRejecting() async throws {
        let answer = ProbeProtocolTests.errorResponse([("S", "FATAL"), ("V", "FATAL"), ("C", "57P03"), ("M", "the database system is starting up")])
        let outcome = try await Self.withServer(.reply(answer)) { port in
            await PostgresProbe().check(ProbeTarget(request: .postgres(user: "postgres", database: "postgres"), port: port))
        }
        #expect(!outcome.succeeded)
        #expect(outcome.detail == "rejecting connections: the database system is starting up")
    }

    @Test func postgresAskingForAPasswordIsAccepting() async throws {
        let answer = [UInt8(ascii: "R")] + UInt32(8).bigEndianBytes + UInt32(10).bigEndianBytes
        let outcome = try await Self.withServer(.reply(answer)) { port in
            await PostgresProbe().check(ProbeTarget(request: .postgres(user: "postgres", database: "postgres"), port: port))
        }
        #expect(outcome.succeeded)
        #expect(outcome.detail == "pg_isready: accepting connections (SCRAM authentication required)")
        #expect(outcome.latency != nil)
    }

    @Test func redisAskingForAuthenticationIsAlive() async throws {
        let outcome = try await Self.withServer(.reply(Array("-NOAUTH Authentication required.\r\n".utf8))) { port in
            await RedisProbe().check(ProbeTarget(request: .redis, port: port))
        }
        #expect(outcome.succeeded)
        #expect(outcome.detail.contains("authentication required"))
    }

    @Test func aSilentServerTimesOutWithinItsBound() async throws {
        try await Self.withServer(.silent) { port in
            let timeout = Duration.milliseconds(600)
            async let redis = RedisProbe().check(ProbeTarget(request: .redis, port: port, timeout: timeout))
            async let postgres = PostgresProbe().check(ProbeTarget(request: .postgres(user: "u", database: "d"), port: port, timeout: timeout))
            async let http = HTTPProbe().check(
                ProbeTarget(request: .http(path: "/health", https: false, serverName: nil), port: port, timeout: timeout))
            for outcome in await [redis, postgres, http] {
                #expect(!outcome.succeeded)
                #expect(outcome.timedOut)
                #expect(outcome.detail.contains("no answer within 0.6s"), "\(outcome.detail)")
                #expect((outcome.latency ?? .zero) >= timeout, "gave up before its bound: \(outcome.latency ?? .zero)")
            }
            // A TCP check only needs the connection.
            let tcp = await TCPProbe().check(ProbeTarget(request: .tcp, port: port, timeout: timeout))
            #expect(tcp.succeeded)
        }
    }

    @Test func aConnectionClosedAtOnceIsNotAlive() async throws {
        try await Self.withServer(.closeAtOnce) { port in
            let tcp = await TCPProbe().check(ProbeTarget(request: .tcp, port: port))
            #expect(!tcp.succeeded)
            #expect(tcp.detail.hasPrefix("connection closed at once"))
            let postgres = await PostgresProbe().check(ProbeTarget(request: .postgres(user: "u", database: "d"), port: port))
            #expect(!postgres.succeeded)
            #expect(postgres.detail.hasPrefix("no response"))
        }
    }

    @Test func aClosedPortIsRefused() async throws {
        let server = try await CannedServer.start(.silent)
        let port = server.port
        await server.stop()
        let outcome = await TCPProbe().check(ProbeTarget(request: .tcp, port: port))
        #expect(!outcome.succeeded)
        #expect(outcome.detail == "connection refused")
        let redis = await RedisProbe().check(ProbeTarget(request: .redis, port: port))
        #expect(redis.detail == "connection refused")
    }

    @Test func httpStatusDecides() async throws {
        let unavailable = Array("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        let redirect = Array("HTTP/1.1 302 Found\r\nLocation: /login\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        let probe = HTTPProbe()
        let down = try await Self.withServer(.reply(unavailable)) { port in
            await probe.check(ProbeTarget(request: .http(path: "/health", https: false, serverName: nil), port: port))
        }
        #expect(!down.succeeded)
        #expect(down.detail == "HTTP 503 Service Unavailable")
        let moved = try await Self.withServer(.reply(redirect)) { port in
            await probe.check(ProbeTarget(request: .http(path: "/", https: false, serverName: nil), port: port))
        }
        #expect(moved.succeeded)
        #expect(moved.detail == "HTTP 302")
    }

    /// What curl reads as a 200 is a 200: bare LF after the status line, the body ended by the
    /// closing connection, HTTP/1.0 without a reason phrase, a header without a space.
    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\n\nok\n",
        "HTTP/1.0 200\n\nok",
        "HTTP/1.1 200 OK\nContent-Type:text/plain\nX-Odd:  spaced \n\nok",
        "HTTP/1.1 204 No Content\r\n",
        "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
    ])
    func lenientAnswersAreHealthy(_ answer: String) async throws {
        let outcome = try await Self.withServer(.replyAndClose(Array(answer.utf8))) { port in
            await HTTPProbe().check(ProbeTarget(request: .http(path: "/", https: false, serverName: nil), port: port))
        }
        #expect(outcome.succeeded, "\(outcome.detail)")
        #expect(outcome.detail.hasPrefix("HTTP 20"), "\(outcome.detail)")
    }

    /// A server that is not HTTP is named by what it said, not by a parser's error.
    @Test func anSSHServerIsNotHTTP() async throws {
        let outcome = try await Self.withServer(.greet(Array("SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n".utf8))) { port in
            await HTTPProbe().check(ProbeTarget(request: .http(path: "/health", https: false, serverName: nil), port: port))
        }
        #expect(!outcome.succeeded)
        #expect(!outcome.timedOut)
        #expect(outcome.detail == #"not HTTP: first bytes "SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n""#)
    }

    @Test func anAnswerWithoutStatusLineIsNotHTTP() async throws {
        let outcome = try await Self.withServer(.replyAndClose(Array("ok\n".utf8))) { port in
            await HTTPProbe().check(ProbeTarget(request: .http(path: "/", https: false, serverName: nil), port: port))
        }
        #expect(outcome.detail == #"not HTTP: first bytes "ok\n""#)
    }

    /// Twenty services, each answering after 300 ms, one of them over its 200 ms degraded
    /// threshold (the others' are far out of reach, even on a busy machine), and no Docker
    /// engine: all checked at once, statuses per service.
    @Test func probesRunAllAtOnceWithoutAnEngine() async throws {
        let ok = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8)
        var servers: [CannedServer] = []
        for _ in 0..<20 { servers.append(try await CannedServer.start(.reply(ok, after: .milliseconds(300)))) }
        let location = InfraCore.SourceLocation(file: ".dev/infra/registry.yml", line: 1, column: 1)
        let services = servers.enumerated().map { index, server in
            Registry.Service(
                name: "web-\(index)", app: "forge", type: .api, ports: [Located(server.port, at: location)],
                composeFile: "forge/docker-compose.yml",
                health: Registry.Health(
                    probe: .http, path: "/health", timeoutMs: 30_000, degradedMs: index == 0 ? 200 : 30_000, location: location),
                location: location)
        }
        let registry = Registry(file: ".dev/infra/registry.yml", platform: "CANNED", services: services, rules: .init(sharedApps: ["forge"]))
        let plan = HealthPlan(context: ValidationContext(registry: registry, projects: []))
        let checker = HealthChecker(
            workspaceRoot: "/tmp/canned", plan: plan, environment: ["DOCKER_HOST": "unix:///nonexistent/docker.sock"])
        let report = await checker.check()
        // Run one after another, the probes would take the sum of their latencies; at once, about
        // the longest. (Compared with each other rather than the clock, so that a busy machine
        // that slows everything down does not fail the test.)
        let sum = report.services.compactMap(\.latency).reduce(Duration.zero, +)
        // Half the sum still proves they overlap (one after another would take all of it), and
        // holds when a loaded machine starves the event loop (seen: 5.4 s against 6.5 s / 4).
        #expect(report.duration < sum / 2, "20 probes of 300 ms took \(report.duration), their latencies add up to \(sum)")
        #expect(report.services.count == 20)
        #expect(report.services[0].status == .degraded)
        #expect(report.services.dropFirst().allSatisfy { $0.status == .healthy })
        #expect(report.engineProblem?.contains("unix:///nonexistent/docker.sock") == true)
        #expect(report.notes.first?.hasPrefix("Docker status unknown") == true)
        #expect(report.findings.map(\.rule) == ["HLT002"])
        #expect(report.findings.first?.message.hasPrefix("web-0: degraded (slow response time: ") == true)
        for server in servers { await server.stop() }
    }
}
