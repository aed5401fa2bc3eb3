import Foundation
@testable import InfraCore
import Testing

/// Breaks the AXIOM example in the ways each rule describes and checks that the rule reports
/// it at the file and line a person would edit (marked 1️⃣, 2️⃣… in the edited text).
@Suite("AXIOM example, broken rule by rule")
struct AxiomMutationTests {
    /// A text replacement in one file of the example.
    struct Edit: Sendable {
        var file: String
        var old: String
        var new: String
    }

    /// One way to break the example, and the rule that must catch it.
    struct Mutation: Sendable, CustomTestStringConvertible {
        var rule: String
        var why: String
        var edits: [Edit]
        var testDescription: String { "\(rule): \(why)" }
    }

    static let registry = ".dev/infra/registry.yml"
    static let prism = "apps/prism/docker-compose.dev.yml"
    static let synapseProd = "apps/synapse/docker-compose.yml"
    static let forge = "forge/docker-compose.yml"
    static let inventory = ".dev/infra/infrastructure.md"
    static let traefik = "forge/docker-compose.traefik.yml"
    static let certificates = "forge/config/traefik/certificates.yml"

    static let mutations: [Mutation] = [
        Mutation(rule: "PORT001", why: "prism-frontend publishes prism-backend's port", edits: [
            Edit(file: prism, old: "      - \"6001:3000\"", new: "      - 1️⃣\"6000:3000\""),
        ]),
        Mutation(rule: "PORT002", why: "5433 loses its range exception", edits: [
            Edit(file: registry, old: "    5433:\n", new: "    1️⃣5433:\n"),
            Edit(file: registry, old: "      range_exception: \"Published before the range plan; local tools are configured for 5433\"\n", new: ""),
        ]),
        Mutation(rule: "PORT003", why: "traefik is no longer allowed system ports", edits: [
            Edit(file: registry, old: "system_port_services: [traefik]", new: "system_port_services: []"),
            Edit(file: registry, old: "    80:\n", new: "    1️⃣80:\n"),
            Edit(file: registry, old: "    443:\n", new: "    2️⃣443:\n"),
        ]),
        Mutation(rule: "PORT004", why: "prism-backend publishes an unregistered port", edits: [
            Edit(file: prism, old: "      - \"6000:8000\"\n", new: "      - \"6000:8000\"\n      - 1️⃣\"6002:8001\"\n"),
        ]),
        Mutation(rule: "PORT005", why: "prism-frontend stops publishing its port", edits: [
            Edit(file: prism, old: "    ports:\n      - \"6001:3000\"\n", new: ""),
            Edit(file: registry, old: "    6001:\n", new: "    1️⃣6001:\n"),
        ]),
        Mutation(rule: "NET001", why: "prism-backend leaves the shared network", edits: [
            Edit(file: prism, old: "      - \"6000:8000\"\n    networks:\n      - default\n      - forge-network\n",
                 new: "      - \"6000:8000\"\n    1️⃣networks:\n      - default\n"),
        ]),
        Mutation(rule: "NET002", why: "synapse-prod-backend leaves the internal network", edits: [
            Edit(file: synapseProd, old: "    networks:\n      synapse-internal:\n        aliases:\n          - backend\n",
                 new: "    1️⃣networks:\n"),
        ]),
        Mutation(rule: "NET003", why: "PRISM declares forge-network without external", edits: [
            Edit(file: prism, old: "networks:\n  forge-network:\n    external: true\n", new: "networks:\n  1️⃣forge-network:\n    driver: bridge\n"),
        ]),
        Mutation(rule: "NET004", why: "prism-frontend is routed but leaves Traefik's network", edits: [
            Edit(file: prism, old: "      - \"6001:3000\"\n    networks:\n      - default\n      - forge-network\n",
                 new: "      - \"6001:3000\"\n    1️⃣networks:\n      - default\n"),
        ]),
        Mutation(rule: "DEP001", why: "prism-backend depends on a service nobody defines", edits: [
            Edit(file: registry, old: "        dependencies: [prism-backend]", new: "        dependencies: [prism-backend, 1️⃣prism-cache]"),
        ]),
        Mutation(rule: "DEP002", why: "forge-loki and forge-grafana depend on each other", edits: [
            Edit(file: registry, old: "        dependencies: []\n        compose_file: forge/docker-compose.yml\n        health: { probe: http, path: /ready, timeout_ms: 3000 }",
                 new: "        dependencies: [forge-grafana]\n        compose_file: forge/docker-compose.yml\n        health: { probe: http, path: /ready, timeout_ms: 3000 }"),
            Edit(file: registry, old: "        dependencies: [forge-loki]\n        compose_file: forge/docker-compose.yml\n        environment: [GF_SECURITY_ADMIN_PASSWORD]",
                 new: "        dependencies: [1️⃣forge-loki]\n        compose_file: forge/docker-compose.yml\n        environment: [GF_SECURITY_ADMIN_PASSWORD]"),
        ]),
        Mutation(rule: "DEP003", why: "forge-loki depends on forge-meilisearch of the same tier", edits: [
            Edit(file: registry, old: "        dependencies: []\n        compose_file: forge/docker-compose.yml\n        health: { probe: http, path: /ready, timeout_ms: 3000 }",
                 new: "        dependencies: [1️⃣forge-meilisearch]\n        compose_file: forge/docker-compose.yml\n        health: { probe: http, path: /ready, timeout_ms: 3000 }"),
        ]),
        Mutation(rule: "DEP004", why: "prism-frontend no longer waits for prism-backend", edits: [
            Edit(file: prism, old: "    depends_on:\n      prism-backend:\n        condition: service_healthy\n",
                 new: "    depends_on:\n      1️⃣prism-backend:\n        condition: service_started\n"),
        ]),
        Mutation(rule: "HC001", why: "prism-backend loses its health check", edits: [
            Edit(file: prism, old: "services:\n  prism-backend:\n", new: "services:\n  1️⃣prism-backend:\n"),
            Edit(file: prism, old: "    healthcheck:\n      test: [\"CMD\", \"curl\", \"-fsS\", \"http://localhost:8000/health\"]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n      start_period: 30s\n", new: ""),
        ]),
        Mutation(rule: "ENV001", why: "prism-backend loses REDIS_URL", edits: [
            Edit(file: prism, old: "    restart: unless-stopped\n    environment:\n      DATABASE_URL", new: "    restart: unless-stopped\n    1️⃣environment:\n      DATABASE_URL"),
            Edit(file: prism, old: "      REDIS_URL: redis://forge-redis:6379/2\n", new: ""),
        ]),
        Mutation(rule: "ENV002", why: "prism-backend reaches PostgreSQL through localhost", edits: [
            Edit(file: prism, old: "      DATABASE_URL: postgresql://axiom:${POSTGRES_PASSWORD}@forge-postgres:5432/prism",
                 new: "      1️⃣DATABASE_URL: postgresql://axiom:${POSTGRES_PASSWORD}@localhost:5433/prism"),
        ]),
        Mutation(rule: "ENV003", why: "a variable nobody defines", edits: [
            Edit(file: prism, old: "      JWT_SECRET: ${PRISM_JWT_SECRET}", new: "      JWT_SECRET: 1️⃣${PRISM_JWT_SIGNING_SECRET}"),
        ]),
        Mutation(rule: "REG001", why: "the compose image differs from the registry's", edits: [
            Edit(file: prism, old: "    image: axiom/prism-backend:dev", new: "    image: 1️⃣axiom/prism-backend:v2"),
        ]),
        Mutation(rule: "REG002", why: "typos in the registry and in a compose file", edits: [
            Edit(file: registry, old: "        dependencies: [prism-backend]", new: "        1️⃣dependecies: [prism-backend]"),
            Edit(file: prism, old: "    restart: unless-stopped\n    environment:\n      API_URL", new: "    2️⃣restrat: unless-stopped\n    environment:\n      API_URL"),
        ]),
        Mutation(rule: "TLS001", why: "prism-api asks Let's Encrypt for prism-api.axiom.local", edits: [
            Edit(file: prism, old: "      - traefik.http.routers.prism-api.tls=true\n",
                 new: "      - traefik.http.routers.prism-api.tls=true\n      - 1️⃣traefik.http.routers.prism-api.tls.certresolver=letsencrypt\n"),
        ]),
        Mutation(rule: "TLS002", why: "the certificate's key file is named wrong", edits: [
            Edit(file: certificates, old: "    - certFile: /certs/axiom.local.pem\n      keyFile: /certs/axiom.local-key.pem\n",
                 new: "    - certFile: /certs/axiom.local.pem\n      1️⃣keyFile: /certs/axiom-key.pem\n"),
        ]),
        Mutation(rule: "TLS003", why: "Grafana is routed one level below the wildcard", edits: [
            Edit(file: forge, old: "      traefik.http.routers.grafana.rule: \"Host(`grafana.axiom.local`)\"",
                 new: "      1️⃣traefik.http.routers.grafana.rule: \"Host(`grafana.forge.axiom.local`)\""),
        ]),
        Mutation(rule: "TLS004", why: "Traefik loses its file provider", edits: [
            Edit(file: traefik, old: "    command:\n", new: "    1️⃣command:\n"),
            Edit(file: traefik, old: "      - --providers.file.directory=/etc/traefik/dynamic\n", new: ""),
        ]),
        Mutation(rule: "SEC001", why: "prism-backend's JWT secret is written into the compose file", edits: [
            Edit(file: prism, old: "      JWT_SECRET: ${PRISM_JWT_SECRET}", new: "      1️⃣JWT_SECRET: dev-only-signing-secret"),
        ]),
        Mutation(rule: "SEC002", why: "PostgreSQL is published on every interface", edits: [
            Edit(file: forge, old: "      - \"127.0.0.1:5433:5432\"", new: "      - 1️⃣\"5433:5432\""),
        ]),
        Mutation(rule: "SEC003", why: "Promtail mounts the Docker socket", edits: [
            Edit(file: forge, old: "      - /var/log:/var/log:ro\n", new: "      - /var/log:/var/log:ro\n      - 1️⃣/var/run/docker.sock:/var/run/docker.sock:ro\n"),
        ]),
        Mutation(rule: "SEC004", why: "prism-backend runs privileged", edits: [
            Edit(file: prism, old: "    restart: unless-stopped\n    environment:\n      DATABASE_URL", new: "    restart: unless-stopped\n    1️⃣privileged: true\n    environment:\n      DATABASE_URL"),
        ]),
        Mutation(rule: "DOC001", why: "the inventory loses forge-redis and names forge-loki forge-tempo", edits: [
            Edit(file: inventory, old: "| forge-redis | forge | cache | 3379 | forge-network | forge/docker-compose.yml | Redis cache and job queues for all applications |\n", new: ""),
            Edit(file: inventory, old: "| forge-loki |", new: "| 3️⃣forge-tempo |"),
            Edit(file: inventory, old: "| PRISM dashboard frontend |\n\n", new: "| PRISM dashboard frontend |\n1️⃣2️⃣\n"),
        ]),
    ]

    static func files() -> [String: String] {
        Dictionary(uniqueKeysWithValues: AxiomExample.files.map { ($0.path, $0.contents) })
    }

    static func validate(_ files: [String: String]) throws -> [Finding] {
        let workspace = Workspace(root: "/axiom", files: MemoryFileSource(files), environment: [:])
        return try Validator(workspace: workspace).validate().findings
    }

    @Test func cleanExampleHasNoFindings() throws {
        let findings = try Self.validate(Self.files())
        #expect(findings.isEmpty, "\(findings.map { "\($0.location?.description ?? "-") \($0.rule) \($0.message)" })")
    }

    @Test(arguments: mutations)
    func ruleCatchesTheBreak(_ mutation: Mutation) throws {
        var files = Self.files()
        for edit in mutation.edits {
            let text = try #require(files[edit.file], "no file \(edit.file)")
            let plain = edit.old
            #expect(text.components(separatedBy: plain).count == 2, "\(edit.file): the text to replace must occur exactly once:\n\(plain)")
            files[edit.file] = text.replacingOccurrences(of: plain, with: edit.new)
        }
        let (unmarked, marks) = RuleExample(files).unmarked()
        #expect(!marks.isEmpty)
        let findings = try Self.validate(unmarked).filter { $0.rule == mutation.rule }
        let found = findings.compactMap(\.location).map { "\($0.file):\($0.line)" }.sorted()
        let expected = marks.map { "\($0.file):\($0.line)" }.sorted()
        #expect(found == expected, "\(findings.map { "\($0.location?.description ?? "-") \($0.message)" })")
    }
}
