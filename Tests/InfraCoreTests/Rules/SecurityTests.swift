@testable import InfraCore
import Testing

@Suite("Security and documentation rules")
struct SecurityTests {
    @Test("names that hold secrets", arguments: [
        ("POSTGRES_PASSWORD", true), ("db_passwd", true), ("JWT_SECRET", true), ("SECRET_KEY_BASE", true),
        ("API_TOKEN", true), ("MEILI_MASTER_KEY", true), ("OPENAI_APIKEY", true), ("SIGNING_KEYS", true),
        ("POSTGRES_PASSWORD_FILE", false), ("AWS_ACCESS_KEY_ID", false), ("SSL_KEY_PATH", false),
        ("VAPID_PUBLIC_KEY", false), ("STRIPE_PUBLISHABLE_KEY", false), ("KEYCLOAK_URL", false),
        ("POSTGRES_USER", false), ("DATABASE_URL", false),
    ] as [(String, Bool)])
    func secretNames(name: String, secret: Bool) {
        #expect(HardcodedSecretRule.isSecretName(name) == secret)
    }

    @Test func passwordVariableOfAConnectionString() {
        #expect(HardcodedSecretRule.passwordVariable(for: "DATABASE_URL") == "DATABASE_PASSWORD")
        #expect(HardcodedSecretRule.passwordVariable(for: "cache_dsn") == "CACHE_PASSWORD")
        #expect(HardcodedSecretRule.passwordVariable(for: "_URL") == "PASSWORD")
    }

    static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
        """

    func findings(_ rule: any Rule.Type, _ files: [String: String]) throws -> [Finding] {
        let workspace = Workspace(root: "/w", files: MemoryFileSource(files), environment: [:])
        return try Validator(workspace: workspace, rules: [rule]).validate().findings
    }

    /// The rule itself, before any report masks anything, never repeats the value.
    @Test func findingsNeverHoldTheSecret() throws {
        let found = try findings(HardcodedSecretRule.self, [
            ".dev/infra/registry.yml": Self.registry,
            "forge/docker-compose.yml": """
                services:
                  forge-postgres:
                    image: postgres:16-alpine
                    environment:
                      POSTGRES_PASSWORD: "hunter2-literal"
                      REPLICATION_URL: postgresql://replicator:pw-in-url-42@forge-postgres:5432/x
                      EMPTY_SECRET: ""
                      ENABLE_TOKEN: "true"
                """,
        ])
        #expect(found.count == 2)
        for finding in found {
            let texts = [finding.message] + finding.evidence + [finding.fix?.replace ?? "", finding.fix?.explanation ?? ""]
            for secret in ["hunter2-literal", "pw-in-url-42"] {
                #expect(!texts.contains { $0.contains(secret) }, "\(finding.rule): \(texts)")
            }
        }
        #expect(found.first?.fix?.replace == "      POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD}\"")
        #expect(found.last?.fix?.replace == "      REPLICATION_URL: postgresql://replicator:${REPLICATION_PASSWORD}@forge-postgres:5432/x")
    }

    @Test func dataStoreFixKeepsRangeAndProtocol() throws {
        let found = try findings(ExposedDataStoreRule.self, [
            ".dev/infra/registry.yml": Self.registry,
            "forge/docker-compose.yml": """
                services:
                  forge-postgres:
                    image: postgres:16-alpine
                    ports: ["5433-5434:5432-5433/udp"]
                """,
        ])
        // The whole line as it will read, in the file's own flow style and quotes.
        #expect(found.map(\.fix?.replace) == ["    ports: [\"127.0.0.1:5433-5434:5432-5433/udp\"]"])
        #expect(found.first?.message == "forge-postgres publishes 5433-5434 on all interfaces; bind 127.0.0.1.")
    }

    @Test func missingInventoryRowIsWrittenInTheTablesColumns() throws {
        let found = try findings(ServiceInventoryRule.self, [
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  forge: { ports: 3000-3999 }
                port_registry:
                  allocated:
                    5433: { service: forge-postgres, app: forge, type: database, internal_port: 5432, description: PostgreSQL }
                services:
                  forge:
                    dev:
                      - { name: forge-postgres, type: database, ports: [5433], compose_file: forge/docker-compose.yml }
                """,
            ".dev/infra/infrastructure.md": "## Service Inventory\n\n| Name | Description | Ports |\n|---|---|---|\n",
        ])
        let finding = try #require(found.first)
        #expect(found.count == 1)
        #expect(finding.message.hasPrefix("forge-postgres is missing from the service inventory."))
        #expect(finding.location?.line == 5)
        #expect(finding.fix?.replace == "| forge-postgres | PostgreSQL | 5433 |")
    }

    @Test func noInventoryDocumentIsOneFinding() throws {
        let found = try findings(ServiceInventoryRule.self, [
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  forge: { ports: 3000-3999 }
                services:
                  forge:
                    dev:
                      - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
                      - { name: forge-redis, type: cache, compose_file: forge/docker-compose.yml }
                """,
        ])
        #expect(found.count == 1)
        #expect(found.first?.message == "forge-postgres is missing from the service inventory. So is forge-redis: .dev/infra/infrastructure.md does not exist.")
        #expect(found.first?.service == nil)
        #expect(found.first?.fix?.replace?.hasPrefix("## Service Inventory\n\n| Service | App |") == true)
    }
}
