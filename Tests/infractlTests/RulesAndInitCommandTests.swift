import Foundation
import Testing

@Suite("infractl rules and init")
struct RulesAndInitCommandTests {
    static let staticRuleIds = [
        "PORT001", "PORT002", "PORT003", "PORT004", "PORT005", "NET001", "NET002", "NET003", "NET004",
        "DEP001", "DEP002", "DEP003", "DEP004", "DEP005", "HC001", "ENV001", "ENV002", "ENV003", "REG001", "REG002",
        "SEC001", "SEC002", "SEC003", "SEC004", "DOC001",
    ]

    @Test func listsEveryRule() async throws {
        let result = try await CLI.run(["rules"])
        #expect(result.status == 0)
        for id in Self.staticRuleIds {
            #expect(result.stdout.contains(id), "\(id) missing from `infractl rules`")
        }
    }

    @Test func explainsOneRule() async throws {
        let result = try await CLI.run(["rules", "port001"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("PORT001"))
        #expect(result.stdout.contains("Port {port} already allocated to {service}"))
        #expect(result.stdout.contains("Triggering examples"))
        let unknown = try await CLI.run(["rules", "PORT0001"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown rule PORT0001"))
    }

    @Test func explainsALiveCheckWithItsExamples() async throws {
        let result = try await CLI.run(["rules", "RUN003"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("RUN003 unhealthy-container"))
        #expect(result.stdout.contains("Triggering examples (a finding at each ↓)"))
        #expect(result.stdout.contains("Non-triggering examples"))
        #expect(result.stdout.contains("    ↓healthcheck:"))
        #expect(result.stdout.contains("  engine:\n    container forge-postgres; running (healthy)"))
    }

    @Test func initRefusesToOverwrite() async throws {
        let scratch = try Scratch()
        _ = try await scratch.axiom()
        let registry = try scratch.read("ax/.dev/infra/registry.yml")
        let again = try await CLI.run(["init", "--example", "axiom", "ax"], in: scratch.path)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds"))
        #expect(try scratch.read("ax/.dev/infra/registry.yml") == registry)
    }

    /// The example's private key is its owner's alone, so `audit` finds nothing to say of it.
    @Test func initWritesThePrivateKeyForItsOwnerOnly() async throws {
        let scratch = try Scratch()
        let root = try await scratch.axiom()
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: root + "/forge/certs/axiom.local-key.pem")[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let certificate = try #require(try FileManager.default.attributesOfItem(atPath: root + "/forge/certs/axiom.local.pem")[.posixPermissions] as? Int)
        #expect(certificate & 0o044 == 0o044, "a certificate is public")
        let audit = try await CLI.run(["audit", "--workspace", root, "--format", "json"])
        #expect(!audit.stdout.contains("\"SEC005\""), "\(audit.stdout.prefix(2000))")
    }
}
