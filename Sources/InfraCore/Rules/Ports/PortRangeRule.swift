import Foundation

/// PORT002: a port outside its app's range without a `range_exception`; the system ports of the
/// services in `system_port_services` are exempt.
public struct PortRangeRule: Rule {
    public static let description = RuleDescription(
        id: "PORT002", name: "port-range",
        summary: "A port outside its app's range without `range_exception`",
        message: "Port {port} for app {app} must be in range {start}-{end}",
        rationale: """
            Each app owns a block of host ports (`apps.<app>.ports`), so anyone can tell from a port \
            which app it belongs to and new ports never collide across teams. An allocation outside \
            its app's block, or a registry service listing such a port, is an error unless the \
            allocation explains itself with a non-empty `range_exception` (for example a port fixed \
            before the range plan). Move the port into the range, or write down why it cannot move. \
            System ports are the platform's own exception ("System ports (80, 443) for Traefik/nginx \
            only"): a port below 1024 allocated to a service listed in \
            `port_registry.system_port_services` needs no `range_exception` (PORT003 keeps every other \
            service off those ports).
            """,
        severity: .error, category: .ports,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                      synapse: { ports: 4000-4999 }
                    port_registry:
                      allocated:
                        3100: { service: forge-loki, app: forge }
                        4999: { service: synapse-api, app: synapse }
                        5433:
                          service: forge-postgres
                          app: forge
                          range_exception: "Published before the range plan; local tools use 5433"
                    services:
                      forge:
                        dev:
                          - { name: forge-postgres, type: database, ports: [5433], compose_file: forge/docker-compose.yml }
                    """,
            ]),
            // The reverse proxy's system ports need no exception, written with one or without.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                    port_registry:
                      system_port_services: [traefik]
                      allocated:
                        80: { service: traefik, app: forge, type: proxy }
                        443:
                          service: traefik
                          app: forge
                          range_exception: "System port: the platform's HTTPS entry point"
                    services:
                      forge:
                        dev:
                          - { name: traefik, type: proxy, ports: [80, 443], compose_file: forge/docker-compose.yml }
                    """,
            ]),
            // A service listing a port allocated to it with an exception is judged by the allocation.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      nexus: { ports: 5000-5999 }
                    port_registry:
                      allocated:
                        8080: { service: nexus-api, app: nexus, range_exception: "Partner callbacks are configured for 8080" }
                    services:
                      nexus:
                        dev:
                          - { name: nexus-api, type: api, ports: [8080], compose_file: apps/nexus/docker-compose.yml }
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                      prism: { ports: 6000-6999 }
                    port_registry:
                      allocated:
                        1️⃣5433:
                          service: forge-postgres
                          app: forge
                          range_exception: "  "
                        2️⃣7000: { service: prism-api, app: prism }
                    """,
            ]),
            // Only the services of `system_port_services` are exempt on system ports.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                    port_registry:
                      system_port_services: [traefik]
                      allocated:
                        443: { service: traefik, app: forge }
                        1️⃣8443: { service: traefik, app: forge }
                        2️⃣80: { service: forge-nginx, app: forge }
                    """,
            ]),
            // A registry service listing a port that has no allocation.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      atlas: { ports: 7000-7999 }
                    services:
                      atlas:
                        dev:
                          - name: atlas-api
                            type: api
                            ports: [7000, 1️⃣8000]
                            compose_file: apps/atlas/docker-compose.yml
                    """,
            ]),
            // A proposed service publishing a port outside the range of the app whose folder it is in.
            RuleExample(
                [
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
                        """,
                    "apps/synapse/docker-compose.yml": """
                        services:
                          api:
                            image: synapse-api:dev
                            container_name: synapse-api
                            ports: ["4000:8000"]
                        """,
                    "apps/synapse/search.yml": """
                        services:
                          synapse-search:
                            image: getmeili/meilisearch:v1.8
                            ports: [1️⃣"7700:7700"]
                        """,
                ],
                proposed: ["apps/synapse/search.yml"]),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let index = context.portIndex
        var findings: [Finding] = []
        for allocation in context.registry.allocations where !isSystemPort(allocation.port, of: allocation.service, context) {
            guard let app = context.registry.app(named: allocation.app), !app.ports.contains(allocation.port) else { continue }
            if let reason = allocation.rangeException, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            findings.append(finding(
                port: allocation.port, app: app, at: allocation.location, service: allocation.service,
                fix: fix(allocation, app: app, context, index)))
        }
        for service in context.registry.services {
            guard let app = context.registry.app(named: service.app) else { continue }
            for entry in service.ports
            where !app.ports.contains(entry.value) && index.allocations[entry.value] == nil && !isSystemPort(entry.value, of: service.name, context) {
                let free = index.firstFreePort(of: app)
                findings.append(finding(
                    port: entry.value, app: app, at: entry.location, service: service.name,
                    fix: Fix(
                        file: entry.location.file, line: entry.location.line, replace: free.map { context.portFix(at: entry.location, $0) },
                        explanation: free.map { "Use port \($0), free in the range of app \(app.name), and allocate it to \(service.name)." }
                            ?? "Allocate a port of the range \(app.ports.lowerBound)-\(app.ports.upperBound) to \(service.name).")))
            }
        }
        return findings
    }

    /// A port below 1024 of a service that `system_port_services` lets use system ports.
    private func isSystemPort(_ port: Int, of service: String, _ context: ValidationContext) -> Bool {
        port < 1024 && context.registry.systemPortServices.contains(service)
    }

    private func finding(port: Int, app: Registry.App, at location: SourceLocation, service: String, fix: Fix) -> Finding {
        Self.description.finding(
            "Port \(port) for app \(app.name) must be in range \(app.ports.lowerBound)-\(app.ports.upperBound)",
            at: location, service: service, port: port, app: app.name, fix: fix)
    }

    private func fix(_ allocation: Registry.PortAllocation, app: Registry.App, _ context: ValidationContext, _ index: PortIndex) -> Fix {
        let exception = "Add `range_exception: <why this port cannot move>` to the allocation if it must stay."
        guard let free = index.firstFreePort(of: app) else {
            return Fix(file: allocation.location.file, line: allocation.location.line, explanation: "The range of app \(app.name) is full. \(exception)")
        }
        if allocation.origin.isRegistered {
            return Fix(
                file: allocation.location.file, line: allocation.location.line, replace: context.portFix(at: allocation.location, free),
                explanation: "Move the allocation to port \(free), free in the range of app \(app.name), and publish that port in the compose file. \(exception)")
        }
        // A proposed service: the port entry is in its compose file.
        return Fix(
            file: allocation.location.file, line: allocation.location.line,
            replace: index.publications.first { $0.location == allocation.location }.map { context.portFix($0.entry, publishing: free) } ?? nil,
            explanation: "Publish port \(free), free in the range of app \(app.name), instead.")
    }
}
