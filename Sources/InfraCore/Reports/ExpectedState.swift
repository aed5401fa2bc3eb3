/// What the registry says a reported service should be: the runbook's **Expected State**
/// beside the Current State of `diagnose`, `health` and a proposed change.
public struct ExpectedService: Sendable, Hashable {
    public var name: String
    public var app: String
    public var tier: Int?
    public var ports: [Int]
    public var networks: [String]
    public var dependencies: [String]
    /// The health probe (`http /health`, `postgres`), or the type's default.
    public var probe: String

    public init(_ service: Registry.Service, in registry: Registry) {
        name = service.name
        app = service.app
        tier = registry.tier(of: service)
        ports = service.ports.map(\.value)
        networks = service.networks.map(\.value)
        dependencies = service.dependencies.map(\.value)
        probe = service.health.map { [$0.probe.rawValue, $0.path].compactMap { $0 }.joined(separator: " ") } ?? "default for type \(service.type.rawValue)"
    }

    /// One line: `prism-backend (prism): tier 5; ports 6000; networks default, forge-network; …`.
    public var line: String {
        var parts = [tier.map { "tier \($0)" } ?? "no tier"]
        parts.append(ports.isEmpty ? "no host port" : "port\(ports.count == 1 ? "" : "s") \(ports.map(String.init).joined(separator: ", "))")
        if !networks.isEmpty { parts.append("networks \(networks.joined(separator: ", "))") }
        parts.append(dependencies.isEmpty ? "no dependencies" : "after \(dependencies.joined(separator: ", "))")
        parts.append("probe \(probe)")
        return "\(name) (\(app)): " + parts.joined(separator: "; ")
    }
}

/// The runbook's **Updates Required**: for registry.yml, infrastructure.md and CHANGELOG.md,
/// whether the findings (or a proposed change) need a change there, and why, or "None".
public enum UpdatesRequired {
    public static let inventoryFile = ".dev/infra/infrastructure.md"
    public static let changelogFile = ".dev/infra/CHANGELOG.md"

    /// The three lines for `findings`; `proposed` are new services a change adds.
    public static func lines(findings: [Finding], registryFile: String, proposed: [String] = []) -> [String] {
        func rules(_ file: String) -> [String] {
            Array(Set(findings.filter { $0.fix?.file == file || $0.location?.file == file && $0.fix != nil }.map(\.rule))).sorted()
        }
        var registry = rules(registryFile).map { "fix \($0)" }
        if !proposed.isEmpty { registry.insert("register \(proposed.joined(separator: ", ")) and allocate its ports", at: 0) }
        var inventory = rules(inventoryFile).map { "fix \($0)" }
        if !proposed.isEmpty { inventory.insert("add the inventory row\(proposed.count == 1 ? "" : "s") of \(proposed.joined(separator: ", "))", at: 0) }
        let changes = !registry.isEmpty || !inventory.isEmpty || !proposed.isEmpty
            || findings.contains { $0.fix?.file.map { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") } == true }
        return [
            "`\(registryFile)`: " + (registry.isEmpty ? "None" : registry.joined(separator: "; ")),
            "`\(inventoryFile)`: " + (inventory.isEmpty ? "None" : inventory.joined(separator: "; ")),
            "`\(changelogFile)`: " + (changes ? "an entry for the change (`infractl add-service` and `remove-service` write it)" : "None"),
        ]
    }
}

extension MarkdownWriter {
    /// `### Expected State`, one line per service, when there are any.
    public mutating func expectedState(_ services: [ExpectedService]) {
        guard !services.isEmpty else { return }
        heading(3, "Expected State")
        services.forEach { bullet($0.line) }
    }

    /// `### Updates Required` for a report's findings.
    public mutating func updatesRequired(_ report: Report, proposed: [String] = []) {
        heading(3, "Updates Required")
        UpdatesRequired.lines(findings: report.findings, registryFile: report.registryFile, proposed: proposed).forEach { bullet($0) }
    }
}
