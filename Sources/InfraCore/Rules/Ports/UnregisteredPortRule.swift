/// PORT004: a compose file publishes a host port the registry does not allocate.
public struct UnregisteredPortRule: Rule {
    public static let description = RuleDescription(
        id: "PORT004", name: "unregistered-port",
        summary: "A compose file publishes a host port that the registry does not allocate to that service",
        message: "Port {port} published by {service} is not in the registry",
        rationale: """
            The registry is the one place that says which host ports are taken. A port published in \
            a compose file but never allocated is invisible to everyone choosing the next free port, \
            and sooner or later someone else takes it. Allocate it under `port_registry.allocated` \
            (in the app's range) or stop publishing it. Ports without a host side (Docker picks a free \
            one) are not checked; a port allocated to another service is PORT001.
            """,
        severity: .error, category: .ports,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    port_registry:
                      allocated:
                        4000: { service: synapse-api, app: synapse }
                        4001: { service: synapse-api, app: synapse }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-api, type: api, ports: [4000, 4001], compose_file: apps/synapse/docker-compose.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        image: synapse-api:dev
                        container_name: synapse-api
                        ports:
                          - "127.0.0.1:4000-4001:8000-8001"
                          - "9229"
                          - target: 9230
                    """,
            ]),
            // A proposed service's ports are the ones it asks for.
            RuleExample(
                [
                    ".dev/infra/registry.yml": """
                        version: 1
                        apps:
                          atlas: { ports: 7000-7999 }
                        """,
                    "apps/atlas/docker-compose.yml": """
                        services:
                          atlas-api:
                            image: atlas-api:dev
                            ports: ["7000:8000"]
                        """,
                ],
                proposed: ["apps/atlas/docker-compose.yml"]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    port_registry:
                      allocated:
                        4000: { service: synapse-api, app: synapse, internal_port: 8000 }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-api, type: api, ports: [4000], compose_file: apps/synapse/docker-compose.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        image: synapse-api:dev
                        container_name: synapse-api
                        ports:
                          - "4000:8000"
                          - 1️⃣"127.0.0.1:4229:9229"
                    """,
            ]),
            // Every port of a range, and a service the registry does not know.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      nexus: { ports: 5000-5999 }
                    port_registry:
                      allocated:
                        5000: { service: nexus-api, app: nexus }
                    services:
                      nexus:
                        dev:
                          - { name: nexus-api, type: api, ports: [5000], compose_file: apps/nexus/docker-compose.yml }
                    """,
                "apps/nexus/docker-compose.yml": """
                    services:
                      nexus-api:
                        image: nexus-api:dev
                        ports: ["5000:8000"]
                      nexus-ftp:
                        image: delfer/alpine-ftp-server
                        ports: [1️⃣2️⃣"5021-5022:21-22"]
                    """,
            ]),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let index = context.portIndex
        return index.publications.compactMap { publication in
            let claims = index.allocations[publication.port] ?? []
            // Allocated to this service (even as a proposal), or to another one (PORT001).
            if claims.contains(where: { $0.service == publication.owner || $0.origin.isRegistered }) { return nil }
            let app = context.app(of: publication.service, in: publication.project)
            return Self.description.finding(
                "Port \(publication.port) published by \(publication.owner) is not in the registry",
                at: publication.location, service: publication.owner, port: publication.port, app: app?.name,
                evidence: ["\(publication.location): \(publication.entry.raw)"],
                fix: fix(publication, app: app, context))
        }
    }

    /// The allocation to add to the registry.
    private func fix(_ publication: PortPublication, app: Registry.App?, _ context: ValidationContext) -> Fix {
        let registered = context.registryService(for: publication.service, in: publication.project)
        let allocated = context.registry.allocations.filter(\.origin.isRegistered)
        let indent = allocated.first.map { RuleText.indent(of: $0.location) } ?? "    "
        var lines = ["\(publication.port):", "  service: \(publication.owner)"]
        if let app { lines.append("  app: \(app.name)") }
        if let type = registered?.type { lines.append("  type: \(type.rawValue)") }
        let target = publication.entry.target.lowerBound + (publication.port - (publication.entry.published?.lowerBound ?? publication.port))
        lines.append("  internal_port: \(target)")
        lines.append("  protocol: \(publication.entry.protocol == "udp" ? "udp" : "tcp")")
        if let app, !app.ports.contains(publication.port) { lines.append("  range_exception: \"<why it is outside \(app.ports.lowerBound)-\(app.ports.upperBound)>\"") }
        let yaml = lines.map { indent + $0 }.joined(separator: "\n")
        let next = allocated.filter { $0.port > publication.port }.min { $0.port < $1.port }
        var explanation = next.map { "Allocate port \(publication.port) to \(publication.owner): insert this before port \($0.port) under port_registry.allocated, or stop publishing it." }
            ?? "Allocate port \(publication.port) to \(publication.owner) under port_registry.allocated, or stop publishing it."
        if app == nil { explanation += " " + RuleText.unknownApp(publication.owner, in: publication.project) }
        return Fix(file: context.registry.file, line: next?.location.line, replace: yaml, explanation: explanation)
    }
}
