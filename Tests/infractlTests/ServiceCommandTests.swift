import Foundation
import InfraCore
import Testing

@Suite("infractl add-service and remove-service")
struct ServiceCommandTests {
    /// SHA-256 of every file of a workspace (the lock file aside), by path.
    static func hashes(_ root: String) throws -> [String: String] {
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

    @Test func addedServicePassesValidate() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let add = try await CLI.run([
            "add-service", "atlas-api", "--app", "atlas", "--type", "api", "--internal-port", "8000",
            "--depends-on", "forge-postgres,forge-redis", "--domain", "atlas.axiom.local", "--workspace", workspace, "--format", "json",
        ])
        #expect(add.status == 0, "\(add.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(add.stdout.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "add-service")
        // Atlas's lowest free port: 7000, unless a parallel test holds it on this host.
        let port = try #require(object["port"] as? Int)
        #expect((7000...7999).contains(port))
        #expect(object["files"] as? [String] == [
            ".dev/infra/registry.yml", "apps/atlas/docker-compose.dev.yml", "apps/atlas/.env", ".dev/infra/infrastructure.md",
            ".dev/infra/CHANGELOG.md",
        ])
        let validate = try await CLI.run(["validate", "--workspace", workspace, "--strict"])
        #expect(validate.status == 0, "\(validate.stdout)")
        #expect(validate.stdout.contains("### Validation Result: PASS ✅"))
        #expect(try scratch.read("ax/apps/atlas/docker-compose.dev.yml").contains("      DATABASE_URL: postgresql://axiom:${POSTGRES_PASSWORD}@forge-postgres:5432/atlas\n"))

        let remove = try await CLI.run(["remove-service", "atlas-api", "--workspace", workspace, "--format", "text"])
        #expect(remove.status == 0, "\(remove.stderr)")
        #expect(remove.stdout.hasPrefix("Removed atlas-api from atlas, releasing port \(port)."))
        #expect(try await CLI.run(["validate", "--workspace", workspace, "--strict"]).status == 0)
    }

    @Test func dryRunPrintsTheDiffAndWritesNothing() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let before = try Self.hashes(workspace)
        let result = try await CLI.run([
            "add-service", "prism-worker", "--app", "prism", "--type", "worker", "--internal-port", "9000",
            "--depends-on", "prism-backend", "--depends-on", "forge-redis", "--workspace", workspace, "--dry-run",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("--- a/.dev/infra/registry.yml\n+++ b/.dev/infra/registry.yml\n@@ "))
        #expect(result.stdout.contains("--- a/apps/prism/docker-compose.dev.yml\n+++ b/apps/prism/docker-compose.dev.yml\n"))
        #expect(result.stdout.contains("+      - name: prism-worker\n"))
        #expect(result.stdout.contains("+| prism-worker | prism | worker | 6002 |"))
        // Beside the diff, the Impact section: what it needs first, how to take it back.
        #expect(result.stdout.contains("Its dependencies run first: prism-backend (tier 5), forge-redis (tier 1) (infractl up forge)."))
        #expect(result.stdout.contains("infractl undo (the add-service change; infractl history gives its id)"))
        #expect(result.stdout.contains("infractl health prism-worker"))
        #expect(result.stdout.contains(".dev/infra/CHANGELOG.md: an ### Added entry"))
        #expect(result.stderr.isEmpty)
        let json = try await CLI.run([
            "add-service", "prism-worker", "--app", "prism", "--type", "worker", "--internal-port", "9000",
            "--workspace", workspace, "--dry-run", "--format", "json",
        ])
        let impact = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])["impact"] as? [String: Any]
        #expect(impact?["change"] as? String == "add")
        #expect(impact?["target"] as? [String] == ["prism-worker"])
        #expect((impact?["plan"] as? [String: Any])?["rollback"] as? [String] == ["infractl undo (the add-service change; `infractl history` gives its id)", "infractl up prism"])
        #expect(try Self.hashes(workspace) == before)
        let markdown = try await CLI.run(["remove-service", "prism-frontend", "--workspace", workspace, "--dry-run", "--format", "markdown"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("```diff\n--- a/.dev/infra/registry.yml"))
        #expect(try Self.hashes(workspace) == before)
    }

    /// Bad input: a message that says what is wrong, exit 2, and not one byte changed.
    @Test(arguments: [
        (["add-service", "x-api", "--app", "atlsa", "--type", "api", "--internal-port", "80"], "unknown app 'atlsa' (did you mean 'atlas'?)"),
        (["add-service", "x-api", "--app", "atlas", "--type", "daemon", "--internal-port", "80"], "unknown service type 'daemon'"),
        (["add-service", "nexus-api", "--app", "nexus", "--type", "api", "--internal-port", "80"], "service name nexus-api is taken"),
        (["add-service", "x-api", "--app", "atlas", "--type", "api", "--internal-port", "80", "--depends-on", "forge-postgres,forge-mongo"], "unknown dependency 'forge-mongo'"),
        (["add-service", "x-api", "--app", "tiny", "--type", "api", "--internal-port", "80"], "app tiny has no free port left in 3998-3999"),
        (["add-service", "x-api", "--app", "atlas", "--type", "api"], "Missing expected argument '--internal-port <internal-port>'"),
        (["remove-service", "nexus-apii"], "unknown service 'nexus-apii' (did you mean 'nexus-api'?)"),
        (["remove-service", "forge-redis"], "still depend on forge-redis"),
    ] as [([String], String)])
    func badInputExitsTwoAndChangesNothing(_ arguments: [String], _ message: String) async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        // An app whose two ports are both taken (3998 by the registry, 3999 by a compose file).
        let registry = try scratch.read("ax/.dev/infra/registry.yml")
            .replacingOccurrences(of: "  atlas:   { ports: 7000-7999,", with: "  tiny:    { ports: 3998-3999 }\n  atlas:   { ports: 7000-7999,")
            .replacingOccurrences(of: "    # --- SYNAPSE (4000-4999)", with: "    3998: { service: tiny-a, app: tiny }\n\n    # --- SYNAPSE (4000-4999)")
        try scratch.write("ax/.dev/infra/registry.yml", registry)
        try scratch.write("ax/forge/docker-compose.yml", try scratch.read("ax/forge/docker-compose.yml").replacingOccurrences(of: "\"3100:3100\"", with: "\"3100:3100\"\n      - \"3999:3101\""))
        let before = try Self.hashes(workspace)
        let result = try await CLI.run(arguments + ["--workspace", workspace])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try Self.hashes(workspace) == before)
    }
}

/// Runs blocking `body` on a new thread and waits for it without holding a cooperative thread.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
