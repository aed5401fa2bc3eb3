import Foundation
import InfraCore
import Testing

@Suite("Security audit")
struct SecurityAuditTests {
    /// A day the example's certificate is valid: 2027-01-01.
    static let now = Date(timeIntervalSince1970: 1_798_761_600)

    /// The example workspace in memory, its key readable by everyone, on `now`.
    static func audit(_ changes: [String: String] = [:]) throws -> (SecurityAudit, ValidationContext) {
        var files = ProposedChangeTests.example
        for (path, text) in changes { files[path] = text }
        let workspace = Workspace(
            root: "/axiom", files: MemoryFileSource(files, modes: ["forge/certs/axiom.local-key.pem": 0o644]), environment: [:])
        let context = try WorkspaceLoader(workspace: workspace).load(now: Self.now)
        return (SecurityAudit(context, workspace: workspace), context)
    }

    static func report(_ audit: SecurityAudit, _ context: ValidationContext) -> Report {
        Report(
            command: "audit", workspace: "/axiom", title: "Security Report", platform: context.registry.platform,
            registryFile: context.registry.file, findings: audit.findings, payload: AuditPayload(audit), masker: SecretMasker(workspace: context))
    }

    @Test func goldenMarkdown() throws {
        let (audit, context) = try Self.audit()
        try Golden.check(MarkdownReporter().generate(Self.report(audit, context)), against: "audit.md")
    }

    @Test func exposureNamesDirectPortsAndRoutesThroughTraefik() throws {
        let (audit, _) = try Self.audit()
        let grafana = audit.exposure.filter { $0.service == "forge-grafana" }
        #expect(grafana.contains { $0.port == 3000 && $0.via == .direct && !$0.tls && $0.registered })
        #expect(grafana.contains { $0.port == 443 && $0.via == .traefik && $0.tls && $0.domains == ["grafana.axiom.local"] })
        // Loopback-only data stores are not exposed.
        #expect(!audit.exposure.contains { $0.service == "forge-postgres" })
    }

    @Test func aDatabaseOnEveryInterfaceIsExposedDirectly() throws {
        let path = "forge/docker-compose.yml"
        let (audit, _) = try Self.audit([path: try #require(ProposedChangeTests.example[path]).replacingOccurrences(of: "\"127.0.0.1:5433:5432\"", with: "\"5433:5432\"")])
        let postgres = try #require(audit.exposure.first { $0.service == "forge-postgres" })
        #expect(postgres.port == 5433 && postgres.hostIP == "0.0.0.0" && postgres.via == .direct && postgres.isDataStore && postgres.type == "database")
        #expect(audit.findings.contains { $0.rule == "SEC002" && $0.service == "forge-postgres" })
    }

    @Test func validateKeepsItsAnswerOnTheExample() throws {
        let workspace = Workspace(root: "/axiom", files: MemoryFileSource(ProposedChangeTests.example), environment: [:])
        let validation = try Validator(workspace: workspace).validate()
        let auditOnly = Set(RuleCatalog.all.map { $0.description }.filter { $0.scope == .audit }.map(\.id))
        #expect(validation.findings.allSatisfy { !auditOnly.contains($0.rule) })
        #expect(validation.passed())
    }

    @Test func secretsAreMaskedAndServiceNamesStayReadable() throws {
        let path = "apps/nexus/standalone/docker-compose.dev.yml"
        let compose = try #require(ProposedChangeTests.example[path])
            .replacingOccurrences(
                of: "NEXUS_WORKERS: ${NEXUS_WORKERS:-2}",
                with: "NEXUS_WORKERS: ${NEXUS_WORKERS:-2}\n      KEYCLOAK_URL: https://admin:s3cr3t-Pa55@keycloak:8443/realms/axiom")
        let (audit, context) = try Self.audit([path: compose])
        let json = JSONReporter().generate(Self.report(audit, context))
        #expect(json.contains("SEC001"))
        #expect(!json.contains("s3cr3t-Pa55"))
        #expect(json.contains("keycloak"))
    }
}
