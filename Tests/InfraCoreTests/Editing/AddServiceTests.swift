import Foundation
import InfraCore
import Testing

/// `add-service` and `remove-service` on the AXIOM example, on disk, through the same session
/// the command uses; whole files compared with golden files (INFRACTL_UPDATE_GOLDEN=1 rewrites).
@Suite("add-service and remove-service")
struct AddServiceTests {
    static let date = "2026-12-01"

    /// The AXIOM example in a temporary folder.
    final class Axiom: @unchecked Sendable {
        let root: String

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("axiom-edit-\(UUID().uuidString)").path
            _ = try AxiomExample.write(to: root)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        var workspace: Workspace { Workspace(root: root, files: DiskFileSource(root: root), environment: [:]) }

        func add(_ request: AddServiceRequest, host: any HostPorts = FixedHostPorts(), dryRun: Bool = false) throws -> EditSession.Outcome<AddServicePlan> {
            try EditSession(workspace: workspace).perform(dryRun: dryRun, validate: true) { workspace, context in
                let plan = try AddService.plan(request, in: workspace, context: context, host: host, date: AddServiceTests.date)
                return (plan, plan.changes)
            }
        }

        func remove(_ name: String) throws -> EditSession.Outcome<RemoveServicePlan> {
            try EditSession(workspace: workspace).perform(validate: true) { workspace, context in
                let plan = try RemoveService.plan(name, in: workspace, context: context, date: AddServiceTests.date)
                return (plan, plan.changes)
            }
        }

        func read(_ path: String) -> String? { try? String(contentsOfFile: root + "/" + path, encoding: .utf8) }

        /// Every file's SHA-256, by path (lock file aside).
        func hashes() throws -> [String: String] {
            var result: [String: String] = [:]
            let enumerator = FileManager.default.enumerator(atPath: root)
            while let path = enumerator?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      path != WorkspaceLock.path else { continue }
                result[path] = SHA256.hex(Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))))
            }
            return result
        }

        func findings() throws -> [Finding] { try Validator(workspace: workspace).validate().findings }
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden/editing", isDirectory: true)

    /// `apps/atlas/.env` as `apps__atlas__.env`; a leading dot dropped so golden files are not hidden.
    static func goldenName(_ path: String) -> String {
        let flat = path.replacingOccurrences(of: "/", with: "__")
        return flat.hasPrefix(".") ? String(flat.dropFirst()) : flat
    }

    /// Compares a whole file with its golden copy.
    static func golden(_ text: String?, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = goldenDirectory.appendingPathComponent(name)
        guard let text else {
            Issue.record("no file for golden \(name)", sourceLocation: sourceLocation)
            return
        }
        if ProcessInfo.processInfo.environment["INFRACTL_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }

    static let atlasAPI = AddServiceRequest(
        name: "atlas-api", app: "atlas", type: "api", internalPort: 8000, dependencies: ["forge-postgres", "forge-redis"],
        domain: "atlas.axiom.local")

    @Test func newAppGetsItsComposeFileAndEverythingElse() throws {
        let axiom = try Axiom()
        let outcome = try axiom.add(Self.atlasAPI)
        #expect(outcome.written)
        #expect(outcome.plan.blueprint.port == 7000)
        #expect(outcome.changes.paths == [
            ".dev/infra/registry.yml", "apps/atlas/docker-compose.dev.yml", "apps/atlas/.env", ".dev/infra/infrastructure.md",
            ".dev/infra/CHANGELOG.md",
        ])
        for path in outcome.changes.paths {
            try Self.golden(axiom.read(path), "atlas-api/" + Self.goldenName(path))
        }
        #expect(outcome.plan.notes.contains { $0.contains("POSTGRES_PASSWORD") })
        #expect(try axiom.findings().isEmpty)
    }

    @Test func serviceJoinsAnExistingProject() throws {
        let axiom = try Axiom()
        let outcome = try axiom.add(AddServiceRequest(
            name: "prism-worker", app: "prism", type: "worker", internalPort: 9000, dependencies: ["prism-backend", "forge-redis"]))
        #expect(outcome.plan.blueprint.port == 6002)
        #expect(outcome.plan.blueprint.tier == 6)
        for path in outcome.changes.paths {
            try Self.golden(axiom.read(path), "prism-worker/" + Self.goldenName(path))
        }
        #expect(try axiom.findings().isEmpty)
    }

    @Test(arguments: [
        AddServiceRequest(name: "nexus-cache", app: "nexus", type: "cache", internalPort: 6379),
        AddServiceRequest(name: "nexus-db", app: "nexus", type: "database", internalPort: 5432),
        AddServiceRequest(name: "synapse-search", app: "synapse", type: "search", internalPort: 7700, image: "getmeili/meilisearch:v1.10"),
        AddServiceRequest(name: "synapse-prod-worker", app: "synapse", type: "worker", internalPort: 9000, dependencies: ["forge-redis"], environment: .prod),
        AddServiceRequest(name: "atlas-web", app: "atlas", type: "frontend", internalPort: 3000, domain: "atlas.axiom.local"),
        AddServiceRequest(name: "forge-prometheus", app: "forge", type: "monitoring", internalPort: 9090, image: "prom/prometheus:v2.54.0"),
    ])
    func validateStaysCleanAfterward(_ request: AddServiceRequest) throws {
        let axiom = try Axiom()
        let before = try axiom.findings()
        let outcome = try axiom.add(request)
        #expect(outcome.written)
        let after = try axiom.findings()
        #expect(EditSession.addedFindings(before: before, after: after).isEmpty, "\(after.map(\.message))")
        #expect(after.isEmpty, "\(after.map { "\($0.rule) \($0.message)" })")
    }

    @Test func removeGivesBackTheFilesAsTheyWere() throws {
        let axiom = try Axiom()
        let paths = [".dev/infra/registry.yml", "apps/prism/docker-compose.dev.yml", ".dev/infra/infrastructure.md"]
        let original = paths.map(axiom.read)
        _ = try axiom.add(AddServiceRequest(name: "prism-worker", app: "prism", type: "worker", internalPort: 9000, dependencies: ["prism-backend"]))
        #expect(paths.map(axiom.read) != original)
        let removal = try axiom.remove("prism-worker")
        #expect(removal.plan.ports == [6002])
        #expect(paths.map(axiom.read) == original)
        let changelog = try #require(axiom.read(AddService.changelog))
        #expect(changelog.contains("## 2026-12-01\n\n### Added\n- PRISM development: prism-worker"))
        #expect(changelog.contains("\n\n### Removed\n- PRISM development: prism-worker (worker, port 6002 released)"))
        #expect(try axiom.findings().isEmpty)
    }

    @Test func removingAServiceOthersNeedIsRefused() throws {
        let axiom = try Axiom()
        let before = try axiom.hashes()
        #expect { try axiom.remove("forge-postgres") } throws: { error in
            (error as? EditError)?.message.contains("still depend on forge-postgres") == true
        }
        #expect(try axiom.hashes() == before)
    }

    @Test func allocationSkipsHeldPortsAndReusesAReservation() throws {
        let axiom = try Axiom()
        let held = try axiom.add(
            AddServiceRequest(name: "atlas-api", app: "atlas", type: "api", internalPort: 8000),
            host: FixedHostPorts([7000: "docker-proxy (pid 1) on 0.0.0.0:7000/tcp", 7001: "nc"]))
        #expect(held.plan.blueprint.port == 7002)

        let reserved = try EditSession(workspace: axiom.workspace).perform(validate: false) { workspace, context in
            let allocation = try PortEditing.allocate(
                app: "atlas", service: "atlas-web", type: "frontend", internalPort: 3000, in: workspace, context: context, host: FixedHostPorts())
            return (allocation, allocation.changes)
        }
        #expect(reserved.plan.port == 7000)
        let web = try axiom.add(AddServiceRequest(name: "atlas-web", app: "atlas", type: "frontend", internalPort: 3000))
        #expect(web.plan.reusedAllocation)
        #expect(web.plan.blueprint.port == 7000)
        #expect(try axiom.findings().isEmpty)
    }

    @Test func dryRunWritesNothing() throws {
        let axiom = try Axiom()
        let before = try axiom.hashes()
        let outcome = try axiom.add(Self.atlasAPI, dryRun: true)
        #expect(!outcome.written)
        #expect(try axiom.hashes() == before)
        let diff = outcome.changes.diff()
        #expect(diff.contains("--- /dev/null\n+++ b/apps/atlas/docker-compose.dev.yml\n"))
        #expect(diff.contains("+    7000:\n+      service: atlas-api\n"))
    }

    /// Bad input: a clear message, and not one file changed.
    @Test(arguments: [
        (AddServiceRequest(name: "x-api", app: "atlsa", type: "api", internalPort: 80), "unknown app 'atlsa' (did you mean 'atlas'?)"),
        (AddServiceRequest(name: "x-api", app: "atlas", type: "apii", internalPort: 80), "unknown service type 'apii' (did you mean 'api'?)"),
        (AddServiceRequest(name: "prism-backend", app: "prism", type: "api", internalPort: 80), "service name prism-backend is taken"),
        (AddServiceRequest(name: "x-api", app: "atlas", type: "api", internalPort: 80, dependencies: ["forge-postgre"]), "unknown dependency 'forge-postgre' (did you mean 'forge-postgres'?)"),
        (AddServiceRequest(name: "x api", app: "atlas", type: "api", internalPort: 80), "is not a valid service name"),
        (AddServiceRequest(name: "x-api", app: "atlas", type: "api", internalPort: 70000), "is not a port number"),
        (AddServiceRequest(name: "x-api", app: "atlas", type: "api", internalPort: 80, domain: "prism.axiom.local"), "already routed to prism-frontend"),
    ] as [(AddServiceRequest, String)])
    func badInputChangesNothing(_ request: AddServiceRequest, _ message: String) throws {
        let axiom = try Axiom()
        let before = try axiom.hashes()
        #expect { try axiom.add(request) } throws: { error in
            let text = (error as? EditError)?.message ?? "\(error)"
            #expect(text.contains(message), "\(text)")
            return error is EditError
        }
        #expect(try axiom.hashes() == before)
    }

    @Test func changeThatAddsAFindingIsRefused() throws {
        let axiom = try Axiom()
        let before = try axiom.hashes()
        let file = "apps/prism/docker-compose.dev.yml"
        #expect {
            try EditSession(workspace: axiom.workspace).perform(validate: true) { workspace, _ in
                let text = try #require(try workspace.readIfPresent(file, referencedAt: nil))
                var changes = ChangeSet()
                changes.set(file, before: text, after: text.replacingOccurrences(of: "\"6001:3000\"", with: "\"6000:3000\""))
                return ((), changes)
            }
        } throws: { error in
            guard let error = error as? EditError else { return false }
            return error.message.contains("error[PORT001]: Port 6000 already allocated to prism-backend") && error.findings.contains { $0.rule == "PORT001" }
        }
        #expect(try axiom.hashes() == before)
    }

    @Test func productionServiceGetsTheAppsInternalNetwork() throws {
        let axiom = try Axiom()
        let outcome = try axiom.add(AddServiceRequest(
            name: "nexus-prod-api", app: "nexus", type: "api", internalPort: 8080, dependencies: ["forge-postgres"], environment: .prod))
        #expect(outcome.plan.blueprint.networks == ["nexus-internal", "forge-network"])
        let compose = try #require(axiom.read("apps/nexus/docker-compose.yml"))
        #expect(compose.contains("name: nexus-prod\n"), "the dev project is already called nexus")
        #expect(compose.contains("networks:\n  nexus-internal:\n    name: nexus-internal\n    internal: true\n  forge-network:\n    external: true\n"))
        #expect(try #require(axiom.read(".dev/infra/registry.yml")).contains("""
                description: Production isolation network of SYNAPSE
              nexus-internal:
                internal: true
                app: nexus
                description: Production isolation network of NEXUS

            """))
        #expect(try axiom.findings().isEmpty)
    }

    @Test func exhaustedRangeIsRefused() throws {
        let axiom = try Axiom()
        let registryPath = axiom.root + "/.dev/infra/registry.yml"
        let registry = try String(contentsOfFile: registryPath, encoding: .utf8)
        try registry.replacingOccurrences(of: "atlas:   { ports: 7000-7999,", with: "atlas:   { ports: 6000-6001,")
            .write(toFile: registryPath, atomically: true, encoding: .utf8)
        let before = try axiom.hashes()
        #expect { try axiom.add(AddServiceRequest(name: "atlas-api", app: "atlas", type: "api", internalPort: 8000)) } throws: { error in
            (error as? EditError)?.message.contains("app atlas has no free port left in 6000-6001") == true
        }
        #expect(try axiom.hashes() == before)
    }
}
