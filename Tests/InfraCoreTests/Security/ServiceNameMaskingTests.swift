import Foundation
import InfraCore
import Testing

/// Service names that contain KEY, TOKEN, SECRET or PASSWORD (`keycloak`, `valkey`,
/// `monkey-api`) reach every report format of validate, diagnose and health as written, while
/// the workspace's secrets stay masked.
@Suite("Service names are not secrets")
struct ServiceNameMaskingTests {
    static let registry = """
        version: 1
        platform: IDP
        apps:
          idp: { ports: 8000-8999 }
          plane: { ports: 9000-9999 }
        networks:
          idp-network: { external: true, shared: true }
        port_registry:
          allocated:
            8080: { service: keycloak, app: idp, type: api, internal_port: 8080 }
            8379: { service: valkey, app: idp, type: cache, internal_port: 6379 }
            9000: { service: plane-web, app: plane, type: api, internal_port: 3000 }
        services:
          idp:
            dev:
              - { name: keycloak, type: api, image: "quay.io/keycloak/keycloak:24.0", ports: [8080], networks: [idp-network], compose_file: apps/idp/docker-compose.yml }
              - { name: valkey, type: cache, ports: [8379], networks: [idp-network], compose_file: apps/idp/docker-compose.yml }
              - { name: monkey-api, type: worker, networks: [idp-network], compose_file: apps/idp/docker-compose.yml }
          plane:
            dev:
              - { name: plane-web, type: api, ports: [9000], networks: [idp-network], compose_file: apps/plane/docker-compose.yml }
        """

    static let idp = """
        services:
          keycloak:
            image: quay.io/keycloak/keycloak:25.0
            container_name: keycloak
            environment:
              KEYCLOAK_ADMIN: admin
              KEYCLOAK_ADMIN_PASSWORD: kc-admin-s3cret-77
              MYSQL_ALLOW_EMPTY_PASSWORD: "yes"
              KC_DB_PASSWORD_FILE: /run/secrets/db
            ports: ["8080:8080"]
            networks: [idp-network]
          valkey:
            image: valkey/valkey:8
            container_name: valkey
            ports: ["8379:6379"]
            networks: [idp-network]
          monkey-api:
            image: monkey-api:dev
            container_name: monkey-api
            networks: [idp-network]
        networks:
          idp-network:
            external: true
        """

    static let plane = """
        name: plane
        services:
          plane-web:
            image: plane-web:dev
            container_name: plane-web
            environment:
              POSTGRES_PASSWORD: plane
              DATABASE_URL: postgres://plane:plane@plane-db:5432/plane
            ports: ["9000:3000"]
            networks: [idp-network]
        networks:
          idp-network:
            external: true
        """

    static let secrets = ["kc-admin-s3cret-77"]

    static func workspace() -> Workspace {
        Workspace(
            root: "/ws",
            files: MemoryFileSource([
                ".dev/infra/registry.yml": registry, "apps/idp/docker-compose.yml": idp,
                "apps/plane/docker-compose.yml": plane,
            ]),
            environment: [:])
    }

    static func outputs(_ report: Report) -> [(format: ReportFormat, text: String)] {
        ReportFormat.allCases.map { ($0, $0.reporter().generate(report)) }
    }

    /// Each output keeps the names and shows no secret; the formats that print fixes and
    /// payloads (Markdown, JSON) print `expected` as written.
    static func check(_ report: Report, mentions expected: [String]) {
        for (format, text) in outputs(report) {
            #expect(text.contains("keycloak"), "\(format) lost keycloak:\n\(text)")
            for name in ["keycloak", "valkey", "monkey-api"] {
                #expect(!text.contains("\(name): \(SecretMasker.mask)"), "\(format) masks \(name):\n\(text)")
                #expect(!text.contains("\(name):\(SecretMasker.mask)"), "\(format) masks \(name):\n\(text)")
            }
            for phrase in expected where format == .markdown || format == .json {
                #expect(text.contains(phrase), "\(format) lost \(phrase):\n\(text)")
            }
            for secret in secrets {
                #expect(!text.contains(secret), "\(format) prints \(secret)")
            }
        }
    }

    @Test func validate() throws {
        let validation = try Validator(workspace: Self.workspace()).validate()
        let reg001 = try #require(validation.findings.first { $0.rule == "REG001" && $0.service == "keycloak" })
        #expect(reg001.message.contains("keycloak:24.0"))
        for masker in [SecretMasker(), SecretMasker(workspace: validation.context)] {
            Self.check(Report(validation: validation, masker: masker), mentions: ["quay.io/keycloak/keycloak:24.0"])
        }
    }

    static let start = "Start keycloak: docker compose -f apps/idp/docker-compose.yml up -d"

    @Test func diagnose() throws {
        let context = try WorkspaceLoader(workspace: Self.workspace()).load()
        let findings = [
            Finding(
                rule: "RUN001", severity: .error, message: "keycloak: not running (no container)", service: "keycloak",
                evidence: ["keycloak: no container named keycloak", "KEYCLOAK_ADMIN_PASSWORD=kc-admin-s3cret-77"],
                fix: Fix(file: "apps/idp/docker-compose.yml", line: 2, explanation: Self.start),
                verify: ["docker compose -f apps/idp/docker-compose.yml ps keycloak"]),
            Finding(rule: "RUN008", severity: .error, message: "monkey-api: depends on valkey: not running", service: "monkey-api"),
        ]
        let payload = DiagnosisPayload(
            engineAddress: "unix:///var/run/docker.sock",
            services: [
                ServiceState(name: "keycloak", app: "idp", state: "missing", registered: true, condition: .failing, summary: "keycloak: not running"),
                ServiceState(name: "valkey", app: "idp", container: "valkey", state: "running", registered: true, condition: .ok, summary: "valkey: tier 1"),
            ],
            rootCauses: [0])
        for masker in [SecretMasker(knownSecrets: Self.secrets), SecretMasker(workspace: context)] {
            let report = Report(command: "diagnose", workspace: "/ws", findings: findings, payload: payload, masker: masker)
            Self.check(report, mentions: [Self.start, "valkey: tier 1"])
        }
    }

    @Test func health() throws {
        let context = try WorkspaceLoader(workspace: Self.workspace()).load()
        let health = HealthReport(
            workspace: "/ws", platform: "IDP",
            services: [
                ServiceHealth(name: "keycloak", app: "idp", type: .api, isShared: false, status: .unhealthy, probe: "tcp", detail: "connection refused", recommendations: [Self.start]),
                ServiceHealth(name: "valkey", app: "idp", type: .cache, isShared: false, status: .healthy, probe: "redis", detail: "PONG"),
                ServiceHealth(name: "monkey-api", app: "idp", type: .worker, isShared: false, status: .unknown, probe: "none", detail: "no probe"),
            ],
            findings: [
                Finding(
                    rule: "HLT001", severity: .error, message: "keycloak: tcp check failed: connection refused", service: "keycloak",
                    fix: Fix(file: "apps/idp/docker-compose.yml", explanation: Self.start)),
            ])
        for masker in [SecretMasker(), SecretMasker(workspace: context)] {
            Self.check(Report(health: health, masker: masker), mentions: ["keycloak: tcp check failed: connection refused", Self.start])
        }
    }

    @Test func aSecretThatIsAlsoANameIsMaskedOnlyAsAValue() throws {
        let masker = SecretMasker(workspace: try WorkspaceLoader(workspace: Self.workspace()).load())
        #expect(masker.mask("plane-web of app plane in apps/plane/docker-compose.yml") == "plane-web of app plane in apps/plane/docker-compose.yml")
        #expect(masker.mask("POSTGRES_PASSWORD=plane for plane-web") == "POSTGRES_PASSWORD=**** for plane-web")
        #expect(masker.mask("postgres://plane:plane@plane-db:5432/plane") == "postgres://plane:****@plane-db:5432/plane")
        #expect(masker.mask("login with kc-admin-s3cret-77 failed") == "login with **** failed")
        #expect(masker.mask("KEYCLOAK_ADMIN: admin, MYSQL_ALLOW_EMPTY_PASSWORD: \"yes\"") == "KEYCLOAK_ADMIN: admin, MYSQL_ALLOW_EMPTY_PASSWORD: \"yes\"")
    }
}
