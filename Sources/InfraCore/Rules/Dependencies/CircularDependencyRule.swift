/// DEP002: the registry's dependency graph has no cycles.
public struct CircularDependencyRule: Rule {
    public static let description = RuleDescription(
        id: "DEP002", name: "circular-dependency",
        summary: "Registry dependencies must not form a cycle",
        message: "Circular dependency: {a} → {b} → {a}",
        rationale: """
            Services in a dependency cycle wait for each other: no start order satisfies them, \
            and `depends_on` in Compose refuses to start at all. Each cycle is reported once, \
            starting from its alphabetically first service, at that service's dependency entry \
            that begins the cycle. Break the cycle by removing the dependency that is not really \
            needed at start (a service that merely calls another at run time does not depend on \
            it for startup).
            """,
        severity: .error, category: .dependencies,
        nonTriggeringExamples: [
            RuleExample([".dev/infra/registry.yml": registry(a: "[b]", b: "[c]", c: "[]")]),
            // A diamond is not a cycle.
            RuleExample([".dev/infra/registry.yml": registry(a: "[b, c]", b: "[c]", c: "[]")]),
        ],
        triggeringExamples: [
            RuleExample([".dev/infra/registry.yml": registry(a: "[1️⃣b]", b: "[a]", c: "[]")]),
            // a → b → a and a → b → c → a, both begun by the entry `b` of a; and c → c.
            RuleExample([".dev/infra/registry.yml": registry(a: "[1️⃣2️⃣b]", b: "[c, a]", c: "[3️⃣c, a]")]),
        ])

    private static func registry(a: String, b: String, c: String) -> String {
        """
        version: 1
        apps:
          atlas: { ports: 7000-7999 }
        services:
          atlas:
            dev:
              - { name: a, type: api, compose_file: apps/atlas/docker-compose.yml, dependencies: \(a) }
              - { name: b, type: api, compose_file: apps/atlas/docker-compose.yml, dependencies: \(b) }
              - { name: c, type: api, compose_file: apps/atlas/docker-compose.yml, dependencies: \(c) }
        """
    }

    /// Enough cycles to show the problem; a pathological registry stops here.
    static let limit = 100

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let services = Dictionary(context.registry.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [Finding] = []
        for cycle in Self.cycles(services) {
            guard let first = services[cycle[0]] else { continue }
            let second = cycle.count > 1 ? cycle[1] : cycle[0]
            guard let entry = first.dependencies.first(where: { $0.value == second }) else { continue }
            let path = (cycle + [cycle[0]]).joined(separator: " → ")
            findings.append(Self.description.finding(
                "Circular dependency: \(path)", at: entry.location, service: first.name, app: first.app,
                evidence: cycle.indices.map { "\(cycle[$0]) depends on \(cycle[($0 + 1) % cycle.count])" },
                fix: Fix(
                    file: entry.location.file, line: entry.location.line,
                    explanation: "Remove the dependency that is not needed at startup from one service of the cycle.")))
        }
        return findings
    }

    /// Every elementary cycle, each once, rotated to start at its smallest name: for each
    /// service in name order, the paths back to it through larger names only.
    static func cycles(_ services: [String: Registry.Service]) -> [[String]] {
        var cycles: [[String]] = []
        for start in services.keys.sorted() {
            var path = [start]
            var onPath: Set<String> = [start]
            func walk(_ node: String) {
                guard cycles.count < limit, let service = services[node] else { return }
                var followed: Set<String> = []
                for dependency in service.dependencies.map(\.value) where followed.insert(dependency).inserted {
                    if dependency == start {
                        cycles.append(path)
                    } else if dependency > start, services[dependency] != nil, !onPath.contains(dependency) {
                        path.append(dependency)
                        onPath.insert(dependency)
                        walk(dependency)
                        onPath.remove(dependency)
                        path.removeLast()
                    }
                }
            }
            walk(start)
        }
        return cycles
    }
}
