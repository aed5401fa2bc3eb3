/// Shared parts of the hardening rules' examples: NEXUS with an api that publishes a port on
/// every interface (exposed) and a worker that publishes nothing (internal), both in
/// `apps/nexus/docker-compose.yml`. Each example writes that compose file.
enum HardeningExamples {
    static let composePath = "apps/nexus/docker-compose.yml"

    /// The registry and `compose` as the NEXUS compose file; `exemptions` goes under `rules:`.
    static func workspace(_ compose: String, exemptions: String = "") -> [String: String] {
        [".dev/infra/registry.yml": registry(exemptions: exemptions), composePath: compose]
    }

    private static func registry(exemptions: String) -> String {
        """
        version: 1
        apps:
          nexus: { ports: 5000-5999 }
        services:
          nexus:
            dev:
              - { name: nexus-api, type: api, compose_file: apps/nexus/docker-compose.yml }
              - { name: nexus-worker, type: worker, compose_file: apps/nexus/docker-compose.yml }
              - { name: nexus-postgres, type: database, compose_file: apps/nexus/docker-compose.yml }
        rules:
          disabled: []
        \(exemptions)
        """
    }
}
