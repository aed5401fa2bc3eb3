/// PORT001: a host port claimed by two services.
public struct PortConflictRule: Rule {
    public static let description = RuleDescription(
        id: "PORT001", name: "port-conflict",
        summary: "A host port is claimed by two services (registry or compose files)",
        message: "Port {port} already allocated to {service}",
        rationale: """
            A host port can be bound by one container at a time: the second one to start fails with \
            "port is already allocated". The registry's `port_registry.allocated` says who owns each \
            port, so a compose file that publishes a port allocated to another service, a registry \
            service that lists another service's port, or two compose services publishing the same \
            port on overlapping host addresses (an unspecified address overlaps every specific one; \
            two different specific addresses do not) are reported. Give one of them a free port of \
            its app's range, allocate it in the registry, and publish that port instead.
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
                        4001: { service: synapse-web, app: synapse }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-api, type: api, ports: [4000], compose_file: apps/synapse/docker-compose.yml }
                          - { name: synapse-web, type: frontend, ports: [4001], compose_file: apps/synapse/docker-compose.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        image: synapse-api:dev
                        container_name: synapse-api
                        ports: ["4000:8000"]
                      web:
                        image: synapse-web:dev
                        container_name: synapse-web
                        ports: ["4001:3000"]
                    """,
            ]),
            // The same host port on two different specific addresses, or over tcp and udp, binds twice.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      nexus: { ports: 5000-5999 }
                    services:
                      nexus:
                        dev:
                          - { name: nexus-dns, type: other, compose_file: apps/nexus/docker-compose.yml }
                          - { name: nexus-dns-v2, type: other, compose_file: apps/nexus/docker-compose.yml }
                    """,
                "apps/nexus/docker-compose.yml": """
                    services:
                      nexus-dns:
                        image: coredns/coredns
                        ports: ["127.0.0.1:5053:53", "5054:53/udp"]
                      nexus-dns-v2:
                        image: coredns/coredns
                        ports: ["127.0.0.2:5053:53", "5054:53/tcp", "8053"]
                    """,
            ]),
        ],
        triggeringExamples: [
            // Two compose services, the later one is reported.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      nexus: { ports: 5000-5999 }
                      prism: { ports: 6000-6999 }
                    services:
                      nexus:
                        dev:
                          - { name: nexus-api, type: api, compose_file: apps/nexus/docker-compose.yml }
                      prism:
                        dev:
                          - { name: prism-api, type: api, compose_file: apps/prism/docker-compose.yml }
                    """,
                "apps/nexus/docker-compose.yml": """
                    services:
                      nexus-api:
                        image: nexus-api:dev
                        ports: ["127.0.0.1:5000:8000"]
                    """,
                "apps/prism/docker-compose.yml": """
                    services:
                      prism-api:
                        image: prism-api:dev
                        ports:
                          - 1️⃣5000:8000
                    """,
            ]),
            // A compose service publishing another service's port, and a registry service listing it.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    port_registry:
                      allocated:
                        4000: { service: synapse-api, app: synapse }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-api, type: api, ports: [4000], compose_file: apps/synapse/docker-compose.yml }
                          - { name: synapse-worker, type: worker, ports: [2️⃣4000], compose_file: apps/synapse/docker-compose.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        image: synapse-api:dev
                        container_name: synapse-api
                        ports: ["4000:8000"]
                      worker:
                        image: synapse-api:dev
                        container_name: synapse-worker
                        ports: [1️⃣"4000:9000"]
                    """,
            ]),
            // A proposed service taking a port the registry allocates to another service.
            RuleExample(
                [
                    ".dev/infra/registry.yml": """
                        version: 1
                        apps:
                          forge: { ports: 3000-3999 }
                          synapse: { ports: 4000-4999 }
                        port_registry:
                          allocated:
                            3000: { service: forge-grafana, app: forge }
                        services:
                          forge:
                            dev:
                              - { name: forge-grafana, type: monitoring, ports: [3000], compose_file: forge/docker-compose.yml }
                        """,
                    "forge/docker-compose.yml": """
                        services:
                          grafana:
                            image: grafana/grafana:11.0.0
                            container_name: forge-grafana
                            ports: ["3000:3000"]
                        """,
                    "apps/synapse/new.yml": """
                        services:
                          synapse-dashboard:
                            image: grafana/grafana:11.0.0
                            ports:
                              - 1️⃣"3000:3000"
                        """,
                ],
                proposed: ["apps/synapse/new.yml"]),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var reported = Set<String>()
        func report(_ port: Int, owner: String, at location: SourceLocation, service: String, app: String?, evidence: [String], fix: Fix?) {
            guard reported.insert("\(location.description)|\(port)").inserted else { return }
            findings.append(Self.description.finding(
                "Port \(port) already allocated to \(owner)", at: location, service: service, port: port, app: app,
                evidence: evidence, fix: fix))
        }
        let index = context.portIndex

        // A registry service listing a port allocated to another service (a proposed service's
        // ports are its compose publications, checked below).
        for service in context.registeredServices {
            for entry in service.ports {
                guard let allocation = index.registered[entry.value], allocation.service != service.name else { continue }
                let free = context.registry.app(named: service.app).flatMap(index.firstFreePort(of:))
                report(
                    entry.value, owner: allocation.service, at: entry.location, service: service.name, app: service.app,
                    evidence: [Self.allocationEvidence(allocation)],
                    fix: Fix(
                        file: entry.location.file, line: entry.location.line, replace: free.map { context.portFix(at: entry.location, $0) },
                        explanation: free.map { "Use port \($0), free in the range of app \(service.app), and allocate it to \(service.name)." }
                            ?? "Remove port \(entry.value) from the ports of \(service.name)."))
            }
        }

        // A compose service publishing a port the registry allocates to another service.
        for publication in index.publications {
            guard let allocation = index.registered[publication.port], allocation.service != publication.owner else { continue }
            report(
                publication.port, owner: allocation.service, at: publication.location, service: publication.owner,
                app: context.app(of: publication.service, in: publication.project)?.name,
                evidence: [Self.allocationEvidence(allocation), Self.publicationEvidence(publication)],
                fix: fix(moving: publication, context, index))
        }

        // Two compose services publishing a port the registry does not allocate.
        let unallocated = index.publications.filter { index.registered[$0.port] == nil }
        let byPort = Dictionary(grouping: unallocated, by: \.port)
        for (_, claims) in byPort.sorted(by: { $0.key < $1.key }) where claims.count > 1 {
            let ordered = claims.sorted { Self.precedes($0.location, $1.location) }
            for (position, later) in ordered.enumerated() {
                let earlier = ordered[..<position].first { earlier in
                    earlier.owner != later.owner && earlier.entry.protocol == later.entry.protocol
                        && earlier.entry.hostIPOverlaps(later.entry)
                }
                guard let earlier else { continue }
                // A proposed service is the newcomer, whatever the file order.
                let (claimant, loser) = earlier.isProposed && !later.isProposed ? (later, earlier) : (earlier, later)
                report(
                    loser.port, owner: claimant.owner, at: loser.location, service: loser.owner,
                    app: context.app(of: loser.service, in: loser.project)?.name,
                    evidence: [Self.publicationEvidence(claimant), Self.publicationEvidence(loser)],
                    fix: fix(moving: loser, context, index))
            }
        }
        return findings
    }

    /// Moving a compose publication to a free port of its app.
    private func fix(moving publication: PortPublication, _ context: ValidationContext, _ index: PortIndex) -> Fix {
        let app = context.app(of: publication.service, in: publication.project)
        guard let app else {
            return Fix(
                file: publication.location.file, line: publication.location.line,
                explanation: RuleText.unknownApp(publication.owner, in: publication.project))
        }
        guard let free = index.firstFreePort(of: app) else {
            return Fix(
                file: publication.location.file, line: publication.location.line,
                explanation: "The range \(app.ports.lowerBound)-\(app.ports.upperBound) of app \(app.name) is full; free a port there for \(publication.owner).")
        }
        return Fix(
            file: publication.location.file, line: publication.location.line,
            replace: context.portFix(publication.entry, publishing: free),
            explanation: "Publish port \(free), free in the range of app \(app.name), and allocate it to \(publication.owner) in the registry.")
    }

    static func allocationEvidence(_ allocation: Registry.PortAllocation) -> String {
        "\(allocation.location): port_registry.allocated.\(allocation.port) belongs to \(allocation.service)"
    }

    static func publicationEvidence(_ publication: PortPublication) -> String {
        "\(publication.location): \(publication.owner) publishes \(publication.entry.raw)"
    }

    static func precedes(_ a: SourceLocation, _ b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}
