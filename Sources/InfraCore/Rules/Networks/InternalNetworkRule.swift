/// NET002: production services should sit on an internal network.
public struct InternalNetworkRule: Rule {
    public static let description = RuleDescription(
        id: "NET002", name: "internal-network",
        summary: "A production service should be on at least one internal network",
        message: "Service {service} should use an internal network in production",
        rationale: """
            In production each application keeps its backends and data stores on an \
            `internal: true` network, which Docker cuts off from the outside world, and only \
            lets the proxy-facing services join other networks. A production service on no \
            internal network can be reached from, and can reach, anything its networks allow. \
            Add the app's internal network (declared in the registry with `internal: true`, and \
            at the top level of the compose file with `internal: true`) to the service's \
            `networks`. The rule reads the compose definition; without one, the registry's \
            `networks`.
            """,
        severity: .warning, category: .networks,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry(environment: "prod"),
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:1.4
                        networks: [default, backend]
                    networks:
                      backend:
                        name: synapse-internal
                    """,
            ]),
            // Internal in the compose file alone is enough.
            RuleExample([
                ".dev/infra/registry.yml": registry(environment: "prod"),
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:1.4
                        networks: [private]
                    networks:
                      private:
                        internal: true
                    """,
            ]),
            // Development services are not held to it.
            RuleExample([
                ".dev/infra/registry.yml": registry(environment: "dev"),
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:dev
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry(environment: "prod"),
                "apps/synapse/docker-compose.yml": """
                    services:
                      1️⃣api:
                        container_name: synapse-api
                        image: synapse-api:1.4
                    """,
            ]),
            RuleExample([
                ".dev/infra/registry.yml": registry(environment: "prod"),
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:1.4
                        1️⃣networks:
                          - default
                          - forge-network
                    networks:
                      forge-network:
                        external: true
                    """,
            ]),
        ])

    /// A registry with synapse-api in the given environment and the app's internal network.
    private static func registry(environment: String) -> String {
        """
        version: 1
        apps:
          synapse: { ports: 4000-4999 }
        networks:
          forge-network: { external: true, shared: true }
          synapse-internal: { internal: true, app: synapse }
        services:
          synapse:
            \(environment):
              - { name: synapse-api, type: api, compose_file: apps/synapse/docker-compose.yml }
        """
    }

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let registry = context.registry
        var findings: [Finding] = []
        for service in registry.services where service.environment == .prod {
            let attachment = NetworkAttachment(service, in: context)
            // A provider-run service has no container; `service:`/`container:` modes inherit another's networks.
            if let compose = attachment.compose?.service,
               compose.provider != nil || ["service:", "container:"].contains(where: { compose.networkMode?.hasPrefix($0) == true }) { continue }
            let internalKeys = Set(attachment.compose?.project.networks.filter(\.internal).map { $0.externalName ?? $0.name } ?? [])
            let isInternal = attachment.networks.contains { internalKeys.contains($0) || registry.network(named: $0)?.internal == true }
            guard !isInternal else { continue }
            let network = registry.networks.first { $0.internal && $0.app == service.app }?.name ?? "\(service.app)-internal"
            findings.append(Self.description.finding(
                "Service \(service.name) should use an internal network in production. Add it to \(network) (internal: true).",
                at: attachment.location, service: service.name, app: service.app,
                evidence: ["\(service.name) is on: \(attachment.networks.isEmpty ? "no network" : attachment.networks.joined(separator: ", "))"],
                fix: attachment.fix(adding: network, declaration: registry.network(named: network)?.external == true ? "external: true" : "internal: true")))
        }
        return findings
    }
}
