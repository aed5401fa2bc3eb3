import Foundation
import InfraCore
import Testing

@Suite("Registry loader")
struct RegistryLoaderTests {
    static let minimal = """
        version: 1
        platform: AXIOM
        apps:
          forge: { ports: 3000-3999, description: Shared infrastructure }
          prism: { ports: 6000-6999 }
        networks:
          forge-network: { external: true, shared: true }
        port_registry:
          system_port_services: [traefik]
          allocated:
            5433:
              service: forge-postgres
              app: forge
              type: database
              internal_port: 5432
              protocol: tcp
              range_exception: "Published before the range plan"
        services:
          forge:
            dev:
              - name: forge-postgres
                image: postgres:16
                type: database
                ports: [5433]
                networks: [forge-network]
                compose_file: forge/docker-compose.yml
                health: { probe: postgres }
          prism:
            dev:
              - name: prism-backend
                type: api
                dependencies: [forge-postgres]
                compose_file: apps/prism/docker-compose.dev.yml
                compose_overlays: [apps/prism/docker-compose.labels.yml]
        startup_order:
          - { tier: 1, name: Data stores, types: [database, cache] }
          - { tier: 5, name: Backends, types: [api, worker] }
        rules:
          shared_apps: [forge]
          disabled: [net002]
          severity: { DEP003: error }
        """

    func load(_ text: String) throws -> Registry {
        let workspace = Workspace(root: "/w", files: MemoryFileSource([Workspace.defaultRegistryPath: text]), environment: [:])
        return try RegistryLoader(workspace: workspace).load()
    }

    func errors(_ text: String) -> [InputError] {
        do {
            _ = try load(text)
            Issue.record("expected the registry to be refused")
            return []
        } catch let failure as InputErrors {
            return failure.errors
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func readsEveryField() throws {
        let registry = try load(Self.minimal)
        #expect(registry.version == 1)
        #expect(registry.platform == "AXIOM")
        #expect(registry.apps.map(\.name) == ["forge", "prism"])
        #expect(registry.app(named: "prism")?.ports == 6000...6999)
        #expect(registry.sharedNetwork?.name == "forge-network")
        #expect(registry.systemPortServices == ["traefik"])
        let allocation = try #require(registry.allocation(of: 5433))
        #expect(allocation.service == "forge-postgres")
        #expect(allocation.internalPort == 5432)
        #expect(allocation.protocol == .tcp)
        #expect(allocation.rangeException == "Published before the range plan")
        #expect(allocation.location.line == 11)
        #expect(allocation.location(of: "internal_port").line == 15)
        let postgres = try #require(registry.service(named: "forge-postgres"))
        #expect(postgres.type == .database)
        #expect(postgres.ports.map(\.value) == [5433])
        #expect(postgres.health?.probe == .postgres)
        #expect(registry.tier(of: postgres) == 1)
        let backend = try #require(registry.service(named: "prism-backend"))
        #expect(backend.dependencies.map(\.value) == ["forge-postgres"])
        #expect(backend.dependencies.first?.location.line == 32)
        #expect(backend.composeFiles == ["apps/prism/docker-compose.dev.yml", "apps/prism/docker-compose.labels.yml"])
        #expect(registry.tier(of: backend) == 5)
        #expect(registry.rules.disabled == ["NET002"])
        #expect(registry.rules.severity["DEP003"] == .error)
        #expect(registry.rules.criticalTypes == [.database, .cache, .api])
        #expect(registry.unknownKeys.isEmpty)
    }

    @Test func unknownKeysWarnWithSuggestion() throws {
        let text = Self.minimal.replacingOccurrences(of: "dependencies: [forge-postgres]", with: "dependecies: [forge-postgres]")
        let registry = try load(text)
        let unknown = try #require(registry.unknownKeys.first)
        #expect(unknown.key == "dependecies")
        #expect(unknown.suggestion == "dependencies")
        #expect(unknown.location.line == 32)
    }

    @Test(arguments: [
        ("version: 2\n", 1, "unsupported registry version 2; this infractl reads version 1"),
        ("platform: AXIOM\n", 1, "missing required key `version`"),
        ("version: 1\napps: [forge]\n", 2, "apps must be a mapping, found a list"),
        ("version: 1\napps:\n  forge: { ports: 4000-3000 }\n", 3, "apps.forge.ports 4000-3000 is not a valid range"),
        ("version: 1\napps:\n  forge: { ports: many }\n", 3, "must be a port range such as 4000-4999"),
        ("version: 1\napps: { forge: { ports: 1-9 } }\nservices:\n  forge:\n    dev:\n      - { name: a, type: databse, compose_file: a.yml }\n", 6,
         "type has unknown value 'databse'; expected one of: database"),
        ("version: 1\napps: { forge: { ports: 1-9 } }\nservices:\n  forge:\n    dev:\n      - { name: a, type: api, compose_file: ../outside.yml }\n", 6,
         "compose_file ../outside.yml leaves the workspace"),
        ("version: 1\napps: { forge: { ports: 1-9 } }\nservices:\n  forge:\n    dev:\n      - { name: a, type: api, compose_file: /etc/passwd }\n", 6,
         "compose_file /etc/passwd leaves the workspace"),
        ("version: 1\napps: { forge: { ports: 1-9 } }\nservices:\n  forge:\n    dev:\n      - { name: a, compose_file: a.yml }\n", 6,
         "missing required key `type`"),
        ("version: 1\napps: { forge: { ports: 1-9 } }\nservices:\n  nope:\n    dev:\n      - { name: a, type: api, compose_file: a.yml }\n", 6,
         "app 'nope', which is not declared"),
        ("version: 1\nport_registry:\n  allocated:\n    99999: { service: a, app: b }\n", 4, "99999 is not a port number"),
        ("version: 1\napps:\n  forge: {ports: 1-2}\n  forge: {ports: 3-4}\n", 4, "duplicate key 'forge'"),
        ("version: 1\napps: {\n", 3, "invalid YAML"),
        ("version: 1\nrules:\n  severity: { PORT001: fatal }\n", 3, "rules.severity.PORT001 has unknown value 'fatal'"),
    ] as [(String, Int, String)])
    func refusesBadInput(text: String, line: Int, message: String) {
        let errors = errors(text)
        #expect(errors.contains { $0.line == line && $0.message.contains(message) }, "\(errors)")
        #expect(errors.allSatisfy { $0.file == Workspace.defaultRegistryPath && $0.line != nil && $0.column != nil })
    }

    @Test func collectsEveryProblem() {
        let errors = errors("version: 3\napps:\n  a: { ports: x }\n  b: { ports: 9-1 }\n")
        #expect(errors.map(\.line) == [1, 3, 4])
    }

    @Test func refusesAliasBombQuickly() {
        var text = "version: 1\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "x\(level): &a\(level) [\(refs)]\n"
        }
        // Expansion would take minutes and gigabytes: the budget error proves none happened.
        let errors = errors(text)
        #expect(errors.first?.message.contains("expands past") == true)
    }

    @Test func appliesMergeKeys() throws {
        let text = """
            version: 1
            x-range: &range { ports: 4000-4999 }
            apps:
              synapse:
                <<: *range
                description: Knowledge
            """
        let registry = try load(text)
        #expect(registry.app(named: "synapse")?.ports == 4000...4999)
        #expect(registry.unknownKeys.map(\.key) == ["x-range"])
    }

    @Test func missingRegistryIsAnError() {
        let workspace = Workspace(root: "/w", files: MemoryFileSource([:]), environment: [:])
        #expect(throws: InputErrors.self) { try RegistryLoader(workspace: workspace).load() }
    }
}

@Suite("Rule exemptions")
struct RuleExemptionTests {
    func load(_ rules: String) throws -> Registry {
        let text = "version: 1\nrules:\n" + rules
        let workspace = Workspace(root: "/w", files: MemoryFileSource([Workspace.defaultRegistryPath: text]), environment: [:])
        return try RegistryLoader(workspace: workspace).load()
    }

    @Test func readsExemptions() throws {
        let registry = try load("  exemptions:\n    - { services: [portainer], rules: [sec003], reason: Manages containers }\n")
        let exemption = try #require(registry.rules.exemptions.first)
        #expect(exemption.services == ["portainer"])
        #expect(exemption.rules == ["SEC003"])
        #expect(registry.rules.isExempt(rule: "SEC003", service: "portainer"))
        #expect(!registry.rules.isExempt(rule: "SEC003", service: "forge-promtail"))
        #expect(!registry.rules.isExempt(rule: "SEC004", service: "portainer"))
        #expect(!registry.rules.isExempt(rule: "SEC003", service: nil))
    }

    @Test func reasonIsRequired() {
        do {
            _ = try load("  exemptions:\n    - { services: [portainer], rules: [SEC003] }\n")
            Issue.record("an exemption without a reason was accepted")
        } catch let failure as InputErrors {
            #expect(failure.errors.first?.line == 4)
            #expect(failure.errors.first?.message.contains("needs a `reason`") == true)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func validatorDropsExemptedFindings() throws {
        struct Always: Rule {
            static let description = RuleDescription(
                id: "TST001", name: "test", summary: "", message: "", rationale: "", severity: .warning, category: .security)
            func validate(_ context: ValidationContext) -> [Finding] {
                ["a", "b"].map { Self.description.finding("m", at: nil, service: $0) }
            }
        }
        let registry = try load("  exemptions:\n    - { services: [a], rules: [TST001], reason: fine }\n")
        let findings = Validator(workspace: Workspace(root: "/w", files: MemoryFileSource([:])), rules: [Always.self])
            .run(ValidationContext(registry: registry, projects: []))
        #expect(findings.map(\.service) == ["b"])
    }
}
