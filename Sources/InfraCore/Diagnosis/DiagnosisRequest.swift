/// What to diagnose: some services (with the services they depend on) or the whole platform,
/// and which environments are expected to run.
public struct DiagnosisRequest: Sendable, Hashable {
    /// Registry service names; empty for every service.
    public var services: [String]
    /// The environments whose services are expected to run; nil for those that have at least
    /// one container (else `dev`, or every environment when the registry has no dev services).
    public var environments: Set<Registry.Environment>?
    /// Log lines read from each failing container.
    public var logTail: Int
    /// Read the swarm's services, tasks and nodes too (`--target swarm`).
    public var swarm: Bool

    public init(services: [String] = [], environments: Set<Registry.Environment>? = nil, logTail: Int = 50, swarm: Bool = false) {
        self.swarm = swarm
        self.services = services
        self.environments = environments
        self.logTail = logTail
    }

    /// The registry services in scope: those named and, transitively, their registry
    /// dependencies; every service when none is named. Throws for a name the registry lacks.
    public func scope(in registry: Registry) throws(DiagnosisError) -> [Registry.Service] {
        guard !services.isEmpty else { return registry.services }
        var wanted: Set<String> = []
        var queue: [String] = []
        for name in services {
            guard registry.service(named: name) != nil else {
                throw DiagnosisError.unknownService(
                    name, suggestion: NodeReader.suggestion(for: name, among: registry.services.map(\.name)))
            }
            queue.append(name)
        }
        while let name = queue.popLast() {
            guard wanted.insert(name).inserted, let service = registry.service(named: name) else { continue }
            queue += service.dependencies.map(\.value).filter { registry.service(named: $0) != nil }
        }
        return registry.services.filter { wanted.contains($0.name) }
    }
}

/// Why a diagnosis could not be made.
public enum DiagnosisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A service asked for is not in the registry.
    case unknownService(String, suggestion: String?)
    /// `--target swarm` on an engine that manages no swarm.
    case notASwarmManager(String)

    public var description: String {
        switch self {
        case .notASwarmManager(let reason): reason
        case .unknownService(let name, let suggestion):
            "unknown service \(name)" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
                + "; the registry's services are the ones to diagnose"
        }
    }
}
