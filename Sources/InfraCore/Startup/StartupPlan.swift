import DockerEngine

/// What `infractl up` does, in order, worked out from the registry and the loaded workspace
/// alone: the external networks to create when missing, the host ports that must be free, then
/// the startup tiers, each a `docker compose up` per compose project with only that tier's
/// services. `infractl down` walks the same tiers backwards.
public struct StartupPlan: Sendable, Hashable {
    /// An external network the platform needs before any project starts.
    public struct Network: Sendable, Hashable {
        /// The engine-side name.
        public var name: String
        /// A registry network with `internal: true`.
        public var `internal`: Bool
        /// Where it is declared (the registry, or the compose file for one only Compose names).
        public var location: SourceLocation?
        /// The registry's `driver`, when it names one.
        public var driver: String?

        public init(name: String, internal: Bool = false, location: SourceLocation? = nil, driver: String? = nil) {
            self.name = name
            self.internal = `internal`
            self.location = location
            self.driver = driver
        }
    }

    /// A host port a planned service publishes.
    public struct Port: Sendable, Hashable {
        public var port: Int
        public var transport: HostPortHolder.Transport
        /// The registry service that publishes it.
        public var service: String
        public var app: String
        /// The compose `ports` entry, else the registry's allocation.
        public var location: SourceLocation?

        public init(port: Int, transport: HostPortHolder.Transport = .tcp, service: String, app: String, location: SourceLocation? = nil) {
            self.port = port
            self.transport = transport
            self.service = service
            self.app = app
            self.location = location
        }
    }

    /// A registry service and the compose service that implements it.
    public struct Service: Sendable, Hashable {
        /// The registry name (the container name).
        public var name: String
        public var app: String
        /// The key under the compose file's `services:`.
        public var composeKey: String
        /// Where the compose service is defined.
        public var location: SourceLocation?

        public init(name: String, app: String, composeKey: String, location: SourceLocation? = nil) {
            self.name = name
            self.app = app
            self.composeKey = composeKey
            self.location = location
        }
    }

    /// One compose project's share of a tier.
    public struct Project: Sendable, Hashable {
        /// The project name (`docker compose -p`).
        public var name: String
        /// Base file first, then the overlays, relative to the workspace root.
        public var files: [String]
        /// The tier's services of this project, in registry order.
        public var services: [Service]
        /// The compose profiles of those services, so Compose sees them when stopping too.
        public var profiles: [String]
        /// Whether the plan holds every service of the compose project (across all its tiers):
        /// then `down` may run `docker compose down` for it and remove its own networks.
        public var isWholeProject: Bool

        public init(name: String, files: [String], services: [Service], profiles: [String] = [], isWholeProject: Bool = false) {
            self.name = name
            self.files = files
            self.services = services
            self.profiles = profiles
            self.isWholeProject = isWholeProject
        }

        /// The compose keys of its services.
        public var composeKeys: [String] { services.map(\.composeKey) }
    }

    /// A startup tier.
    public struct Tier: Sendable, Hashable {
        /// `nil` for services whose type has no tier in `startup_order` (they start last).
        public var number: Int?
        public var name: String?
        public var projects: [Project]

        public init(number: Int?, name: String? = nil, projects: [Project]) {
            self.number = number
            self.name = name
            self.projects = projects
        }

        /// `tier 1 (Data stores)`, `untiered`.
        public var label: String {
            let head = number.map { "tier \($0)" } ?? "untiered"
            return name.map { "\(head) (\($0))" } ?? head
        }

        public var services: [Service] { projects.flatMap(\.services) }
    }

    public var networks: [Network]
    public var ports: [Port]
    public var tiers: [Tier]

    public init(networks: [Network] = [], ports: [Port] = [], tiers: [Tier] = []) {
        self.networks = networks
        self.ports = ports
        self.tiers = tiers
    }

    /// Every planned service, tier by tier.
    public var services: [Service] { tiers.flatMap(\.services) }

    /// The projects the plan covers whole, each once, in order of first appearance.
    public var wholeProjects: [Project] {
        var seen: Set<String> = []
        return tiers.flatMap(\.projects).filter { $0.isWholeProject && seen.insert($0.name).inserted }
    }
}

extension StartupPlan {
    /// The plan as JSON: `networks`, `ports`, `tiers` (each with its projects, files and
    /// services).
    public var json: JSONValue {
        .object([
            JSONMember("networks", .array(networks.map { network in
                .object([JSONMember("name", .string(network.name)), JSONMember("internal", .bool(network.internal))])
            })),
            JSONMember("ports", .array(ports.map { port in
                .object([
                    JSONMember("port", .int(port.port)), JSONMember("protocol", .string(port.transport.rawValue)),
                    JSONMember("service", .string(port.service)),
                ])
            })),
            JSONMember("tiers", .array(tiers.map { tier in
                .object([
                    JSONMember("tier", tier.number.map(JSONValue.int) ?? .null),
                    JSONMember("name", tier.name.map(JSONValue.string) ?? .null),
                    JSONMember("projects", .array(tier.projects.map { project in
                        .object([
                            JSONMember("project", .string(project.name)),
                            JSONMember("files", .array(project.files.map(JSONValue.string))),
                            JSONMember("services", .array(project.services.map { .string($0.name) })),
                        ])
                    })),
                ])
            })),
        ])
    }
}
