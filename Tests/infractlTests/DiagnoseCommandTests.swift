import Foundation
import Testing

/// `infractl diagnose` where no engine is needed: an engine that cannot be reached, bad
/// arguments, and the live checks in `infractl rules`.
@Suite("infractl diagnose without an engine")
struct DiagnoseCommandTests {
    @Test("exit 2 naming the address tried", arguments: ["unix:///tmp/infractl-no-such-engine.sock", "tcp://127.0.0.1:1"])
    func unreachableEngine(address: String) async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let result = try await AsyncProcess.infractl(
            ["diagnose", "--workspace", workspace, "--format", "json"], environment: ["DOCKER_HOST": address])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("cannot reach the Docker engine at \(address)"), "\(result.stderr)")
    }

    @Test func badArguments() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let unknown = try await AsyncProcess.infractl(["diagnose", "--workspace", workspace, "forge-postgress"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown service 'forge-postgress' (did you mean 'forge-postgres'?)"))
        let tls = try await AsyncProcess.infractl(
            ["diagnose", "--workspace", workspace], environment: ["DOCKER_HOST": "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY": "1"])
        #expect(tls.status == 2)
        #expect(tls.stderr.contains("DOCKER_TLS_VERIFY"))
        let noWorkspace = try await AsyncProcess.infractl(["diagnose", "--workspace", scratch.path + "/nowhere"])
        #expect(noWorkspace.status == 2)
    }

    @Test func rulesListAndExplainTheLiveChecks() async throws {
        let list = try await AsyncProcess.infractl(["rules"])
        #expect(list.status == 0)
        for id in (1...9).map({ "RUN00\($0)" }) { #expect(list.stdout.contains(id), "\(id) missing") }
        let explain = try await AsyncProcess.infractl(["rules", "run007"])
        #expect(explain.status == 0)
        #expect(explain.stdout.hasPrefix("RUN007 host-port-in-use (error, Runtime)"))
        #expect(explain.stdout.contains("Message: Port {port} is in use by {holder}"))
    }
}
