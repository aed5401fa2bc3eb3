/// The platform as a graph: services grouped by startup tier, dependency edges, shared-network
/// membership and published ports, built from the registry alone.
public struct DependencyGraph: Sendable {
    /// A service in the graph.
    public struct Node: Sendable, Hashable {
        public var name: String
        public var app: String
        public var type: ServiceType
        public var tier: Int?
        public var ports: [Int]
        /// Whether it is on the platform's shared network.
        public var onSharedNetwork: Bool
        public var domain: String?
    }

    /// A tier and the services in it, in registry order.
    public struct Tier: Sendable, Hashable {
        /// `nil` for services whose type has no tier in `startup_order`.
        public var number: Int?
        public var name: String?
        public var nodes: [Node]
    }

    /// `from` depends on `to` (`to` must be running first).
    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        /// Whether `to` is a registered service (false: DEP001 territory).
        public var resolved: Bool
    }

    public var tiers: [Tier]
    public var edges: [Edge]
    /// The shared network's name, when the registry declares one.
    public var sharedNetwork: String?

    /// The graph of `registry`, optionally only the services of `apps`.
    public init(registry: Registry, apps: Set<String>? = nil) {
        let shared = registry.sharedNetwork?.name
        sharedNetwork = shared
        let services = registry.services.filter { apps?.contains($0.app) ?? true }
        let nodes = services.map { service in
            Node(
                name: service.name, app: service.app, type: service.type, tier: registry.tier(of: service),
                ports: service.ports.map(\.value), onSharedNetwork: shared.map { name in service.networks.contains { $0.value == name } } ?? false,
                domain: service.domain)
        }
        let numbers = Set(nodes.map(\.tier)).sorted { ($0 ?? .max) < ($1 ?? .max) }
        tiers = numbers.map { number in
            Tier(number: number, name: registry.startupOrder.first { $0.tier == number }?.name, nodes: nodes.filter { $0.tier == number })
        }
        edges = services.flatMap { service in
            service.dependencies.map { Edge(from: service.name, to: $0.value, resolved: registry.service(named: $0.value) != nil) }
        }
    }

    /// Every node, tier by tier.
    public var nodes: [Node] { tiers.flatMap(\.nodes) }
}
