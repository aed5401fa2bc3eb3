/// The small platform the examples of causes and live checks share: forge-postgres on the
/// shared network, and the prism app's backend, whose compose file each example writes.
public enum ExamplePlatform {
    /// The registry file's path.
    public static let registryFile = ".dev/infra/registry.yml"
    /// The backend's compose file.
    public static let prismFile = "prism/docker-compose.yml"
    /// forge-postgres's compose file.
    public static let forgeFile = "forge/docker-compose.yml"

    /// The registry: forge-postgres (3432, inside 5432, probed as PostgreSQL) and prism-backend
    /// (6000, inside 8000), which depends on it.
    public static let registry = """
        version: 1
        platform: MINI
        apps:
          forge: { ports: 3000-3999 }
          prism: { ports: 6000-6999 }
        networks:
          forge-network: { external: true, shared: true }
        port_registry:
          allocated:
            3432: { service: forge-postgres, app: forge, type: database, internal_port: 5432 }
            6000: { service: prism-backend, app: prism, type: api, internal_port: 8000 }
        services:
          forge:
            dev:
              - name: forge-postgres
                type: database
                ports: [3432]
                networks: [forge-network]
                compose_file: forge/docker-compose.yml
                health: { probe: postgres }
          prism:
            dev:
              - name: prism-backend
                type: api
                ports: [6000]
                networks: [default, forge-network]
                dependencies: [forge-postgres]
                compose_file: prism/docker-compose.yml
        startup_order:
          - { tier: 1, types: [database, cache] }
          - { tier: 5, types: [api, worker] }
        rules:
          shared_apps: [forge]
        """

    /// forge-postgres on the shared network, with a health check.
    public static let forge = """
        services:
          postgres:
            container_name: forge-postgres
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: ${DB_PASSWORD}
            ports: ["3432:5432"]
            networks: [forge-network]
            healthcheck:
              test: ["CMD-SHELL", "pg_isready"]
        networks:
          forge-network:
            external: true
        """

    /// The backend as it should be: on the shared network, connecting to forge-postgres:5432.
    public static let backend = """
        services:
          backend:
            container_name: prism-backend
            image: prism-backend:dev
            environment:
              DATABASE_URL: postgresql://prism:${DB_PASSWORD}@forge-postgres:5432/prism
            ports: ["6000:8000"]
            networks: [default, forge-network]
        networks:
          forge-network:
            external: true
        """

    /// The workspace's files with the backend's compose file as given.
    public static func files(prism: String = backend, forge: String = forge, registry: String = registry) -> [String: String] {
        [registryFile: registry, forgeFile: forge, prismFile: prism]
    }

    /// forge-postgres running and healthy.
    public static let postgres = ContainerExample(
        "forge-postgres", image: "postgres:16", health: .healthy, networks: ["forge-network"], ports: ["3432:5432"])

    /// prism-backend running as it should.
    public static let runningBackend = ContainerExample(
        "prism-backend", networks: ["prism_default", "forge-network"], ports: ["6000:8000"])
}
