import Foundation
import InfraCore
import Testing

/// A fix's YAML is what the user pastes at the place it names: valid there, in the file's own
/// style (flow or block, quotes, line ends).
@Suite("Fix lines")
struct FixLineTests {
    static let registry = SecurityTests.registry

    func findings(_ rule: any Rule.Type, _ files: [String: String], proposed: [String] = []) throws -> [Finding] {
        let workspace = Workspace(root: "/w", files: MemoryFileSource(files), environment: [:])
        return try Validator(workspace: workspace, rules: [rule]).validate(proposed: proposed).findings
    }

    @Test func aSecretInAFlowMappingIsRewrittenInPlace() throws {
        let found = try findings(HardcodedSecretRule.self, [
            ".dev/infra/registry.yml": Self.registry,
            "forge/docker-compose.yml": """
                services:
                  forge-postgres:
                    image: postgres:16
                    environment: { POSTGRES_PASSWORD: hunter2-hunter2, POSTGRES_DB: app }
                """,
        ])
        // `${…}` would end a plain scalar in a flow mapping: quoted.
        #expect(found.first?.fix?.replace == "    environment: { POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD}\", POSTGRES_DB: app }")
    }

    @Test func aSecretInAFlowListIsRewrittenInPlace() throws {
        let found = try findings(HardcodedSecretRule.self, [
            ".dev/infra/registry.yml": Self.registry,
            "forge/docker-compose.yml": """
                services:
                  forge-postgres:
                    image: postgres:16
                    environment: [POSTGRES_DB=app, POSTGRES_PASSWORD=hunter2-hunter2]
                """,
        ])
        #expect(found.first?.fix?.replace == "    environment: [POSTGRES_DB=app, \"POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\"]")
    }

    @Test func aFlowLongPortGetsItsHostIPInsideTheBraces() throws {
        let found = try findings(ExposedDataStoreRule.self, [
            ".dev/infra/registry.yml": Self.registry,
            "forge/docker-compose.yml": """
                services:
                  forge-postgres:
                    image: postgres:16
                    ports:
                      - { target: 5432, published: 5433 }
                      - target: 5432
                        published: 5434
                        host_ip: 0.0.0.0
                """,
        ])
        #expect(found.map(\.fix?.replace) == [
            "      - { host_ip: 127.0.0.1, target: 5432, published: 5433 }",
            "        host_ip: 127.0.0.1",
        ])
    }

    @Test func aPortWrittenWithAVariableKeepsIt() throws {
        let found = try findings(PortRangeRule.self, [
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  atlas: { ports: 7000-7999 }
                """,
            "apps/atlas/compose.yml": "services:\n  atlas-api:\n    image: atlas\n    ports:\n      - \"${ATLAS_PORT:-6000}:8000\"\n",
        ], proposed: ["apps/atlas/compose.yml"])
        #expect(found.first?.fix?.replace == "      - \"${ATLAS_PORT:-7000}:8000\"")
    }

    @Test func crlfFilesGetTheirOwnLinesBack() throws {
        let findings = RuleVerifier.run(PortRangeRule.self, RuleExample([
            ".dev/infra/registry.yml": "version: 1\r\napps:\r\n  synapse: { ports: 4000-4999 }\r\nport_registry:\r\n  allocated:\r\n    4000: { service: synapse-api, app: synapse }\r\n    8080: { service: synapse-web, app: synapse }\r\n",
        ]))
        #expect(findings.first?.fix?.replace == "    4001: { service: synapse-web, app: synapse }")
    }

    @Test func aProposedDependsOnAnotherProjectIsOneFindingNotTwo() throws {
        let files: [String: String] = [
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  forge: { ports: 3000-3999 }
                  atlas: { ports: 7000-7999 }
                services:
                  forge:
                    dev:
                      - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
                """,
            "forge/docker-compose.yml": "services:\n  postgres:\n    container_name: forge-postgres\n    image: postgres:16\n",
            "apps/atlas/compose.yml": "services:\n  atlas-api:\n    image: atlas\n    depends_on:\n      postgres:\n        condition: service_healthy\n",
        ]
        let found = try findings(UndefinedDependencyRule.self, files, proposed: ["apps/atlas/compose.yml"])
            + findings(CrossProjectDependencyRule.self, files, proposed: ["apps/atlas/compose.yml"])
        #expect(found.map(\.rule) == ["DEP005"])
        #expect(found.first?.message == "Service atlas-api depends on postgres of project forge; Compose cannot wait across projects")
    }
}
