import InfraCore
import Testing

/// What the port rules' examples cannot show: message details, evidence and fixes.
@Suite("Port rules")
struct PortsTests {
    static let registry = """
        version: 1
        apps:
          synapse: { ports: 4000-4999 }
        port_registry:
          allocated:
            4000: { service: synapse-api, app: synapse, internal_port: 8000 }
            4002: { service: synapse-web, app: synapse }
        services:
          synapse:
            dev:
              - { name: synapse-api, type: api, ports: [4000], compose_file: apps/synapse/docker-compose.yml }
              - { name: synapse-worker, type: worker, compose_file: apps/synapse/docker-compose.yml }
        """

    @Test func conflictNamesTheOwnerAndProposesAFreePort() throws {
        let findings = RuleVerifier.run(PortConflictRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry,
            "apps/synapse/docker-compose.yml": """
                services:
                  api:
                    image: synapse-api:dev
                    container_name: synapse-api
                    ports: ["4000:8000"]
                  worker:
                    image: synapse-api:dev
                    container_name: synapse-worker
                    ports: ["127.0.0.1:4000:9000"]
                """,
        ]))
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.message.hasPrefix("Port 4000 already allocated to synapse-api"))
        #expect(finding.service == "synapse-worker")
        #expect(finding.port == 4000)
        #expect(finding.app == "synapse")
        #expect(finding.fix?.replace == "    ports: [\"127.0.0.1:4001:9000\"]")
        #expect(finding.fix?.line == 9)
    }

    @Test func ipv4AndIPv6WildcardsDoNotConflict() {
        let findings = RuleVerifier.run(PortConflictRule.self, RuleExample([
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  nexus: { ports: 5000-5999 }
                services:
                  nexus:
                    dev:
                      - { name: a, type: other, compose_file: apps/nexus/docker-compose.yml }
                      - { name: b, type: other, compose_file: apps/nexus/docker-compose.yml }
                """,
            "apps/nexus/docker-compose.yml": """
                services:
                  a:
                    image: a
                    ports: ["0.0.0.0:5000:80"]
                  b:
                    image: b
                    ports: ["[::]:5000:80", "[::1]:5001:80"]
                """,
        ]))
        #expect(findings.isEmpty)
    }

    @Test func unregisteredPortFixIsTheAllocationToAdd() throws {
        let findings = RuleVerifier.run(UnregisteredPortRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry,
            "apps/synapse/docker-compose.yml": """
                services:
                  api:
                    image: synapse-api:dev
                    container_name: synapse-api
                    ports: ["4000:8000", "4001:9229/udp"]
                """,
        ]))
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.message == "Port 4001 published by synapse-api is not in the registry")
        #expect(finding.fix?.file == ".dev/infra/registry.yml")
        #expect(finding.fix?.line == 7)
        #expect(finding.fix?.replace == """
                4001:
                  service: synapse-api
                  app: synapse
                  type: api
                  internal_port: 9229
                  protocol: udp
            """)
    }

    @Test func unpublishedPortNamesTheComposeFile() throws {
        let findings = RuleVerifier.run(UnpublishedPortRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry,
            "apps/synapse/docker-compose.yml": """
                services:
                  api:
                    image: synapse-api:dev
                    container_name: synapse-api
                  worker:
                    image: synapse-api:dev
                    container_name: synapse-worker
                """,
        ]))
        let messages = findings.map(\.message).sorted()
        #expect(messages == [
            "Port 4000 allocated to synapse-api is not published by apps/synapse/docker-compose.yml",
            "Port 4002 allocated to synapse-web is not published by any compose file of app synapse",
        ])
    }

    @Test func rangeFixMovesTheAllocationKey() throws {
        let findings = RuleVerifier.run(PortRangeRule.self, RuleExample([
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  synapse: { ports: 4000-4999 }
                port_registry:
                  allocated:
                    4000: { service: synapse-api, app: synapse }
                    8080: { service: synapse-web, app: synapse }
                """,
        ]))
        let finding = try #require(findings.first)
        #expect(finding.message == "Port 8080 for app synapse must be in range 4000-4999")
        #expect(finding.fix?.replace == "    4001: { service: synapse-web, app: synapse }")
        #expect(finding.fix?.explanation.contains("range_exception") == true)
    }
}
