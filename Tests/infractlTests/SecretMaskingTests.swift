import Foundation
import Testing

/// Acceptance: literal secrets of a workspace never reach the output, in any format, while the
/// findings about them do.
@Suite("Secrets stay masked")
struct SecretMaskingTests {
    /// The literal values written in the fixture's compose files.
    static let secrets = [
        "s3cr3t-literal-pw", "url-pw-9f8e7d", "redis-pw-31337", "tok-5b4a39c2d1e0", "sk-live-2c9d8e7f6a5b",
        "key-77aa88bb99cc", "meili-master-0a1b2c3d",
    ]

    static let registry = """
        version: 1
        platform: LEAKY
        apps:
          forge: { ports: 3000-3999 }
          prism: { ports: 6000-6999 }
        networks:
          forge-network: { external: true, shared: true }
        port_registry:
          allocated:
            3379: { service: forge-redis, app: forge, type: cache, internal_port: 6379 }
            5433:
              service: forge-postgres
              app: forge
              type: database
              internal_port: 5432
              range_exception: Published before the range plan
            6000: { service: prism-backend, app: prism, type: api, internal_port: 8000 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, ports: [5433], networks: [forge-network], compose_file: forge/docker-compose.yml }
              - { name: forge-redis, type: cache, ports: [3379], networks: [forge-network], compose_file: forge/docker-compose.yml }
          prism:
            dev:
              - name: prism-backend
                type: api
                ports: [6000]
                networks: [default, forge-network]
                dependencies: [forge-postgres, forge-redis]
                compose_file: apps/prism/docker-compose.yml
                environment: [DATABASE_URL, REDIS_URL, API_TOKEN, SECRET_KEY, STRIPE_API_KEY, MEILI_MASTER_KEY]
        rules:
          shared_apps: [forge]
        """

    static let forge = """
        services:
          forge-postgres:
            image: postgres:16-alpine
            container_name: forge-postgres
            environment:
              POSTGRES_USER: axiom
              POSTGRES_PASSWORD: s3cr3t-literal-pw
            ports: ["5433:5432"]
            networks: [forge-network]
            healthcheck:
              test: ["CMD-SHELL", "PGPASSWORD=s3cr3t-literal-pw pg_isready -U axiom"]
          forge-redis:
            image: redis:7-alpine
            container_name: forge-redis
            command: ["redis-server", "--requirepass", "redis-pw-31337"]
            ports: ["3379:6379"]
            networks: [forge-network]
            healthcheck:
              test: ["CMD", "redis-cli", "ping"]
        networks:
          forge-network:
            external: true
        """

    static let prism = """
        services:
          prism-backend:
            image: prism-backend:dev
            container_name: prism-backend
            environment:
              - DATABASE_URL=postgresql://prism:url-pw-9f8e7d@localhost:5433/prism
              - REDIS_URL=redis://:redis-pw-31337@localhost:3379/0
              - API_TOKEN=tok-5b4a39c2d1e0
              - SECRET_KEY=sk-live-2c9d8e7f6a5b
              - STRIPE_API_KEY=key-77aa88bb99cc
              - MEILI_MASTER_KEY=${MEILI_MASTER_KEY:-meili-master-0a1b2c3d}
            ports: ["6000:8000"]
            networks: [default, forge-network]
            healthcheck:
              test: ["CMD", "curl", "-fsS", "http://localhost:8000/health"]
        networks:
          forge-network:
            external: true
        """

    func workspace() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write(".dev/infra/registry.yml", Self.registry)
        try scratch.write("forge/docker-compose.yml", Self.forge)
        try scratch.write("apps/prism/docker-compose.yml", Self.prism)
        return scratch
    }

    func leaks(_ result: CLI.Result) -> [String] {
        Self.secrets.filter { result.stdout.contains($0) || result.stderr.contains($0) }
    }

    @Test(arguments: ["text", "markdown", "json", "sarif", "github"])
    func validateMasksEverySecret(format: String) async throws {
        let scratch = try workspace()
        let result = try await CLI.run(["validate", "--workspace", scratch.path, "--format", format])
        #expect(result.status == 1, "\(format): \(result.stderr)")
        #expect(leaks(result).isEmpty, "\(format) prints \(leaks(result)):\n\(result.stdout)\n\(result.stderr)")
        for id in ["SEC001", "SEC002", "ENV002"] {
            #expect(result.stdout.contains(id), "\(format): no \(id) finding")
        }
        for name in ["POSTGRES_PASSWORD", "API_TOKEN", "SECRET_KEY", "STRIPE_API_KEY", "DATABASE_URL"] {
            #expect(result.stdout.contains("\(name) of "), "\(format): no finding about \(name)")
        }
    }

    /// keycloak's image tag differs between registry and compose (REG001 quotes both) while its
    /// admin password stays a secret.
    @Test(arguments: ["text", "markdown", "json", "sarif", "github"])
    func validateKeepsServiceNamesThatContainKey(format: String) async throws {
        let scratch = try Scratch()
        try scratch.write(".dev/infra/registry.yml", """
            version: 1
            apps:
              idp: { ports: 8000-8999 }
            port_registry:
              allocated:
                8080: { service: keycloak, app: idp, type: api, internal_port: 8080 }
            services:
              idp:
                dev:
                  - { name: keycloak, type: api, image: "quay.io/keycloak/keycloak:24.0", ports: [8080], compose_file: apps/idp/docker-compose.yml }
                  - { name: valkey, type: cache, compose_file: apps/idp/docker-compose.yml }
            """)
        try scratch.write("apps/idp/docker-compose.yml", """
            services:
              keycloak:
                image: quay.io/keycloak/keycloak:25.0
                environment:
                  KEYCLOAK_ADMIN_PASSWORD: kc-admin-s3cret-77
                ports: ["8080:8080"]
              valkey:
                image: valkey/valkey:8
            """)
        let result = try await CLI.run(["validate", "--workspace", scratch.path, "--format", format])
        #expect(result.status == 1, "\(format): \(result.stderr)")
        #expect(result.stdout.contains("keycloak:24.0"), "\(format):\n\(result.stdout)")
        #expect(!result.stdout.contains("keycloak:****") && !result.stdout.contains("keycloak: ****"), "\(format):\n\(result.stdout)")
        #expect(!result.stdout.contains("kc-admin-s3cret-77"), "\(format):\n\(result.stdout)")
    }

    @Test func strictTextFromASubfolderMasksToo() async throws {
        let scratch = try workspace()
        let result = try await CLI.run(["validate", "--strict"], in: scratch.path + "/apps/prism")
        #expect(result.status == 1)
        #expect(leaks(result).isEmpty, "\(leaks(result))")
    }

    @Test func rulesOutputHoldsNoFixtureSecret() async throws {
        var outputs = [try await CLI.run(["rules"])]
        for id in ["SEC001", "SEC002", "ENV002", "DOC001"] { outputs.append(try await CLI.run(["rules", id])) }
        for result in outputs {
            #expect(result.status == 0)
            #expect(leaks(result).isEmpty, "\(leaks(result))")
        }
    }
}
