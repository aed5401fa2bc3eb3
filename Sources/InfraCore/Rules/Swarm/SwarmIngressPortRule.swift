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

/// SWM011: a secret in a swarm service's environment.
public struct SwarmSecretRule: Rule {
    public static let description = RuleDescription(
        id: "SWM011", name: "swarm-environment-secret",
        summary: "A service on a swarm passes a secret through its environment instead of `secrets:`",
        message: "{service} passes {variable} in its environment: use a swarm secret",
        rationale: """
            On a swarm the service's environment is part of its spec: every manager stores it in \
            the Raft log and `docker service inspect` shows it to anyone who can reach the \
            engine, whether it was written in the file or interpolated from `.env`. Swarm \
            secrets are encrypted at rest and in transit and reach only the service's tasks, as \
            a file under `/run/secrets/`. Declare the secret at the top level (`secrets: \
            { db_password: { external: true } }`, created with `docker secret create`), give it \
            to the service (`secrets: [db_password]`) and point the program at the file (the \
            official images read `POSTGRES_PASSWORD_FILE` and the like).
            """,
        severity: .warning, category: .security, scope: .swarm,
        nonTriggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-api:
                    image: axiom/nexus-api:1.4.0
                    environment:
                      DB_PASSWORD_FILE: /run/secrets/db_password
                      LOG_LEVEL: info
                    secrets: [db_password]
                """) + "\nsecrets:\n  db_password:\n    external: true\n")),
        ],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-api:
                    image: axiom/nexus-api:1.4.0
                    environment:
                      1️⃣DB_PASSWORD: ${DB_PASSWORD}
                      2️⃣API_TOKEN: hunter2
                """), more: ["apps/nexus/.env": "DB_PASSWORD=s3cret\n"])),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        context.entries.flatMap { entry -> [Finding] in
            let name = entry.registered?.name ?? ValidationContext.platformName(of: entry.service)
            return entry.service.environment.filter { variable in
                guard SecretMasker.isSecretVariable(variable.name), let value = variable.value, !value.isEmpty else { return false }
                return !value.hasPrefix("/run/secrets/")
            }.map { variable in
                let secret = variable.name.lowercased()
                return Self.description.finding(
                    "\(name) passes \(variable.name) in its environment: use a swarm secret",
                    at: variable.location, service: name, app: entry.registered?.app,
                    evidence: ["\(variable.name) is in the service spec (`docker service inspect` shows it)"],
                    fix: Fix(
                        file: variable.location.file, line: variable.location.line,
                        replace: RuleText.indent(of: variable.location) + "\(variable.name)_FILE: /run/secrets/\(secret)",
                        explanation: "Create the secret once (`printf %s \"$\(variable.name)\" | docker secret create \(secret) -`), declare it at the top level (`secrets: { \(secret): { external: true } }`), give it to the service (`secrets: [\(secret)]`), and read the file its _FILE variable names."))
            }
        }
    }
}
