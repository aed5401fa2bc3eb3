@testable import InfraCore
import Testing

@Suite("Network rules")
struct NetworksTests {
    @Test("Traefik options in every command form", arguments: [
        (["--providers.docker.network=forge-network"], "forge-network"),
        (["traefik", "--providers.docker", "--providers.docker.network", "proxy"], "proxy"),
        (["--Providers.Docker.Network=web", "--api.insecure"], "web"),
        (["--providers.docker=true"], nil),
        (["--providers.docker.network="], nil),
    ] as [([String], String?)])
    func traefikCommand(arguments: [String], network: String?) {
        #expect(TraefikCommand(arguments: arguments).dockerNetwork == network)
    }

    @Test func traefikCommandFlagsWithoutValue() {
        let command = TraefikCommand(arguments: ["--api.insecure", "--providers.file.directory=/etc/traefik"])
        #expect(command.value("api.insecure") == "true")
        #expect(command.value("providers.file.directory") == "/etc/traefik")
    }

    static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          prism: { ports: 6000-6999 }
        networks:
          forge-network: { external: true, shared: true }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
          prism:
            dev:
              - { name: prism-backend, type: api, dependencies: [forge-postgres], compose_file: apps/prism/docker-compose.yml }
        rules:
          shared_apps: [forge]
        """

    @Test func sharedNetworkMessageAndFix() throws {
        let findings = RuleVerifier.run(SharedNetworkRule.self, RuleExample([
            ".dev/infra/registry.yml": Self.registry,
            "apps/prism/docker-compose.yml": """
                services:
                  backend:
                    container_name: prism-backend
                    image: prism-backend:dev
                """,
        ]))
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.message.hasPrefix("Service prism-backend must be on forge-network to access forge-postgres."))
        let fix = try #require(finding.fix?.replace)
        #expect(fix == """
            services:
              backend:
                networks:
                  - default
                  - forge-network
            networks:
              forge-network:
                external: true

            """)
        #expect(finding.fix?.file == "apps/prism/docker-compose.yml")
    }

    @Test func externalNetworkNamesTheDeclaringFile() throws {
        let findings = RuleVerifier.run(ExternalSharedNetworkRule.self, RuleExample([
            ".dev/infra/registry.yml": """
                version: 1
                apps:
                  prism: { ports: 6000-6999 }
                networks:
                  forge-network: { external: true, shared: true }
                services:
                  prism:
                    dev:
                      - { name: prism-backend, type: api, compose_file: apps/prism/docker-compose.yml, compose_overlays: [apps/prism/docker-compose.traefik.yml] }
                """,
            "apps/prism/docker-compose.yml": "services:\n  backend:\n    image: prism-backend:dev\n    container_name: prism-backend\n",
            "apps/prism/docker-compose.traefik.yml": "services:\n  backend:\n    networks: [proxy]\nnetworks:\n  proxy:\n    name: forge-network\n",
        ]))
        let finding = try #require(findings.first)
        #expect(finding.message.hasPrefix("Network forge-network must be declared external in apps/prism/docker-compose.traefik.yml."))
        #expect(finding.fix?.replace == "  proxy:\n    name: forge-network\n    external: true")
    }
}
