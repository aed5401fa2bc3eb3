/// NET001: a service that uses shared infrastructure must be on the shared network.
public struct SharedNetworkRule: Rule {
    public static let description = RuleDescription(
        id: "NET001", name: "shared-network",
        summary: "A service that depends on, or connects to, a shared service must be on the shared network",
        message: "Service {service} must be on {network} to access {dependency}",
        rationale: """
            Applications reach the shared infrastructure (PostgreSQL, Redis, Loki…) through one \
            external network, `forge-network` in the reference platform. A container resolves \
            `forge-postgres` only when it is on that network; otherwise it fails at start with \
            "could not translate host name" or "Name or service not known". The rule looks at the \
            registry `dependencies`, the compose `depends_on`, and host names in connection \
            settings (`DATABASE_URL: postgresql://app:${DB_PASSWORD}@forge-postgres:5432/app`). \
            Fix it by adding the shared network to the service's `networks` (keep `default` if \
            the service also talks to its own project) and declaring it at the top level with \
            `external: true`.
            """,
        severity: .error, category: .networks,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry(dependencies: "[forge-postgres]"),
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
            // The network is declared under another key, with the engine name in `name:`.
            RuleExample([
                ".dev/infra/registry.yml": registry(dependencies: "[]"),
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        environment:
                          DATABASE_URL: postgresql://prism:${DB_PASSWORD}@forge-postgres:5432/prism
                        networks: [shared]
                    networks:
                      shared:
                        name: forge-network
                        external: true
                    """,
            ], environment: ["DB_PASSWORD": "x"]),
            // A shared service may use another shared service without any such rule.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                    networks:
                      forge-network: { external: true, shared: true }
                    services:
                      forge:
                        dev:
                          - { name: forge-loki, type: logging, compose_file: forge/docker-compose.yml }
                          - { name: forge-grafana, type: monitoring, dependencies: [forge-loki], compose_file: forge/docker-compose.yml }
                    rules:
                      shared_apps: [forge]
                    """,
                "forge/docker-compose.yml": """
                    services:
                      loki:
                        container_name: forge-loki
                        image: grafana/loki:3.0.0
                      grafana:
                        container_name: forge-grafana
                        image: grafana/grafana:11.0.0
                        environment:
                          GF_LOKI_URL: http://forge-loki:3100
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry(dependencies: "[forge-postgres]"),
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        1️⃣networks:
                          - default
                    """,
            ]),
            // No dependency is registered, but the connection string names the shared host.
            RuleExample([
                ".dev/infra/registry.yml": registry(dependencies: "[]"),
                "apps/prism/docker-compose.yml": """
                    services:
                      1️⃣backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        environment:
                          - DATABASE_URL=postgresql://prism:secret@forge-postgres:5432/prism
                    """,
            ]),
            // Without a compose file the registry's own `networks` are checked.
            RuleExample([
                ".dev/infra/registry.yml": registry(dependencies: "[forge-postgres]", networks: "1️⃣[default]"),
            ]),
        ])

    /// A registry with forge-postgres and a prism-backend in apps/prism/docker-compose.yml.
    private static func registry(dependencies: String, networks: String = "[default, forge-network]") -> String {
        """
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
              - name: prism-backend
                type: api
                networks: \(networks)
                dependencies: \(dependencies)
                compose_file: apps/prism/docker-compose.yml
        rules:
          shared_apps: [forge]
        """
    }

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let registry = context.registry
        guard let network = registry.sharedNetwork else { return [] }
        var findings: [Finding] = []
        for service in registry.services where !registry.isShared(service) {
            let attachment = NetworkAttachment(service, in: context)
            guard !attachment.isOn(network.name), !attachment.cannotJoinNetworks,
                  let (dependency, reason) = sharedDependencies(of: service, attachment, context).first else { continue }
            findings.append(Self.description.finding(
                "Service \(service.name) must be on \(network.name) to access \(dependency). \(reason)",
                at: attachment.location, service: service.name, app: service.app,
                evidence: ["\(service.name) is on: \(attachment.networks.isEmpty ? "no network" : attachment.networks.joined(separator: ", "))"],
                fix: attachment.fix(adding: network.name, declaration: "external: true")))
        }
        return findings
    }

    /// The shared services it uses, in the order: registry dependencies, compose `depends_on`,
    /// then host names in its environment; each with how it is used.
    private func sharedDependencies(
        of service: Registry.Service, _ attachment: NetworkAttachment, _ context: ValidationContext
    ) -> [(String, String)] {
        let registry = context.registry
        func shared(_ name: String) -> Bool { registry.service(named: name).map(registry.isShared) ?? false }
        var found: [(String, String)] = []
        for dependency in service.dependencies where shared(dependency.value) {
            found.append((dependency.value, "The registry lists it as a dependency."))
        }
        guard let (project, compose) = attachment.compose else { return found }
        for dependency in compose.dependsOn {
            guard let target = project.service(named: dependency.service),
                  let name = context.registryService(for: target, in: project)?.name, shared(name) else { continue }
            found.append((name, "It is listed in depends_on."))
        }
        for variable in compose.environment {
            guard let value = variable.value else { continue }
            let hosts = ConnectionString.endpoints(in: value, hostsAllowed: ConnectionString.isConnectionVariable(variable.name))
            for endpoint in hosts where shared(endpoint.host) {
                found.append((endpoint.host, "\(variable.name) connects to it."))
            }
        }
        return found
    }
}
