import DockerEngine
import Foundation
import InfraCore
import Testing

/// The operations every front end calls: a test here covers the CLI and the MCP server alike.
@Suite("Operations")
struct OperationsTests {
    /// The AXIOM example in a temporary folder, with operations on it.
    final class Axiom: @unchecked Sendable {
        let root: String
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("axiom-ops-\(UUID().uuidString)").path
            _ = try AxiomExample.write(to: root)
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }
        var workspace: Workspace { Workspace(root: root, files: DiskFileSource(root: root), environment: [:]) }
        func operations(engine: (any EngineConnector)? = nil) -> Operations {
            Operations(workspace: workspace, hostPorts: { _ in FixedHostPorts() }, today: { "2026-12-05" }, engine: engine)
        }
    }

    /// An engine with one container, `forge-postgres`, whose log holds the database password.
    struct OneContainer: EngineConnector, DockerEngine, DockerNetworkCreating {
        func with<T: Sendable>(_ body: @Sendable (any DockerEngine & DockerNetworkCreating, String) async throws -> T) async throws -> T {
            try await body(self, "unix:///test.sock")
        }
        func info() async throws -> EngineInfo { EngineInfo(serverVersion: "28.0") }
        func version() async throws -> EngineVersion { EngineVersion(version: "28.0", apiVersion: "1.47") }
        func containers(all: Bool) async throws -> [ContainerSummary] { [ContainerSummary(id: "c1", names: ["/forge-postgres"], state: .running)] }
        func inspectContainer(id: String) async throws -> ContainerDetails { throw CancellationError() }
        func logs(id: String, tail: Int) async throws -> [ContainerLogLine] {
            #expect(id == "c1")
            return [
                ContainerLogLine(.stdout, "database system is ready to accept connections"),
                ContainerLogLine(.stderr, "connection string postgresql://axiom:axiom-dev-password@forge-postgres:5432/axiom"),
            ].suffix(tail)
        }
        func networks() async throws -> [DockerNetwork] { [] }
        func inspectNetwork(id: String) async throws -> DockerNetwork { throw CancellationError() }
        func stats(id: String) async throws -> ContainerStats { throw CancellationError() }
        func createNetwork(_ request: NetworkCreateRequest) async throws -> NetworkCreation { .created(id: "n1") }
    }

    @Test func logsAreMaskedAndAServiceWithoutAContainerIsRUN001() async throws {
        let axiom = try Axiom()
        let operations = axiom.operations(engine: OneContainer())
        let report = try await operations.logs(LogsRequest(service: "forge-postgres", lines: 10))
        let text = try #require(report.payload?.text)
        #expect(text.contains("ready to accept connections"))
        #expect(!text.contains("axiom-dev-password"))
        #expect(text.contains("postgresql://axiom:****@forge-postgres"))
        let missing = try await operations.logs(LogsRequest(service: "forge-redis"))
        #expect(missing.findings.map(\.rule) == ["RUN001"])
        #expect(missing.result == .fail)
    }

    @Test func everyOperationResolvesNamesTheSameWay() async throws {
        let axiom = try Axiom()
        let operations = axiom.operations(engine: OneContainer())
        func message(_ work: () async throws -> Report) async -> String {
            do {
                _ = try await work()
                return "no error"
            } catch let error as UnknownName {
                return error.description
            } catch {
                return "other error: \(error)"
            }
        }
        let service = "unknown service 'forge-postgress' (did you mean 'forge-postgres'?)"
        let health = await message { try await operations.health(HealthRequest(services: ["forge-postgress"])) }
        #expect(health.hasPrefix(service), "\(health)")
        #expect(await message { try await operations.diagnose(DiagnoseRequest(services: ["forge-postgress"])) }.hasPrefix(service))
        #expect(await message { try await operations.logs(LogsRequest(service: "forge-postgress")) }.hasPrefix(service))
        let app = "unknown app 'atlsa' (did you mean 'atlas'?)"
        #expect(await message { try await operations.graph(GraphRequest(apps: ["atlsa"])) }.hasPrefix(app))
        #expect(await message { try await operations.portCheck(PortCheckRequest(port: 7000, app: "atlsa")) }.hasPrefix(app))
        #expect(await message { try await operations.allocatePort(PortAllocateRequest(app: "atlsa", service: "x")) }.hasPrefix(app))
        #expect(await message { try await operations.up(StartupRequest(apps: ["atlsa"])) }.hasPrefix(app))
        #expect(await message { try await operations.removeService(RemoveServiceRequest(name: "forge-postgress", dryRun: true)) }.hasPrefix(service))
        withExtendedLifetime(axiom) {}
    }

    @Test func validateChecksProposedTextInMemory() async throws {
        let axiom = try Axiom()
        let proposal = ValidateRequest.ProposedText(
            "services:\n  atlas-api:\n    image: atlas\n    container_name: atlas-api\n    ports: [\"6000:8000\"]\n", app: "atlas")
        let report = try await axiom.operations().validate(ValidateRequest(proposedText: proposal))
        #expect(report.findings.contains { $0.rule == "PORT001" && $0.app == "atlas" })
        #expect((report.payload as? ProposedServiceChecks)?.services.map(\.name) == ["atlas-api"])
        #expect(!FileManager.default.fileExists(atPath: axiom.root + "/apps/atlas"))
    }

    @Test func aDryRunReleaseSaysWhatStillMentionsThePort() async throws {
        let axiom = try Axiom()
        let operations = axiom.operations()
        let allocated = try await operations.allocatePort(PortAllocateRequest(app: "atlas", service: "atlas-api", type: "api", internalPort: 8000))
        let port = try #require(allocated.payload?.jsonFields.first { $0.key == "port" }.flatMap { if case .int(let value) = $0.value { value } else { nil } })
        let before = try String(contentsOfFile: axiom.root + "/.dev/infra/registry.yml", encoding: .utf8)
        let report = try await operations.releasePort(port, dryRun: true)
        let text = try #require(report.payload?.text)
        #expect(text.contains("-    \(port):"), "\(text)")
        #expect(try String(contentsOfFile: axiom.root + "/.dev/infra/registry.yml", encoding: .utf8) == before)
    }

    @Test func aDryRunRemovalGivesTheDiffAndWritesNothing() async throws {
        let axiom = try Axiom()
        let before = try String(contentsOfFile: axiom.root + "/.dev/infra/registry.yml", encoding: .utf8)
        let report = try await axiom.operations().removeService(RemoveServiceRequest(name: "prism-frontend", dryRun: true))
        #expect(report.command == "remove-service")
        let diff = try #require(report.payload?.text)
        #expect(diff.contains("--- a/.dev/infra/registry.yml"))
        #expect(diff.contains("-      - name: prism-frontend"))
        // Beside the diff, what the removal touches.
        #expect(diff.contains("Impact of remove on prism-frontend"))
        #expect(report.payload?.markdown?.contains("### Impact") == true)
        #expect(report.payload?.jsonFields.contains { $0.key == "impact" } == true)
        #expect(try String(contentsOfFile: axiom.root + "/.dev/infra/registry.yml", encoding: .utf8) == before)
    }
}

/// The runbook's output standard: Expected State and Updates Required beside the findings.
@Suite("Expected State and Updates Required")
struct ExpectedStateTests {
    @Test func diagnosisShowsWhatTheRegistrySaysAndWhatToUpdate() throws {
        let registry = try RegistryLoader(workspace: Workspace(
            root: "/axiom", files: MemoryFileSource(ProposedChangeTests.example), environment: [:])).load()
        let backend = try #require(registry.service(named: "prism-backend"))
        var report = Report(
            command: "diagnose", workspace: "/axiom", platform: "AXIOM", registryFile: registry.file,
            findings: [Finding(
                rule: "RUN006", severity: .error, message: "prism-backend publishes 6005, registry allocates 6000",
                service: "prism-backend", fix: Fix(file: "apps/prism/docker-compose.dev.yml", line: 21, replace: "      - \"6000:8000\"", explanation: "Publish 6000."))])
        report.expectedState = [ExpectedService(backend, in: registry)]
        let markdown = DiagnosisMarkdownLayout().render(report)
        #expect(markdown.contains("### Expected State\n\n- prism-backend (prism): tier 5; port 6000; networks default, forge-network; after forge-postgres, forge-redis; probe http /health"))
        #expect(markdown.contains("### Updates Required\n\n- `.dev/infra/registry.yml`: None\n- `.dev/infra/infrastructure.md`: None\n- `.dev/infra/CHANGELOG.md`: an entry for the change"))
        let clean = Report(command: "diagnose", workspace: "/axiom", registryFile: registry.file, findings: [])
        #expect(DiagnosisMarkdownLayout().render(clean).contains("- `.dev/infra/CHANGELOG.md`: None"))
    }
}
