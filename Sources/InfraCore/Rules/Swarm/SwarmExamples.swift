/// The small workspace the Swarm rules' examples share: a registry that runs on a swarm
/// (`orchestrator: swarm`) with one app, and that app's compose file as given.
enum SwarmExamples {
    static let registry = """
        version: 1
        orchestrator: swarm
        apps:
          nexus: { ports: 5000-5999 }
        networks:
          forge-network: { external: true, shared: true, driver: overlay, attachable: true }
        port_registry:
          allocated:
            5000: { service: nexus-api, app: nexus, type: api, internal_port: 8000 }
        services:
          nexus:
            dev:
              - { name: nexus-api, type: api, ports: [5000], networks: [forge-network], compose_file: apps/nexus/docker-compose.yml }
              - { name: nexus-worker, type: worker, networks: [forge-network], compose_file: apps/nexus/docker-compose.yml }
        """

    static let file = "apps/nexus/docker-compose.yml"

    /// The workspace with the app's compose file `compose` (and the registry as given).
    static func workspace(_ compose: String, registry: String = registry, more: [String: String] = [:]) -> [String: String] {
        [".dev/infra/registry.yml": registry, file: compose].merging(more) { _, new in new }
    }

    /// The compose service every example starts from: fit for `docker stack deploy`.
    static let api = """
          nexus-api:
            image: axiom/nexus-api:1.4.0
            ports: ["5000:8000"]
            networks: [forge-network]
            deploy:
              restart_policy: { condition: on-failure }
              update_config: { failure_action: rollback, order: start-first }
            healthcheck:
              test: ["CMD", "wget", "-qO-", "http://localhost:8000/health"]
        """

    static let networks = """
        networks:
          forge-network:
            external: true
        """

}

extension SwarmExamples {
    /// A compose file of `services` (YAML under `services:`) and the external shared network.
    static func compose(_ services: String) -> String {
        "services:\n" + services + "\n" + networks
    }
}
