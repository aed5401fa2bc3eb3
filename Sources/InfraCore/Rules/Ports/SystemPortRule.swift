/// PORT003: a port below 1024 used by a service not in `system_port_services`.
public struct SystemPortRule: Rule {
    public static let description = RuleDescription(
        id: "PORT003", name: "system-port",
        summary: "A port < 1024 published by a service not in `system_port_services`",
        message: "Port {port} is a system port",
        rationale: """
            Ports below 1024 are privileged: binding them needs root or extra capabilities on many \
            hosts, and they are where the entry points of the platform live (the reverse proxy on \
            80 and 443). Only the services listed in `port_registry.system_port_services` may use \
            them; every other service takes a port of its app's range and is reached through the \
            proxy. Both registry allocations and compose ports without an allocation are checked.
            """,
        severity: .error, category: .ports,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                    port_registry:
                      system_port_services: [traefik]
                      allocated:
                        443: { service: traefik, app: forge, range_exception: "HTTPS entry point" }
                    services:
                      forge:
                        dev:
                          - { name: traefik, type: proxy, ports: [443], compose_file: forge/docker-compose.traefik.yml }
                    """,
                "forge/docker-compose.traefik.yml": """
                    services:
                      traefik:
                        image: traefik:v3.1
                        ports: ["443:443", "80:80", "127.0.0.1:3080:8080"]
                    """,
            ]),
            // A container port below 1024 behind a high host port is fine.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-web, type: frontend, compose_file: apps/synapse/docker-compose.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      synapse-web:
                        image: nginx:1.27
                        ports: ["4080:80", "443"]
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    port_registry:
                      system_port_services: [traefik]
                      allocated:
                        1️⃣80: { service: synapse-web, app: synapse, range_exception: "legacy" }
                    services:
                      synapse:
                        dev:
                          - { name: synapse-web, type: frontend, ports: [80], compose_file: apps/synapse/docker-compose.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      web:
                        image: nginx:1.27
                        container_name: synapse-web
                        ports:
                          - "80:80"
                          - 2️⃣"127.0.0.1:443:443"
                    """,
            ]),
            // A proposed service binding a system port.
            RuleExample(
                [
                    ".dev/infra/registry.yml": """
                        version: 1
                        apps:
                          prism: { ports: 6000-6999 }
                        """,
                    "apps/prism/docker-compose.yml": """
                        services:
                          prism-proxy:
                            image: caddy:2
                            ports: ["6000:8080", 1️⃣"8:80"]
                        """,
                ],
                proposed: ["apps/prism/docker-compose.yml"]),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let allowed = Set(context.registry.systemPortServices)
        let index = context.portIndex
        var findings: [Finding] = []
        var reported = Set<String>()
        for allocation in context.registry.allocations where allocation.port < 1024 && !allowed.contains(allocation.service) {
            guard reported.insert("\(allocation.service)|\(allocation.port)").inserted else { continue }
            let app = context.registry.app(named: allocation.app)
            let free = app.flatMap(index.firstFreePort(of:))
            let inRegistry = allocation.origin.isRegistered
            let entry = index.publications.first { $0.location == allocation.location }?.entry
            findings.append(finding(
                allocation.port, at: allocation.location, service: allocation.service, app: allocation.app, context,
                fix: Fix(
                    file: allocation.location.file, line: allocation.location.line,
                    replace: free.flatMap { port in inRegistry ? context.portFix(at: allocation.location, port) : entry.flatMap { context.portFix($0, publishing: port) } },
                    explanation: free.map { "Use port \($0), free in the range of app \(allocation.app), and route to \(allocation.service) through the proxy." }
                        ?? "Use a port of the app's range and route to \(allocation.service) through the proxy.")))
        }
        for publication in index.publications where publication.port < 1024 {
            guard !allowed.contains(publication.owner), !allowed.contains(publication.service.name) else { continue }
            guard !(index.allocations[publication.port] ?? []).contains(where: { $0.service == publication.owner }) else { continue }
            guard reported.insert("\(publication.owner)|\(publication.port)").inserted else { continue }
            let app = context.app(of: publication.service, in: publication.project)
            let free = app.flatMap(index.firstFreePort(of:))
            findings.append(finding(
                publication.port, at: publication.location, service: publication.owner, app: app?.name, context,
                fix: Fix(
                    file: publication.location.file, line: publication.location.line,
                    replace: free.flatMap { context.portFix(publication.entry, publishing: $0) },
                    explanation: free.map { "Publish port \($0), free in the range of app \(app?.name ?? ""), and allocate it to \(publication.owner)." }
                        ?? "Publish a port of the app's range instead and route through the proxy.")))
        }
        return findings
    }

    private func finding(_ port: Int, at location: SourceLocation, service: String, app: String?, _ context: ValidationContext, fix: Fix) -> Finding {
        let allowed = context.registry.systemPortServices
        let who = allowed.isEmpty ? "No service" : "Only \(allowed.joined(separator: ", "))"
        return Self.description.finding(
            "Port \(port) is a system port. \(who) may use ports below 1024 (port_registry.system_port_services).",
            at: location, service: service, port: port, app: app, fix: fix)
    }
}
