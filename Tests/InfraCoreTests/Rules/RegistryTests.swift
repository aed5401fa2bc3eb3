import InfraCore
import Testing

/// What the registry and health rules' examples cannot show: messages and fixes.
@Suite("Registry and health rules")
struct RegistryTests {
    @Test func driftMessagesSayWhatDiffers() {
        let findings = RuleVerifier.run(RegistryDriftRule.self, RuleExample([
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  forge: { ports: 3000-3999 }
                services:
                  forge:
                    dev:
                      - { name: forge-postgres, image: postgres:16, type: database, networks: [default, forge-network], compose_file: forge/docker-compose.yml }
                      - { name: forge-redis, type: cache, compose_file: forge/docker-compose.yml }
                """,
            "forge/docker-compose.yml": """
                services:
                  postgres:
                    image: docker.io/library/postgres:15
                    container_name: forge-postgres
                  forge-redis:
                    image: redis:7
                """,
        ]))
        let messages = findings.map(\.message).sorted()
        #expect(messages == [
            "Service forge-postgres differs between registry and forge/docker-compose.yml: image postgres:16 vs docker.io/library/postgres:15",
            "Service forge-postgres differs between registry and forge/docker-compose.yml: networks [default, forge-network] vs [default]",
            "Service forge-redis differs between registry and forge/docker-compose.yml: container_name is not set; Docker will name it forge-forge-redis-1",
        ])
        let redis = findings.first { $0.service == "forge-redis" }
        #expect(redis?.fix?.replace == "  forge-redis:\n    container_name: forge-redis")
    }

    @Test func unknownKeySuggestsTheNearestKey() throws {
        let findings = RuleVerifier.run(UnknownKeyRule.self, RuleExample([
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  synapse: { ports: 4000-4999, descripton: typo }
                """,
        ]))
        let finding = try #require(findings.first)
        #expect(finding.message == "Unknown key descripton (did you mean 'description'?)")
        #expect(finding.severity == .warning)
        #expect(finding.fix?.replace == "  synapse: { ports: 4000-4999, description: typo }")
    }

    @Test func healthcheckFixSuitsTheImage() throws {
        let findings = RuleVerifier.run(CriticalHealthcheckRule.self, RuleExample([
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  forge: { ports: 3000-3999 }
                  synapse: { ports: 4000-4999 }
                port_registry:
                  allocated:
                    4000: { service: synapse-api, app: synapse, internal_port: 8000 }
                services:
                  forge:
                    dev:
                      - { name: forge-mysql, type: database, compose_file: forge/docker-compose.yml }
                  synapse:
                    dev:
                      - name: synapse-api
                        type: api
                        ports: [4000]
                        compose_file: apps/synapse/docker-compose.yml
                        health: { probe: http, path: /healthz }
                """,
            "forge/docker-compose.yml": """
                services:
                  forge-mysql:
                    image: mysql:8.4
                """,
            "apps/synapse/docker-compose.yml": """
                services:
                  synapse-api:
                    image: synapse-api:dev
                    ports: ["4000:8000"]
                    healthcheck:
                      disable: true
                """,
        ]))
        let mysql = try #require(findings.first { $0.service == "forge-mysql" })
        #expect(mysql.message == "Critical service forge-mysql must define health check")
        #expect(mysql.fix?.line == 2)
        #expect(mysql.fix?.replace == """
              forge-mysql:
                healthcheck:
                  test: ["CMD", "mysqladmin", "ping", "-h", "localhost"]
                  interval: 10s
                  timeout: 5s
                  retries: 5
                  start_period: 10s
            """)
        let api = try #require(findings.first { $0.service == "synapse-api" })
        #expect(api.fix?.line == 5)
        #expect(api.fix?.replace?.hasPrefix("    healthcheck:\n      test: [\"CMD-SHELL\", \"wget -qO- http://localhost:8000/healthz\"]") == true)
    }
}
