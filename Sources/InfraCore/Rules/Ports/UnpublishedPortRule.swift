/// PORT005: the registry allocates a port that the owning service does not publish.
public struct UnpublishedPortRule: Rule {
    public static let description = RuleDescription(
        id: "PORT005", name: "unpublished-port",
        summary: "The registry allocates a port that no compose file publishes",
        message: "Port {port} allocated to {service} is not published by {compose_file}",
        rationale: """
            An allocation whose service does not publish the port is either stale (the service \
            moved or stopped exposing it) or a compose file that forgot a `ports` entry, so the \
            service cannot be reached where the registry says. Publish the port from the owning \
            service's compose definition, or remove the allocation to give the port back.
            """,
        severity: .warning, category: .ports,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                    port_registry:
                      allocated:
                        3000: { service: forge-grafana, app: forge }
                        3100: { service: forge-loki, app: forge }
                        3101: { service: forge-loki, app: forge }
                    services:
                      forge:
                        dev:
                          - { name: forge-grafana, type: monitoring, ports: [3000], compose_file: forge/docker-compose.yml, compose_overlays: [forge/docker-compose.ports.yml] }
                          - { name: forge-loki, type: logging, ports: [3100, 3101], compose_file: forge/docker-compose.yml }
                    """,
                "forge/docker-compose.yml": """
                    services:
                      grafana:
                        image: grafana/grafana:11.0.0
                        container_name: forge-grafana
                      loki:
                        image: grafana/loki:3.0.0
                        container_name: forge-loki
                        ports: ["3100-3101:3100-3101"]
                    """,
                "forge/docker-compose.ports.yml": """
                    services:
                      grafana:
                        ports: ["127.0.0.1:3000:3000"]
                    """,
            ]),
            // A service without a compose definition is REG001's concern.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      prism: { ports: 6000-6999 }
                    port_registry:
                      allocated:
                        6000: { service: prism-api, app: prism }
                    services:
                      prism:
                        dev:
                          - { name: prism-api, type: api, ports: [6000], compose_file: apps/prism/docker-compose.yml }
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                    port_registry:
                      allocated:
                        3000: { service: forge-grafana, app: forge }
                        1️⃣3001: { service: forge-grafana, app: forge }
                    services:
                      forge:
                        dev:
                          - { name: forge-grafana, type: monitoring, ports: [3000, 3001], compose_file: forge/docker-compose.yml }
                    """,
                "forge/docker-compose.yml": """
                    services:
                      grafana:
                        image: grafana/grafana:11.0.0
                        container_name: forge-grafana
                        ports: ["3000:3000", "3001"]
                    """,
            ]),
            // An allocation to a service the registry's services do not list.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      atlas: { ports: 7000-7999 }
                    port_registry:
                      allocated:
                        1️⃣7001: { service: atlas-old-api, app: atlas }
                    """,
            ]),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let publications = context.portIndex.publications
        // "owner|port" of every publication, and "owner|port|file" with its project's base file.
        let published = Set(publications.map { "\($0.owner)|\($0.port)" })
        let publishedInFile = Set(publications.map { "\($0.owner)|\($0.port)|\($0.project.file)" })
        let services = Dictionary(context.registry.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let projects = Dictionary(context.projects.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        return context.registry.allocations.compactMap { allocation in
            guard allocation.origin.isRegistered else { return nil }
            let composeFile: String
            if let service = services[allocation.service] {
                // Without a compose definition REG001 reports the service itself.
                guard projects[service.composeFile]?.service(container: service.name) != nil else { return nil }
                if publishedInFile.contains("\(service.name)|\(allocation.port)|\(service.composeFile)") { return nil }
                composeFile = service.composeFile
            } else {
                if published.contains("\(allocation.service)|\(allocation.port)") { return nil }
                let files = Set(context.projects.filter { $0.services.contains { ValidationContext.platformName(of: $0) == allocation.service } }.map(\.file))
                composeFile = files.count == 1 ? files.first ?? "" : "any compose file of app \(allocation.app)"
            }
            return Self.description.finding(
                "Port \(allocation.port) allocated to \(allocation.service) is not published by \(composeFile)",
                at: allocation.location, service: allocation.service, port: allocation.port, app: allocation.app,
                fix: Fix(
                    file: allocation.location.file, line: allocation.location.line,
                    explanation: "Publish it from \(allocation.service) (\"\(allocation.port):\(allocation.internalPort.map(String.init) ?? "<container port>")\"), or remove the allocation if the service no longer needs it."))
        }
    }
}
