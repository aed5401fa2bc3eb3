@testable import InfraCore
import Testing

@Suite("Environment rules")
struct EnvironmentTests {
    @Test("hosts and ports of connection settings", arguments: [
        ("postgresql://u:p@ss/w@rd@forge-postgres:5433/db?sslmode=disable", "forge-postgres", 5433),
        ("postgres://forge-postgres/db", "forge-postgres", 5432),
        ("redis://:secret@localhost", "localhost", 6379),
        ("mongodb://a:1,b:27018/db", "a", 1),
        ("http://[::1]:8080/health", "::1", 8080),
        ("host=127.0.0.1 port=5433 dbname=app", "127.0.0.1", 5433),
        ("localhost:6379", "localhost", 6379),
        ("forge-redis", "forge-redis", nil),
    ] as [(String, String, Int?)])
    func endpoints(value: String, host: String, port: Int?) throws {
        let endpoint = try #require(ConnectionString.endpoints(in: value, hostsAllowed: true).first)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
    }

    @Test func everyHostOfAURLWithAPasswordHoldingDelimiters() {
        let endpoints = ConnectionString.endpoints(in: "  postgresql://u:p@s/s@a:1,b,[::1]:3/db?x=@y  ", hostsAllowed: false)
        #expect(endpoints.map(\.host) == ["a", "b", "::1"])
        #expect(endpoints.map(\.port) == [1, 5432, 3])
        #expect(ConnectionString.isConnectionVariable("database_url") && ConnectionString.isConnectionVariable("REDIS_HOST"))
        #expect(!ConnectionString.isConnectionVariable("URL") && !ConnectionString.isConnectionVariable("MY_URLS"))
    }

    @Test func bareWordsAreHostsOnlyInConnectionVariables() {
        #expect(ConnectionString.endpoints(in: "forge-redis", hostsAllowed: false).isEmpty)
        #expect(ConnectionString.endpoints(in: "some text here", hostsAllowed: true).isEmpty)
    }

    @Test func masking() {
        #expect(ConnectionString.masked("postgresql://app:s3cret@db:5432/x") == "postgresql://app:****@db:5432/x")
        #expect(ConnectionString.masked("postgresql://app:${DB_PASSWORD}@db/x") == "postgresql://app:${DB_PASSWORD}@db/x")
        #expect(ConnectionString.masked("mysql://db/x?user=a&password=hunter2&ssl=1") == "mysql://db/x?user=a&password=****&ssl=1")
        #expect(ConnectionString.masked("redis://db:6379") == "redis://db:6379")
        // A password holding `@`, `/` and non-ASCII text; the host after the last `@` before the query.
        #expect(ConnectionString.masked("postgresql://app:p@ss/wörd@db:5432/x?sslmode=require") == "postgresql://app:****@db:5432/x?sslmode=require")
        #expect(ConnectionString.masked("redis://:pw@cache:6379/0#frag@x") == "redis://:****@cache:6379/0#frag@x")
    }

    static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          prism: { ports: 6000-6999 }
        port_registry:
          allocated:
            5433: { service: forge-postgres, app: forge, type: database, internal_port: 5432 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, ports: [5433], compose_file: forge/docker-compose.yml }
          prism:
            dev:
              - { name: prism-backend, type: api, dependencies: [forge-postgres], compose_file: apps/prism/docker-compose.yml }
        rules:
          shared_apps: [forge]
        """

    @Test func containerAddressNeverShowsThePassword() throws {
        let findings = RuleVerifier.run(ContainerAddressRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry,
            "apps/prism/docker-compose.yml": """
                services:
                  backend:
                    container_name: prism-backend
                    image: prism-backend:dev
                    environment:
                      DATABASE_URL: postgresql://prism:s3cret@localhost:5433/prism
                """,
        ]))
        let finding = try #require(findings.first)
        #expect(finding.message.hasPrefix("DATABASE_URL of prism-backend uses localhost:5433; inside Docker use forge-postgres:5432."))
        #expect(finding.fix?.replace == "      DATABASE_URL: postgresql://prism:****@forge-postgres:5432/prism")
        let text = [finding.message, finding.fix?.replace ?? "", finding.fix?.explanation ?? ""] + finding.evidence
        #expect(!text.contains { $0.contains("s3cret") })
    }

    @Test func requiredVariableMessage() throws {
        let findings = RuleVerifier.run(RequiredVariableRule.self, RuleExample([
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  prism: { ports: 6000-6999 }
                services:
                  prism:
                    dev:
                      - { name: prism-backend, type: api, environment: [DATABASE_URL], compose_file: apps/prism/docker-compose.yml }
                """,
            "apps/prism/docker-compose.yml": "services:\n  backend:\n    container_name: prism-backend\n    image: prism-backend:dev\n",
        ]))
        let finding = try #require(findings.first)
        #expect(finding.message == "Service prism-backend needs environment variable DATABASE_URL.")
        #expect(finding.fix?.replace == "    environment:\n      DATABASE_URL: ${DATABASE_URL}")
    }

    @Test func undefinedVariableMessage() throws {
        let findings = RuleVerifier.run(UndefinedVariableRule.self, RuleExample([
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  atlas: { ports: 7000-7999 }
                services:
                  atlas:
                    dev:
                      - { name: atlas-api, type: api, compose_file: apps/atlas/docker-compose.yml }
                """,
            "apps/atlas/docker-compose.yml": "services:\n  api:\n    image: atlas-api:${ATLAS_TAG}\n",
        ]))
        let finding = try #require(findings.first)
        #expect(finding.message.hasPrefix("Variable ATLAS_TAG used in apps/atlas/docker-compose.yml is not defined."))
        #expect(finding.fix?.file == "apps/atlas/.env")
    }
}
