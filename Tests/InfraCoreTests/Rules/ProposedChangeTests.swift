import Foundation
import InfraCore
import Testing

/// The AXIOM example as the platform's runbooks write it, with a change proposed: system ports,
/// the app of a proposed service, whole-line fixes, cross-project `depends_on` and the checks a
/// Validation Report lists.
@Suite("Proposed changes on the AXIOM example")
struct ProposedChangeTests {
    /// The example's files, with `changes` (path to new contents, or a closure over the old).
    static func axiom(_ changes: [String: (String?) -> String] = [:]) -> [String: String] {
        var files = example
        for (path, change) in changes { files[path] = change(files[path]) }
        return files
    }

    /// The example as `init` writes it, read back by path.
    static let example: [String: String] = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("axiom-proposed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let paths = (try? AxiomExample.write(to: root)) ?? []
        return Dictionary(uniqueKeysWithValues: paths.map { ($0, (try? String(contentsOfFile: root + "/" + $0, encoding: .utf8)) ?? "") })
    }()

    static func validate(_ files: [String: String], proposed: [String] = []) throws -> ValidationReport {
        let workspace = Workspace(root: "/axiom", files: MemoryFileSource(files), environment: [:])
        let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30
        return try Validator(workspace: workspace, clock: { now }).validate(proposed: proposed)
    }

    static let atlas = "apps/atlas/docker-compose.dev.yml"

    static func atlasFile(ports: String, extra: String = "") -> String {
        """
        name: atlas
        services:
          atlas-api:
            image: axiom/atlas-api:dev
            container_name: atlas-api
        \(extra)    ports:
              - \(ports)
            networks: [default, forge-network]
            healthcheck:
              test: ["CMD", "curl", "-fsS", "http://localhost:8000/health"]
            mem_limit: 512m
        networks:
          forge-network:
            external: true
        """
    }

    // MARK: 1. System ports

    @Test func systemPortsOfTheProxyNeedNoRangeException() throws {
        let without = try Self.validate(Self.axiom())
        #expect(!Self.axiom()[".dev/infra/registry.yml", default: ""].contains("System port: Traefik"))
        #expect(without.findings.filter { $0.rule == "PORT002" }.isEmpty)
        // The form with an explanation per allocation validates as clean.
        let with = try Self.validate(Self.axiom([".dev/infra/registry.yml": { text in
            (text ?? "").replacingOccurrences(
                of: "      description: Traefik HTTPS entry point for *.axiom.local\n",
                with: "      description: Traefik HTTPS entry point for *.axiom.local\n      range_exception: \"System port: HTTPS\"\n")
        }]))
        #expect(with.findings.isEmpty, "\(with.findings.map(\.message))")
    }

    // MARK: 3 and 4. The app of a proposed service, and fixes as whole lines

    @Test func proposedServiceBelongsToTheAppOfItsFolder() throws {
        let files = Self.axiom([Self.atlas: { _ in Self.atlasFile(ports: "\"6000:8000\"") }])
        let findings = try Self.validate(files, proposed: [Self.atlas]).findings
        let range = try #require(findings.first { $0.rule == "PORT002" })
        #expect(range.message == "Port 6000 for app atlas must be in range 7000-7999")
        #expect(range.app == "atlas")
        #expect(range.fix?.replace == "      - \"7000:8000\"")
        let conflict = try #require(findings.first { $0.rule == "PORT001" })
        #expect(conflict.message == "Port 6000 already allocated to prism-backend")
        #expect(conflict.app == "atlas")
        #expect(conflict.fix?.replace == "      - \"7000:8000\"")
        #expect(conflict.fix?.explanation.contains("range of app atlas") == true)
        // No fix suggests a port of another app's range.
        #expect(!findings.contains { $0.fix?.explanation.contains("app prism") == true })
    }

    @Test func proposedServiceBelongsToTheAppItsNameStartsWith() throws {
        let path = "extras/search.yml"
        let files = Self.axiom([path: { _ in
            """
            services:
              atlas-search:
                image: getmeili/meilisearch:v1.8
                ports: ['5100:7700']
            """
        }])
        let findings = try Self.validate(files, proposed: [path]).findings
        let range = try #require(findings.first { $0.rule == "PORT002" })
        #expect(range.message == "Port 5100 for app atlas must be in range 7000-7999")
        // Single quotes and the flow list stay as written.
        #expect(range.fix?.replace == "    ports: ['7000:7700']")
    }

    @Test func noAppIsSaidInsteadOfGuessedFromThePort() throws {
        let path = "extras/tool.yml"
        let files = Self.axiom([path: { _ in "services:\n  tool:\n    image: busybox\n    ports: [\"6000:80\"]\n" }])
        let findings = try Self.validate(files, proposed: [path]).findings
        let conflict = try #require(findings.first { $0.rule == "PORT001" })
        #expect(conflict.app == nil)
        #expect(conflict.fix?.replace == nil)
        #expect(conflict.fix?.explanation.hasPrefix("No app can be told for tool") == true)
        #expect(!findings.contains { $0.rule == "PORT002" })
    }

    @Test func longSyntaxPortFixRewritesItsPublishedLine() throws {
        let files = Self.axiom([Self.atlas: { _ in
            Self.atlasFile(ports: "target: 8000\n        published: \"6000\"\n        protocol: tcp")
        }])
        let findings = try Self.validate(files, proposed: [Self.atlas]).findings
        let range = try #require(findings.first { $0.rule == "PORT002" })
        #expect(range.fix?.replace == "        published: \"7000\"")
    }

    @Test func tierFixIsALineOfTheServicesOwnStyle() throws {
        let registry: (String?) -> String = { text in
            (text ?? "").replacingOccurrences(of: "        dependencies: [forge-postgres, forge-redis, forge-meilisearch]",
                                              with: "        dependencies: [forge-postgres, forge-redis, forge-meilisearch]\n        tier: 1")
        }
        let findings = try Self.validate(Self.axiom([".dev/infra/registry.yml": registry])).findings
        let tiers = findings.filter { $0.rule == "DEP003" && $0.message.contains("after forge-meilisearch") }
        #expect(!tiers.isEmpty)
        // The service's own `tier: 1` line, rewritten where it stands.
        #expect(tiers.map(\.fix?.replace) == ["        tier: 3", "        tier: 3"])
        #expect(tiers.map(\.fix?.line) == [240, 263])
    }

    // MARK: 5. depends_on across projects

    static func prismDependingOn(_ names: String) -> [String: (String?) -> String] {
        ["apps/prism/docker-compose.dev.yml": { text in
            (text ?? "").replacingOccurrences(
                of: "    ports:\n      - \"6000:8000\"", with: "    depends_on: \(names)\n    ports:\n      - \"6000:8000\"")
        }]
    }

    @Test func dependsOnAnotherProjectIsDEP005NotARefusal() throws {
        let findings = try Self.validate(Self.axiom(Self.prismDependingOn("[forge-postgres, forge-redis]"))).findings
        let crossing = findings.filter { $0.rule == "DEP005" }
        #expect(crossing.map(\.message) == [
            "Service prism-backend depends on forge-postgres of project forge; Compose cannot wait across projects",
            "Service prism-backend depends on forge-redis of project forge; Compose cannot wait across projects",
        ])
        #expect(crossing.first?.severity == .error)
        #expect(crossing.first?.location?.file == "apps/prism/docker-compose.dev.yml")
        #expect(crossing.first?.location?.line == 20)
        let fix = try #require(crossing.first?.fix)
        #expect(fix.explanation.hasPrefix("Delete `depends_on` of prism-backend"))
        #expect(fix.explanation.contains("keep [forge-postgres, forge-redis] in `dependencies` of prism-backend"))
        #expect(fix.explanation.contains("`infractl up` starts the next tier only once forge-postgres is running and healthy"))
        #expect(findings.allSatisfy { $0.rule == "DEP005" }, "\(findings.map(\.message))")
    }

    @Test func dependsOnKeepsTheSameProjectsServicesInTheFilesForm() throws {
        let files = Self.axiom(["apps/prism/docker-compose.dev.yml": { text in
            (text ?? "").replacingOccurrences(
                of: "        condition: service_healthy\n",
                with: "        condition: service_healthy\n      forge-redis:\n        condition: service_healthy\n")
        }])
        let findings = try Self.validate(files).findings
        let crossing = try #require(findings.first { $0.rule == "DEP005" })
        #expect(crossing.service == "prism-frontend")
        #expect(crossing.location?.line == 54)
        #expect(crossing.fix?.line == 51)
        #expect(crossing.fix?.replace == "    depends_on:\n      prism-backend:\n        condition: service_healthy")
        #expect(crossing.fix?.explanation.contains("(add [forge-redis] there)") == true)
    }

    @Test func dependsOnANameDefinedNowhereIsDEP001() throws {
        let findings = try Self.validate(Self.axiom(Self.prismDependingOn("[prism-frontendd]"))).findings
        let undefined = try #require(findings.first { $0.rule == "DEP001" })
        #expect(undefined.message == "Service prism-backend depends on prism-frontendd which is not defined. Did you mean prism-frontend?")
        #expect(undefined.fix?.replace == "    depends_on: [prism-frontend]")
        #expect(!findings.contains { $0.rule == "DEP005" })
    }

    // MARK: 7. The checks of a proposed service in the report

    static func proposedReport() throws -> Report {
        let extra = """
                environment:
                  DATABASE_URL: postgresql://axiom:${POSTGRES_PASSWORD:-dev}@forge-postgres:5432/atlas
                  MEILI_URL: http://forge-meilisearch:7700

            """
        let files = Self.axiom([Self.atlas: { _ in Self.atlasFile(ports: "\"7000:8000\"", extra: extra) }])
        return Report(validation: try Self.validate(files, proposed: [Self.atlas]))
    }

    @Test func reportListsTheChecksThatPassed() throws {
        let report = try Self.proposedReport()
        let checks = try #require(report.payload as? ProposedServiceChecks)
        #expect(checks.services.map(\.name) == ["atlas-api"])
        #expect(checks.services.first?.checks.map { "\($0.status.mark) \($0.text)" } == [
            "✅ Port 7000 is within ATLAS range (7000-7999)",
            "✅ Port 7000 is not currently allocated",
            "✅ Service will be on forge-network",
            "⚠️ Depends on forge-postgres (project forge), which must start first: `infractl up` starts its tier before this one",
            "⚠️ Depends on forge-meilisearch (project forge), which must start first: `infractl up` starts its tier before this one",
            "✅ Startup order: Tier 5 (Backends), after forge-postgres: tier 1, forge-meilisearch: tier 2",
            "✅ Health check defined",
            "✅ Environment: 2 variables, none pointing at localhost, every ${…} defined",
        ])
        try Golden.check(MarkdownReporter().generate(report), against: "validate-proposed.md")
        try Golden.check(TextReporter().generate(report), against: "validate-proposed.txt")
        try Golden.check(JSONReporter().generate(report), against: "validate-proposed.json")
    }

    @Test func aCheckFailsExactlyWhenItsRuleReports() throws {
        let files = Self.axiom([Self.atlas: { _ in Self.atlasFile(ports: "\"6000:8000\"") }])
        let report = Report(validation: try Self.validate(files, proposed: [Self.atlas]))
        let checks = try #require((report.payload as? ProposedServiceChecks)?.services.first?.checks)
        #expect(checks.filter { $0.status == .failed }.map(\.kind) == ["range", "allocation"])
        let text = TextReporter().generate(report)
        #expect(text.hasPrefix("Proposed service atlas-api (apps/atlas/docker-compose.dev.yml, app atlas):\n  ❌ Port 6000 for app atlas"))
        #expect(text.hasSuffix("✖ 2 errors"))
    }

    @Test func noProposalNoChecks() throws {
        #expect(Report(validation: try Self.validate(Self.axiom())).payload == nil)
    }

    // MARK: The origin of proposed services

    @Test func proposedServicesAndPortsCarryTheirFile() throws {
        let files = Self.axiom([Self.atlas: { _ in Self.atlasFile(ports: "\"6000:8000\"") }])
        let registry = try Self.validate(files, proposed: [Self.atlas]).context.registry
        let atlas = try #require(registry.service(named: "atlas-api"))
        #expect(atlas.origin == .proposed(file: Self.atlas))
        #expect(registry.allocations.filter { $0.service == "atlas-api" }.map(\.origin) == [.proposed(file: Self.atlas)])
        // Everything the registry file lists stays registered.
        #expect(registry.services.filter { $0.name != "atlas-api" }.allSatisfy { $0.origin.isRegistered })
        #expect(registry.allocations.filter { $0.service != "atlas-api" }.allSatisfy { $0.origin.isRegistered })
        #expect(try Self.validate(files).context.registry.service(named: "atlas-api") == nil)
    }
}
