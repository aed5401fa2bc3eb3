/// NET003: compose files must declare the shared network `external: true`.
public struct ExternalSharedNetworkRule: Rule {
    public static let description = RuleDescription(
        id: "NET003", name: "external-shared-network",
        summary: "A compose file that uses the shared network must declare it external",
        message: "Network {network} must be declared external in {compose_file}",
        rationale: """
            The shared network is created once, outside every compose project \
            (`docker network create forge-network`). A compose file that declares it without \
            `external: true` makes Compose manage a network of its own: under the plain key it \
            creates `<project>_forge-network`, a different network on which the shared services \
            are unreachable; with `name: forge-network` it claims the shared network and \
            `docker compose down` tries to remove it from under every other app. Declare it as \
            `forge-network: { external: true }` (or `name: forge-network` with `external: true` \
            under another key).
            """,
        severity: .error, category: .networks,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        networks: [default, forge-network]
                    networks:
                      forge-network:
                        external: true
                    """,
            ]),
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        networks: [shared, private]
                    networks:
                      shared:
                        name: forge-network
                        external: true
                      private: {}
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        networks: [default, forge-network]
                    networks:
                      1️⃣forge-network:
                        driver: bridge
                    """,
            ]),
            // Under another key with the shared name, and declared in the overlay that adds it.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      prism: { ports: 6000-6999 }
                    networks:
                      forge-network: { external: true, shared: true }
                    services:
                      prism:
                        dev:
                          - name: prism-backend
                            type: api
                            compose_file: apps/prism/docker-compose.yml
                            compose_overlays: [apps/prism/docker-compose.traefik.yml]
                    """,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                    """,
                "apps/prism/docker-compose.traefik.yml": """
                    services:
                      backend:
                        networks: [default, proxy]
                    networks:
                      1️⃣proxy:
                        name: forge-network
                    """,
            ]),
        ])

    private static let registry = """
        version: 1
        apps:
          prism: { ports: 6000-6999 }
        networks:
          forge-network: { external: true, shared: true }
        services:
          prism:
            dev:
              - { name: prism-backend, type: api, compose_file: apps/prism/docker-compose.yml }
        """

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        guard let network = context.registry.sharedNetwork?.name else { return [] }
        var findings: [Finding] = []
        var reported: Set<SourceLocation> = []
        for project in context.projects {
            for declaration in project.declarations(ofEngineNetwork: network) where !declaration.external {
                guard reported.insert(declaration.location).inserted else { continue }
                let file = declaration.location.file
                let users = project.services.filter { $0.networksDeclared && $0.networks.contains { $0.name == declaration.name } }
                let indent = RuleText.indent(of: declaration.location)
                let yaml = (declaration.name == network
                    ? ["\(network):", "  external: true"]
                    : ["\(declaration.name):", "  name: \(network)", "  external: true"]).map { indent + $0 }.joined(separator: "\n")
                findings.append(Self.description.finding(
                    "Network \(network) must be declared external in \(file). Without `external: true` Compose manages it as a network of this project.",
                    at: declaration.location,
                    evidence: users.isEmpty ? [] : ["Joined by: \(users.map(\.name).joined(separator: ", "))"],
                    fix: Fix(
                        file: file, line: declaration.location.line, replace: yaml,
                        explanation: "Declare \(network) as an external network; create it once with `docker network create \(network)`.")))
            }
        }
        return findings
    }
}
