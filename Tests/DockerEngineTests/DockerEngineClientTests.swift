import DockerEngine
import Foundation
import NIOHTTP1
import Testing

/// The client against an in-process HTTP server on a temporary unix socket, answering with
/// payloads recorded from a real engine.
@Suite struct DockerEngineClientTests {
    /// The routes of an engine speaking `api`, serving the recorded fixtures.
    static func engine(api: String = "1.41", extra: @escaping @Sendable (StubRequest) -> StubResponse? = { _ in nil })
        -> EngineStubServer.Routes
    {
        { request in
            if let response = extra(request) { return response }
            switch request.path {
            case "/version": return .version(api: api)
            case "/v\(api)/info": return .fixture("info")
            case "/v\(api)/containers/json": return .fixture("containers")
            case "/v\(api)/containers/infractl-rec-db/json": return .fixture("inspect-exited")
            case "/v\(api)/networks": return .fixture("networks")
            case "/v\(api)/networks/infractl-rec-net": return .fixture("network-inspect")
            default: return nil
            }
        }
    }

    static func withClient<T>(
        _ server: EngineStubServer, timeout: Duration = .seconds(60),
        _ body: (DockerEngineClient) async throws -> T
    ) async throws -> T {
        let host: DockerHost = server.socketPath.map { .unix(path: $0) } ?? .tcp(host: "127.0.0.1", port: server.port ?? 0)
        let client = DockerEngineClient(host: host, timeout: timeout)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test func negotiatesTheVersionOnceAndSendsAHostHeader() async throws {
        try await EngineStubServer.with(routes: Self.engine()) { server in
            try await Self.withClient(server) { client in
                #expect(try await client.apiVersion() == EngineAPIVersion(major: 1, minor: 41))
                let version = try await client.version()
                #expect(version.version == "27.3.1")
                _ = try await client.info()
                _ = try await client.containers(all: true)
                #expect(server.requests.map(\.uri) == ["/version", "/v1.41/info", "/v1.41/containers/json?all=1"])
                #expect(server.requests.allSatisfy { $0.header("Host") != nil && $0.method == "GET" })
                #expect(client.requestCounter.count == 3)
            }
        }
    }

    @Test func createsANetworkWithAPostAndTakesAConflictAsExisting() async throws {
        let routes = Self.engine { request in
            request.path == "/v1.41/networks/create" ? .json(#"{"Id":"5d1c0e9a4b2f77","Warning":""}"#, status: .created) : nil
        }
        try await EngineStubServer.with(routes: routes) { server in
            try await Self.withClient(server) { client in
                let created = try await client.createNetwork(NetworkCreateRequest(name: "shared", internal: true))
                #expect(created == .created(id: "5d1c0e9a4b2f77"))
                let request = try #require(server.requests.last)
                #expect(request.method == "POST")
                #expect(request.header("Content-Type") == "application/json")
                #expect(request.header("Host") != nil)
            }
        }
        let conflict = Self.engine { request in
            request.path == "/v1.41/networks/create" ? .engineError(.conflict, "network with name shared already exists") : nil
        }
        try await EngineStubServer.with(routes: conflict) { server in
            try await Self.withClient(server) { client in
                let result = try await client.createNetwork(NetworkCreateRequest(name: "shared"))
                #expect(result == .alreadyExisted)
            }
        }
    }

    @Test func networkCreateBodyIsTheEnginesShape() throws {
        let body = try JSONSerialization.jsonObject(
            with: JSONEncoder().encode(NetworkCreateRequest(name: "shared", internal: true, labels: ["a": "b"]))) as? [String: Any]
        #expect(body?["Name"] as? String == "shared")
        #expect(body?["Driver"] as? String == "bridge")
        #expect(body?["Internal"] as? Bool == true)
        #expect(body?["CheckDuplicate"] as? Bool == true)
        #expect(body?["Labels"] as? [String: String] == ["a": "b"])
    }

    @Test func concurrentFirstCallsShareOneNegotiation() async throws {
        try await EngineStubServer.with(routes: Self.engine()) { server in
            try await Self.withClient(server) { client in
                async let info = client.info()
                async let containers = client.containers(all: false)
                async let networks = client.networks()
                _ = try await (info, containers, networks)
                #expect(server.requests.filter { $0.uri == "/version" }.count == 1)
                #expect(server.requests.map(\.uri).contains("/v1.41/containers/json"))
                #expect(client.requestCounter.count == 4)
            }
        }
    }

    @Test func newerEnginesAreSpokenToAtTheClientsVersion() async throws {
        try await EngineStubServer.with(routes: Self.engine(api: "1.51")) { server in
            try await Self.withClient(server) { client in
                let version = try await client.apiVersion()
                #expect(version == .clientMaximum)
                _ = try? await client.networks()
                #expect(server.requests.last?.uri == "/v1.47/networks")
            }
        }
    }

    @Test func olderEnginesAreSpokenToAtTheirVersion() async throws {
        try await EngineStubServer.with(routes: Self.engine(api: "1.24", extra: { request in
            request.path == "/v1.24/networks" ? .fixture("networks") : nil
        })) { server in
            try await Self.withClient(server) { client in
                let networks = try await client.networks()
                #expect(networks.count == 4)
                #expect(server.requests.last?.uri == "/v1.24/networks")
            }
        }
    }

    @Test func decodesListsAndInspects() async throws {
        try await EngineStubServer.with(routes: Self.engine()) { server in
            try await Self.withClient(server) { client in
                let containers = try await client.containers(all: true)
                #expect(containers.map(\.name) == ["infractl-rec-web", "infractl-rec-db", "infractl-rec-api"])
                let db = try await client.inspectContainer(id: "infractl-rec-db")
                #expect(db.state.exitCode == 3)
                let network = try await client.inspectNetwork(id: "infractl-rec-net")
                #expect(network.containers.values.map(\.name) == ["infractl-rec-api"])
                let info = try await client.info()
                #expect(info.serverVersion == "20.10.24+dfsg1")
            }
        }
    }

    @Test func multiplexedLogsInSplitChunks() async throws {
        // What the engine sent for `echo hello out; echo oops err >&2`, cut mid-header and
        // mid-payload, with no content type (API 1.41 sends none).
        let body = frame(1, "hello out\n") + frame(2, "oops err\n") + frame(2, "listen tcp :5432: bind: address already in use\n")
        let chunks = [Array(body[0..<3]), Array(body[3..<12]), Array(body[12..<30]), Array(body[30...])]
        let routes = Self.engine(extra: { request in
            guard request.path == "/v1.41/containers/db/logs" else { return nil }
            return StubResponse(headers: [], chunks: chunks)
        })
        try await EngineStubServer.with(routes: routes) { server in
            try await Self.withClient(server) { client in
                let lines = try await client.logs(id: "db", tail: 50)
                #expect(lines == [
                    ContainerLogLine(.stdout, "hello out"), ContainerLogLine(.stderr, "oops err"),
                    ContainerLogLine(.stderr, "listen tcp :5432: bind: address already in use"),
                ])
                #expect(server.requests.last?.uri == "/v1.41/containers/db/logs?stdout=1&stderr=1&timestamps=1&tail=50")
            }
        }
    }

    @Test func timestampsAreSplitOff() async throws {
        let body = frame(2, "2026-11-29T19:39:39.146Z FATAL: password authentication failed for user \"app\"\n")
            + frame(1, "2026-11-29T19:39:40Z ready\n")
        let routes = Self.engine(extra: { request in
            request.path == "/v1.41/containers/db/logs"
                ? StubResponse(headers: [("Content-Type", "application/vnd.docker.multiplexed-stream")], chunks: [body])
                : nil
        })
        try await EngineStubServer.with(routes: routes) { server in
            try await Self.withClient(server) { client in
                let lines = try await client.logs(id: "db", tail: 2)
                #expect(lines.map(\.text) == [#"FATAL: password authentication failed for user "app""#, "ready"])
                #expect(lines.map(\.stream) == [.stderr, .stdout])
                #expect(lines.compactMap(\.timestamp).map(\.timeIntervalSince1970) == [1_795_981_179.146, 1_795_981_180])
            }
        }
    }

    @Test func ttyLogsAreRawText() async throws {
        let routes = Self.engine(extra: { request in
            guard request.path == "/v1.41/containers/tty/logs" else { return nil }
            return StubResponse(
                headers: [("Content-Type", "application/vnd.docker.raw-stream")],
                chunks: [Array("tty line one\r\ntty ".utf8), Array("err\r\n".utf8)])
        })
        try await EngineStubServer.with(routes: routes) { server in
            try await Self.withClient(server) { client in
                let lines = try await client.logs(id: "tty", tail: 10)
                #expect(lines == [ContainerLogLine(.tty, "tty line one"), ContainerLogLine(.tty, "tty err")])
            }
        }
    }

    @Test func notFoundCarriesTheEnginesMessage() async throws {
        let routes = Self.engine(extra: { request in
            request.path == "/v1.41/containers/nope/json" ? .engineError(.notFound, "No such container: nope") : nil
        })
        try await EngineStubServer.with(routes: routes) { server in
            try await Self.withClient(server) { client in
                let error = await #expect(throws: DockerEngineError.self) {
                    try await client.inspectContainer(id: "nope")
                }
                #expect(error?.kind == .notFound)
                #expect(error?.statusCode == 404)
                #expect(error?.message == "No such container: nope")
                #expect(error?.description == "the Docker engine at unix://\(server.socketPath ?? "") answered HTTP 404 (GET /v1.41/containers/nope/json): No such container: nope")
                #expect(client.requestCounter.count == 2)
            }
        }
    }

    @Test func serverErrorsAndBadJSON() async throws {
        let routes = Self.engine(extra: { request in
            switch request.path {
            case "/v1.41/info": .engineError(.internalServerError, "ooh, the daemon is sad")
            case "/v1.41/networks": .json(#"[{"Name":"no id"}]"#)
            case "/v1.41/containers/json": .json("<html>")
            default: nil
            }
        })
        try await EngineStubServer.with(routes: routes) { server in
            try await Self.withClient(server) { client in
                let serverError = await #expect(throws: DockerEngineError.self) { try await client.info() }
                #expect(serverError?.kind == .engineError)
                #expect(serverError?.statusCode == 500)
                #expect(serverError?.message == "ooh, the daemon is sad")
                let missingKey = await #expect(throws: DockerEngineError.self) { try await client.networks() }
                #expect(missingKey?.kind == .invalidResponse)
                #expect(missingKey?.message == "missing Id at [0]")
                let notJSON = await #expect(throws: DockerEngineError.self) { try await client.containers(all: true) }
                #expect(notJSON?.kind == .invalidResponse)
            }
        }
    }

    @Test func aMissingSocketIsReportedAtOnceWithItsAddress() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory + "/docker.sock"
            // async-http-client retries a failed connection until the deadline by default, and the
            // error is then a timeout. The client turns that off: the error is the connect's own,
            // from one request. (How fast it comes is for benchmarks, not for a busy test run.)
            let client = DockerEngineClient(host: .unix(path: path), timeout: .seconds(60))
            let error = await #expect(throws: DockerEngineError.self) { try await client.containers(all: true) }
            try await client.shutdown()
            #expect(error?.kind == .engineUnreachable)
            #expect(error?.description == "cannot reach the Docker engine at unix://\(path): No such file or directory")
            #expect(client.requestCounter.count == 1)
        }
    }

    @Test func aStaleSocketFileIsRefused() async throws {
        try await TemporaryDirectory.with { directory in
            // The socket file an engine that is gone left behind: bound once, nobody listening.
            let path = directory + "/docker.sock"
            try UnixSocketFile.leaveBehind(at: path)
            let client = DockerEngineClient(host: .unix(path: path), timeout: .seconds(60))
            let error = await #expect(throws: DockerEngineError.self) { try await client.version() }
            try await client.shutdown()
            #expect(error?.description == "cannot reach the Docker engine at unix://\(path): Connection refused")
        }
    }

    @Test func aClosedTCPPortIsRefused() async throws {
        let client = DockerEngineClient(host: .tcp(host: "127.0.0.1", port: 1), timeout: .seconds(60))
        let error = await #expect(throws: DockerEngineError.self) { try await client.info() }
        try await client.shutdown()
        #expect(error?.kind == .engineUnreachable)
        #expect(error?.description == "cannot reach the Docker engine at tcp://127.0.0.1:1: Connection refused")
    }

    @Test func anEngineThatDoesNotAnswerTimesOut() async throws {
        let routes = Self.engine(extra: { request in
            request.path == "/v1.41/info" ? StubResponse(silent: true) : nil
        })
        try await EngineStubServer.with(routes: routes) { server in
            // Long enough for the first answer on a busy test run; /info never answers.
            try await Self.withClient(server, timeout: .seconds(5)) { client in
                _ = try await client.version()
                let error = await #expect(throws: DockerEngineError.self) { try await client.info() }
                #expect(error?.kind == .timeout)
                #expect(error?.description.hasPrefix("the Docker engine at unix://") == true)
            }
        }
    }

    @Test func talksPlainHTTPOverTCP() async throws {
        try await EngineStubServer.with(tcp: true, routes: Self.engine()) { server in
            try await Self.withClient(server) { client in
                let containers = try await client.containers(all: true)
                #expect(containers.count == 3)
                #expect(server.requests.last?.header("Host") == "127.0.0.1:\(server.port ?? 0)")
            }
        }
    }

    @Test func withClientReadsDockerHost() async throws {
        try await EngineStubServer.with(routes: Self.engine()) { server in
            let socket = try #require(server.socketPath)
            let counter = EngineRequestCounter()
            let names = try await DockerEngineClient.withClient(
                environment: ["DOCKER_HOST": "unix://\(socket)"], requestCounter: counter
            ) { client in
                try await client.containers(all: true).map(\.name)
            }
            #expect(names.count == 3)
            #expect(counter.count == 2)
            #expect(counter.statistics.totalDuration > .zero)
        }
    }

    @Test func pathsAreEncoded() async throws {
        try await EngineStubServer.with(routes: Self.engine()) { server in
            try await Self.withClient(server) { client in
                _ = try? await client.inspectContainer(id: "a b/../c")
                #expect(server.requests.last?.uri == "/v1.41/containers/a%20b%2F..%2Fc/json")
            }
        }
    }
}
