import DockerEngine
import Foundation
import InfraCore
import Testing

/// `doctor`: each check found or missing, with the fix, from fakes of the engine, compose and
/// the host's sockets.
@Suite("Doctor")
struct DoctorTests {
    struct Compose: ComposeRunner {
        var version: String?
        func composeVersion() async throws -> String {
            guard let version else { throw StartupError.composeUnavailable("no `docker` executable on PATH") }
            return version
        }
        func run(_ arguments: [String]) async throws -> ProcessOutput { ProcessOutput(status: 1, stdout: "", stderr: "") }
    }

    struct Sockets: HostPortReader {
        struct Unreadable: Error, CustomStringConvertible {
            var description: String { "cannot read /proc/net/tcp: No such file or directory" }
        }
        var sockets: [HostPortHolder]?
        func holders() throws -> [HostPortHolder] {
            guard let sockets else { throw Unreadable() }
            return sockets
        }
    }

    struct NoEngine: EngineConnector {
        func with<T: Sendable>(_ body: @Sendable (any DockerEngine & DockerNetworkCreating, String) async throws -> T) async throws -> T {
            throw OperationError("cannot connect to the Docker engine at unix:///gone.sock: No such file or directory")
        }
    }

    static func checks(_ report: Report) throws -> [String: DoctorCheck] {
        let payload = try #require(report.payload as? DoctorPayload)
        return Dictionary(uniqueKeysWithValues: payload.checks.map { ($0.name, $0) })
    }

    @Test func everythingFound() async throws {
        let axiom = try OperationsTests.Axiom()
        let sockets = [
            HostPortHolder(port: 5432, transport: .tcp, address: "0.0.0.0", pid: 812, processName: "docker-proxy"),
            HostPortHolder(port: 22, transport: .tcp, address: "0.0.0.0"),
        ]
        let report = await Operations.doctor(
            DoctorRequest(workspaceRoot: axiom.root, environment: [:]), engine: OperationsTests.OneContainer(),
            compose: Compose(version: "2.29.7"), hostPorts: Sockets(sockets: sockets))
        #expect(report.result == .pass)
        let checks = try Self.checks(report)
        #expect(checks.values.allSatisfy { $0.found })
        #expect(checks["registry"]?.detail.hasPrefix(".dev/infra/registry.yml: version 1, platform AXIOM, 5 apps") == true)
        #expect(checks["engine"]?.detail == "Docker 28.0 (API 1.47) at unix:///test.sock")
        #expect(checks["compose"]?.detail == "Docker Compose 2.29.7")
        #expect(checks["host ports"]?.detail.contains("2 sockets read from /proc/net, 1 with their process") == true)
        #expect(report.rendered(as: .text).hasSuffix("Everything the commands need was found."))
    }

    @Test func eachMissingPieceSaysWhoNeedsItAndTheFix() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("doctor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = await Operations.doctor(
            DoctorRequest(start: folder, environment: ["DOCKER_HOST": "unix:///gone.sock"]), engine: NoEngine(),
            compose: Compose(version: nil), hostPorts: Sockets(sockets: nil))
        #expect(report.result == .fail)
        let checks = try Self.checks(report)
        #expect(Set(checks.keys) == ["workspace", "engine", "compose", "host ports"])
        #expect(checks.values.allSatisfy { !$0.found && $0.fix != nil })
        #expect(checks["workspace"]?.fix?.contains("infractl init --example axiom") == true)
        #expect(checks["engine"]?.detail.contains("unix:///gone.sock") == true)
        #expect(checks["engine"]?.fix?.contains("-v /var/run/docker.sock:/var/run/docker.sock") == true)
        #expect(checks["compose"]?.neededBy == "up, down")
        #expect(checks["host ports"]?.detail.contains("/proc/net/tcp") == true)
        let text = report.rendered(as: .text)
        #expect(text.contains("✖ engine"))
        #expect(text.hasSuffix("4 of 4 missing."))
        #expect(report.rendered(as: .markdown).contains("FAIL"))
    }
}
