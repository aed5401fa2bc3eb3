/// SWM010: a service that must see its clients or stay on one node publishes through the
/// routing mesh.
public struct SwarmIngressPortRule: Rule {
    public static let description = RuleDescription(
        id: "SWM010", name: "swarm-ingress-port",
        summary: "A proxy or data store on a swarm publishes its port in ingress mode",
        message: "{service} publishes {port} in ingress mode: every node takes it, and the routing mesh hides the client's address",
        rationale: """
            On a swarm a port published in ingress mode (the default, and the only mode of the \
            short syntax) is taken on every node of the cluster and reaches the service through \
            the routing mesh, which rewrites the client's address: the registry's ports are \
            cluster-wide, and a reverse proxy no longer sees who is calling (access logs, IP \
            allow-lists and rate limits all see the mesh). A data store keeps its data on one \
            node's volume, so it must run there, and its port should be there only. Publish \
            such a service `mode: host` (the long syntax) and pin it with \
            `deploy.placement.constraints`, so the port is open on that node alone and two of \
            its tasks never meet on one node.
            """,
        severity: .warning, category: .ports, scope: .swarm,
        nonTriggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api))),
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-api:
                    image: axiom/nexus-api:1.4.0
                    ports:
                      - { target: 8000, published: 5000, mode: host }
                    deploy:
                      placement: { constraints: [node.labels.edge == true] }
                """), registry: SwarmExamples.registry.replacingOccurrences(of: "type: api", with: "type: proxy"))),
        ],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-api:
                    image: axiom/nexus-api:1.4.0
                    ports: [1️⃣"5000:8000"]
                """), registry: SwarmExamples.registry.replacingOccurrences(of: "type: api", with: "type: proxy"))),
        ])

    /// The types that see clients (proxy) or hold a node's data (database, cache, search).
    static let pinnedTypes: Set<ServiceType> = [.proxy, .database, .cache, .search]

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        context.entries.flatMap { entry -> [Finding] in
            guard let registered = entry.registered, Self.pinnedTypes.contains(registered.type) else { return [] }
            return entry.service.ports.filter { $0.published != nil && $0.mode != "host" }.map { port in
                let published = port.published.map(ExposedDataStoreRule.text) ?? ""
                // A block list item is rewritten in place; a flow list is left to the explanation.
                let line = context.sourceLine(at: port.location) ?? ""
                let item = line.trimmingCharacters(in: .whitespaces).hasPrefix("- ")
                let indent = String(line.prefix { $0 == " " })
                let why = registered.type == .proxy ? "it is the platform's entry point and must see its clients' addresses" : "its data lives on one node"
                return Self.description.finding(
                    "\(registered.name) publishes \(published) in ingress mode: every node takes it, and the routing mesh hides the client's address",
                    at: port.location, service: registered.name, port: port.published?.lowerBound, app: registered.app,
                    evidence: ["\(registered.name) is a \(registered.type.rawValue): \(why); \(port.raw) is published through the routing mesh"],
                    fix: Fix(
                        file: port.location.file, line: port.location.line,
                        replace: !item ? nil : indent + "- { target: \(ExposedDataStoreRule.text(port.target)), published: \(published), protocol: \(port.protocol), mode: host }",
                        explanation: "Publish it in host mode (long syntax), and pin the service to the node that should answer with deploy.placement.constraints (e.g. `node.labels.\(registered.type == .proxy ? "edge" : "data") == true`)."))
            }
        }
    }
}
