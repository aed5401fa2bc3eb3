import DockerEngine
import Testing

@Suite struct DockerHostTests {
    @Test func defaultsToTheEngineSocket() throws {
        #expect(try DockerHost(environment: [:]) == .unix(path: "/var/run/docker.sock"))
        #expect(try DockerHost(environment: ["DOCKER_HOST": ""]) == .default)
        #expect(DockerHost.default.description == "unix:///var/run/docker.sock")
    }

    @Test func parsesUnixAndTCP() throws {
        #expect(try DockerHost(parsing: "unix:///run/user/1000/docker.sock") == .unix(path: "/run/user/1000/docker.sock"))
        #expect(try DockerHost(parsing: "tcp://10.0.0.5:2375") == .tcp(host: "10.0.0.5", port: 2375))
        #expect(try DockerHost(parsing: "tcp://docker.internal") == .tcp(host: "docker.internal", port: 2375))
        #expect(try DockerHost(parsing: "tcp://localhost:2375/") == .tcp(host: "localhost", port: 2375))
        #expect(try DockerHost(parsing: "tcp://[::1]:2376") == .tcp(host: "::1", port: 2376))
        #expect(try DockerHost(parsing: "TCP://h:1") == .tcp(host: "h", port: 1))
        #expect(DockerHost.tcp(host: "::1", port: 2376).description == "tcp://[::1]:2376")
    }

    @Test(arguments: [
        ("ssh://me@server", "the ssh:// scheme is not supported; use unix:// or tcp://"),
        ("npipe:////./pipe/docker_engine", "the npipe:// scheme is not supported; use unix:// or tcp://"),
        ("/var/run/docker.sock", "expected unix:///path or tcp://host:port"),
        ("unix://", "the socket path is empty"),
        ("tcp://host:99999", "'99999' is not a port number"),
        ("tcp://host:2375/api", "expected tcp://host:port without a path"),
        ("tcp://:2375", "the host name is empty"),
    ])
    func rejectsWithAReason(value: String, reason: String) {
        #expect {
            _ = try DockerHost(parsing: value)
        } throws: { error in
            guard let error = error as? DockerEngineError else { return false }
            return error.kind == .invalidHost && error.message == reason
                && error.description == "invalid Docker host \(value): \(reason)"
        }
    }

    @Test func refusesTLS() throws {
        #expect(throws: DockerEngineError.self) {
            try DockerHost(environment: ["DOCKER_HOST": "tcp://h:2376", "DOCKER_TLS_VERIFY": "1"])
        }
        #expect(try DockerHost(environment: ["DOCKER_HOST": "tcp://h:2375", "DOCKER_TLS_VERIFY": ""]) == .tcp(host: "h", port: 2375))
    }

    @Test func apiVersionsCompareNumerically() throws {
        let old = try #require(EngineAPIVersion("1.9"))
        let new = try #require(EngineAPIVersion("1.41"))
        #expect(old < new)
        #expect(EngineAPIVersion.negotiated(server: new) == new)
        #expect(EngineAPIVersion.negotiated(server: EngineAPIVersion(major: 1, minor: 51)) == .clientMaximum)
        #expect(EngineAPIVersion("1") == nil)
        #expect(EngineAPIVersion("1.x") == nil)
        #expect(EngineAPIVersion.clientMaximum.description == "1.47")
    }
}
