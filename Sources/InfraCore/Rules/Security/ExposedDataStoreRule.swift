/// SEC002: databases and caches are published on the loopback interface only.
public struct ExposedDataStoreRule: Rule {
    public static let description = RuleDescription(
        id: "SEC002", name: "exposed-data-store",
        summary: "A database or cache must publish its host port on 127.0.0.1, not on every interface",
        message: "{service} publishes {port} on all interfaces; bind 127.0.0.1",
        rationale: """
            `ports: ["5433:5432"]` binds the host port on every interface (0.0.0.0 and ::), so \
            anyone on the same network (a café's Wi-Fi, the office LAN) can reach the database \
            with its development password, and Docker's own firewall rules bypass a host \
            firewall such as ufw. Containers never need the published port: they reach the \
            database over the Docker network. Bind the port to the loopback interface \
            (`"127.0.0.1:5433:5432"`, or `host_ip: 127.0.0.1` in the long syntax) so only tools on \
            this machine reach it. The rule applies to services whose registry type is database \
            or cache; for services the registry does not know, to images that look like one \
            (postgres, mysql, mariadb, mongo, redis, valkey, memcached). A port without a host \
            port (`"5432"`) is published on a random host port on every interface and is \
            reported too.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0005", "CIS 5.13"],
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": """
                    services:
                      forge-postgres:
                        image: postgres:16-alpine
                        ports:
                          - "127.0.0.1:5433:5432"
                      forge-redis:
                        image: redis:7-alpine
                        ports:
                          - target: 6379
                            published: "3379"
                            host_ip: 127.0.0.1
                      forge-loki:
                        image: grafana/loki:3.1.0
                        ports: ["3100:3100"]
                    """,
            ]),
            // An unregistered service whose image is no data store, and a data store that
            // publishes nothing.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": """
                    services:
                      forge-postgres:
                        image: postgres:16-alpine
                        expose: ["5432"]
                      adminer:
                        image: adminer:4
                        ports: ["3081:8080"]
                    """,
            ]),
        ],
        triggeringExamples: [
            // On a swarm `host_ip` is not honoured: the port is open on every node.
            RuleExample([
                ".dev/infra/registry.yml": registry.replacingOccurrences(of: "version: 1\n", with: "version: 1\norchestrator: swarm\n"),
                "forge/docker-compose.yml": """
                    services:
                      forge-postgres:
                        image: postgres:16-alpine
                        ports: [1️⃣"127.0.0.1:5433:5432"]
                    """,
            ]),
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": """
                    services:
                      forge-postgres:
                        image: postgres:16-alpine
                        ports:
                          - 1️⃣"5433:5432"
                      forge-redis:
                        image: redis:7-alpine
                        ports:
                          - 2️⃣target: 6379
                            published: "3379"
                            host_ip: 0.0.0.0
                    """,
            ]),
            // Not in the registry, but its image is a database; `::` is every interface too.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": """
                    services:
                      forge-postgres:
                        image: postgres:16-alpine
                        ports: ["127.0.0.1:5433:5432"]
                      legacy-mysql:
                        image: mysql:8.4
                        ports: [1️⃣"3306", 2️⃣"[::]:3307:3306"]
                    """,
            ]),
        ])

    private static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
              - { name: forge-redis, type: cache, compose_file: forge/docker-compose.yml }
              - { name: forge-loki, type: logging, compose_file: forge/docker-compose.yml }
        """

    /// The types whose ports must stay on the loopback interface.
    static let dataStores: Set<ServiceType> = [.database, .cache]

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<SourceLocation> = []
        for entry in context.entries {
            let type = entry.registered?.type ?? ProposedChange.guessType(entry.service)
            guard Self.dataStores.contains(type) else { continue }
            let service = entry.registered?.name ?? ValidationContext.platformName(of: entry.service)
            // On a swarm every published port is on every interface of every node, whatever its host_ip.
            let swarm = context.target == .swarm
            for port in entry.service.ports where (swarm ? port.published != nil : port.bindsAllInterfaces) && seen.insert(port.location).inserted {
                findings.append(swarm
                    ? swarmFinding(port, of: service, type: type, app: entry.registered?.app)
                    : finding(port, of: service, type: type, app: entry.registered?.app, context))
            }
        }
        return findings
    }

    private func finding(_ port: ComposePort, of service: String, type: ServiceType, app: String?, _ context: ValidationContext) -> Finding {
        let target = Self.text(port.target)
        let suffix = port.protocol == "tcp" ? "" : "/\(port.protocol)"
        let published = port.published.map(Self.text)
        var message = "\(service) publishes \(published ?? target) on all interfaces; bind 127.0.0.1."
        if published == nil { message += " Without a host port Docker picks a random one for \(target)." }
        let binding = port.hostIP.map { $0.isEmpty ? "no host IP" : "host IP \($0)" } ?? "no host IP"
        return Self.description.finding(
            message, at: port.location, service: service, port: port.published?.lowerBound, app: app,
            evidence: ["\(service) is a \(type.rawValue); its port entry \(port.raw) has \(binding)."],
            fix: Fix(
                file: port.location.file, line: port.location.line,
                replace: loopback(port, published: published, target: target, suffix: suffix, context),
                explanation: "Publish the port on the loopback interface only (`host_ip: 127.0.0.1` in the long syntax); containers reach \(service) over the Docker network."))
    }

    /// On a swarm `docker stack deploy` ignores `host_ip`: no loopback binding to offer.
    private func swarmFinding(_ port: ComposePort, of service: String, type: ServiceType, app: String?) -> Finding {
        let published = port.published.map(Self.text) ?? Self.text(port.target)
        return Self.description.finding(
            "\(service) publishes \(published) on all interfaces; on a swarm host_ip is not honoured, so it cannot be bound to 127.0.0.1.",
            at: port.location, service: service, port: port.published?.lowerBound, app: app,
            evidence: ["\(service) is a \(type.rawValue); its port entry \(port.raw) is published on every node (ingress) or on its task's node (host mode), on all interfaces."],
            fix: Fix(
                file: port.location.file, line: port.location.line,
                explanation: "Do not publish it: the platform's services reach \(service) over the overlay network. If a client on a host needs it, publish it `mode: host` with a placement constraint (`deploy.placement.constraints`) and a firewall rule on that node, or keep it on an `internal: true` network only."))
    }

    /// The port entry's line as it reads when bound to 127.0.0.1 (the short syntax rewritten in
    /// place, keeping its quotes; the long syntax gets a `host_ip` line under its first key).
    private func loopback(_ port: ComposePort, published: String?, target: String, suffix: String, _ context: ValidationContext) -> String {
        let short = "127.0.0.1:\(published ?? ""):\(target)\(suffix)"
        if let line = context.sourceLine(at: port.location),
            let replaced = SourceLine.replacingScalar(in: line, at: port.location.column, with: short, expecting: port.raw)
        {
            return replaced
        }
        if let line = context.sourceLine(at: port.location), line.contains("target:") || line.contains("published:") {
            // The long syntax: its `host_ip` rewritten, or one added (inside the braces of a flow entry).
            if let hostIP = context.longSyntaxValue(of: port, key: "host_ip"),
                let rewritten = SourceLine.replacingScalar(in: hostIP.line, at: hostIP.column, with: "127.0.0.1", flow: hostIP.line.contains("{"))
            {
                return rewritten
            }
            if let brace = line.firstIndex(of: "{") {
                return String(line[...brace]) + " host_ip: 127.0.0.1," + line[line.index(after: brace)...]
            }
            let indent = String(repeating: " ", count: max(0, port.location.column - 1))
            return "\(line)\n\(indent)host_ip: 127.0.0.1"
        }
        return "\"\(short)\""
    }

    /// `5433`, or `5433-5434` for a range.
    static func text(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
    }
}
