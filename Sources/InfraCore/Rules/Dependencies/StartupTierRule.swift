/// DEP003: a service's startup tier is above the tiers of its dependencies.
public struct StartupTierRule: Rule {
    public static let description = RuleDescription(
        id: "DEP003", name: "startup-tier",
        summary: "A service must be in a later startup tier than each of its dependencies",
        message: "Service {service} should start after {dependency}",
        rationale: """
            The platform starts in tiers (`startup_order`): data stores, then logs and search, \
            observability, the proxy, backends, frontends. Services of one tier start together, \
            so a dependency in the same or a later tier may not be up when the service starts \
            and connects to it. A service's tier is its explicit `tier`, else its type's tier. \
            Give the service (or the dependency) an explicit `tier` that orders them, or change \
            the service type if it is wrong.
            """,
        severity: .warning, category: .dependencies,
        nonTriggeringExamples: [
            RuleExample([".dev/infra/registry.yml": registry(worker: "type: worker", dependencies: "[forge-postgres]")]),
            // An explicit tier puts the worker after the api it shares a type tier with.
            RuleExample([".dev/infra/registry.yml": registry(worker: "type: api, tier: 6", dependencies: "[nexus-api]")]),
        ],
        triggeringExamples: [
            RuleExample([".dev/infra/registry.yml": registry(worker: "type: worker", dependencies: "[forge-postgres, 1️⃣nexus-api]")]),
            RuleExample([".dev/infra/registry.yml": registry(worker: "type: database", dependencies: "[1️⃣forge-postgres, 2️⃣nexus-api]")]),
        ])

    private static func registry(worker: String, dependencies: String) -> String {
        """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          nexus: { ports: 5000-5999 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
          nexus:
            dev:
              - { name: nexus-api, type: api, compose_file: apps/nexus/docker-compose.yml }
              - { name: nexus-worker, \(worker), compose_file: apps/nexus/docker-compose.yml, dependencies: \(dependencies) }
        startup_order:
          - { tier: 1, name: Data stores, types: [database, cache] }
          - { tier: 5, name: Backends, types: [api, worker] }
        """
    }

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let registry = context.registry
        var findings: [Finding] = []
        for service in registry.services {
            guard let tier = registry.tier(of: service) else { continue }
            for entry in service.dependencies where entry.value != service.name {
                guard let dependency = registry.service(named: entry.value),
                      let dependencyTier = registry.tier(of: dependency), tier <= dependencyTier else { continue }
                findings.append(Self.description.finding(
                    "Service \(service.name) should start after \(dependency.name). Its tier \(tier) is not above \(dependency.name)'s tier \(dependencyTier).",
                    at: entry.location, service: service.name, app: service.app,
                    evidence: [
                        "\(service.name): tier \(tier)\(service.tier == nil ? " (type \(service.type.rawValue))" : "")",
                        "\(dependency.name): tier \(dependencyTier)\(dependency.tier == nil ? " (type \(dependency.type.rawValue))" : "")",
                    ],
                    fix: Fix(
                        file: service.location.file, line: (service.tier == nil ? service.location : service.location(of: "tier")).line, replace: tierLine(dependencyTier + 1, of: service, context),
                        explanation: service.tier == nil ? "Give \(service.name) an explicit tier above \(dependency.name)'s: add this line to its entry." : "Raise the tier of \(service.name) above \(dependency.name)'s.")))
            }
        }
        return findings
    }

    /// The registry line that gives `service` tier `tier`: its `tier:` line rewritten, its flow
    /// mapping with `tier` added, or a `tier:` line at the indentation of its keys.
    private func tierLine(_ tier: Int, of service: Registry.Service, _ context: ValidationContext) -> String {
        if service.tier != nil, let line = context.line(at: service.location(of: "tier"), replacingScalarWith: String(tier)) {
            return line
        }
        guard let line = context.sourceLine(at: service.location) else { return "tier: \(tier)" }
        if let close = line.lastIndex(of: "}"), line.contains("{") {
            let head = line[..<close].reversed().drop { $0 == " " }.reversed()
            return String(head) + ", tier: \(tier) " + line[close...]
        }
        let key = line.range(of: "name:").map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? max(0, service.location.column - 1)
        return String(repeating: " ", count: key) + "tier: \(tier)"
    }
}
