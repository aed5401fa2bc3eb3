import InfraCore
import Testing

@Suite("Dependency rules")
struct DependenciesTests {
    static func registry(_ services: String) -> String {
        """
        version: 1
        apps:
          atlas: { ports: 7000-7999 }
        services:
          atlas:
            dev:
        \(services)
        """
    }

    @Test func cycleMessageStartsAtSmallestName() throws {
        let findings = RuleVerifier.run(CircularDependencyRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry("""
                      - { name: c, type: api, compose_file: x.yml, dependencies: [a] }
                      - { name: b, type: api, compose_file: x.yml, dependencies: [c] }
                      - { name: a, type: api, compose_file: x.yml, dependencies: [b] }
                """),
        ]))
        #expect(findings.map(\.message) == ["Circular dependency: a → b → c → a"])
        #expect(findings.first?.service == "a")
    }

    @Test func selfDependencyIsACycle() {
        let findings = RuleVerifier.run(CircularDependencyRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry("      - { name: a, type: api, compose_file: x.yml, dependencies: [a] }"),
        ]))
        #expect(findings.map(\.message) == ["Circular dependency: a → a"])
    }

    @Test func undefinedDependencySuggestsTheNearestName() throws {
        let findings = RuleVerifier.run(UndefinedDependencyRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry("""
                      - { name: atlas-db, type: database, compose_file: x.yml }
                      - { name: atlas-api, type: api, compose_file: x.yml, dependencies: [atlas-bd] }
                """),
        ]))
        let finding = try #require(findings.first)
        #expect(finding.message == "Service atlas-api depends on atlas-bd which is not defined. Did you mean atlas-db?")
        #expect(finding.fix?.replace == "      - { name: atlas-api, type: api, compose_file: x.yml, dependencies: [atlas-db] }")
    }

    @Test func healthyDependencyFixRewritesTheWholeBlock() throws {
        let findings = RuleVerifier.run(HealthyDependencyRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry("""
                      - { name: atlas-db, type: database, compose_file: apps/atlas/docker-compose.yml }
                      - { name: atlas-cache, type: cache, compose_file: apps/atlas/docker-compose.yml }
                      - { name: atlas-api, type: api, compose_file: apps/atlas/docker-compose.yml, dependencies: [atlas-db, atlas-cache] }
                """),
            "apps/atlas/docker-compose.yml": """
                services:
                  api:
                    container_name: atlas-api
                    image: atlas-api:dev
                    depends_on: [cache]
                  db:
                    container_name: atlas-db
                    image: postgres:16
                    healthcheck:
                      test: [CMD, pg_isready]
                  cache:
                    container_name: atlas-cache
                    image: redis:7
                """,
        ]))
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.message.hasPrefix("Service atlas-api does not wait for atlas-db to be healthy."))
        #expect(finding.fix?.replace == "    depends_on:\n      cache:\n        condition: service_started\n      db:\n        condition: service_healthy\n")
    }
}

extension DependenciesTests {
    @Test func linksDoNotCountAsWaiting() throws {
        let findings = RuleVerifier.run(HealthyDependencyRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry("""
                      - { name: atlas-db, type: database, compose_file: apps/atlas/docker-compose.yml }
                      - { name: atlas-api, type: api, compose_file: apps/atlas/docker-compose.yml, dependencies: [atlas-db] }
                """),
            "apps/atlas/docker-compose.yml": """
                services:
                  api:
                    container_name: atlas-api
                    image: atlas-api:dev
                    links: [db]
                  db:
                    container_name: atlas-db
                    image: postgres:16
                    healthcheck:
                      test: [CMD, pg_isready]
                """,
        ]))
        let finding = try #require(findings.first)
        #expect(finding.location?.line == 2)
        #expect(finding.fix?.replace == "    depends_on:\n      db:\n        condition: service_healthy\n")
    }
}
