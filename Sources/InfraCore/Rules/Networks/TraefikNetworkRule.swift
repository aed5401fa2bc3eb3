/// NET004: services Traefik routes to must be on the network Traefik watches.
public struct TraefikNetworkRule: Rule {
    public static let description = RuleDescription(
        id: "NET004", name: "traefik-network",
        summary: "A service routed by Traefik must be on the network Traefik uses to reach containers",
        message: "Service {service} must be on {network} for Traefik to reach it",
        rationale: """
            Traefik forwards requests to a container's address on one network: the one named by \
            `--providers.docker.network` (or, per service, the `traefik.docker.network` label). A \
            service that has a `domain` in the registry or `traefik.enable=true` in its labels but \
            is not on that network gets a router, yet every request ends in "502 Bad Gateway" or \
            "Gateway Timeout". Without the option Traefik picks any network it shares with the \
            container; the platform expects the shared network then. Add the network to the \
            service's `networks` and declare it `external: true`.
            """,
        severity: .error, category: .networks,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.traefik.yml": traefik(command: "[--providers.docker=true, --providers.docker.network=forge-network]"),
                "apps/nexus/docker-compose.yml": """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        networks: [default, forge-network]
                    networks:
                      forge-network:
                        external: true
                    """,
            ]),
            // Traefik watches another network, given in the string form of the command.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.traefik.yml": traefik(command: "traefik --providers.docker --providers.docker.network proxy"),
                "apps/nexus/docker-compose.yml": """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        networks: [edge]
                      worker:
                        image: nexus-worker:dev
                        labels:
                          traefik.enable: "false"
                    networks:
                      edge:
                        name: proxy
                        external: true
                    """,
            ]),
        ],
        triggeringExamples: [
            // Routed by its registry domain; Traefik watches the shared network.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.traefik.yml": traefik(command: "[--providers.docker.network=forge-network]"),
                "apps/nexus/docker-compose.yml": """
                    services:
                      1️⃣web:
                        container_name: nexus-web
                        image: nexus-web:dev
                    """,
            ]),
            // Routed by labels only, and Traefik watches `proxy`.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.traefik.yml": traefik(command: "[--providers.docker.network=proxy]"),
                "apps/nexus/docker-compose.yml": """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        networks: [proxy]
                      admin:
                        image: nexus-admin:dev
                        labels:
                          - traefik.enable=true
                          - traefik.http.routers.nexus-admin.rule=Host(`admin.nexus.axiom.local`)
                        1️⃣networks: [default, forge-network]
                    networks:
                      proxy:
                        external: true
                      forge-network:
                        external: true
                    """,
            ]),
        ])

    private static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          nexus: { ports: 5000-5999 }
        networks:
          forge-network: { external: true, shared: true }
        services:
          forge:
            dev:
              - { name: traefik, type: proxy, compose_file: forge/docker-compose.traefik.yml }
          nexus:
            dev:
              - { name: nexus-web, type: frontend, domain: nexus.axiom.local, compose_file: apps/nexus/docker-compose.yml }
        rules:
          shared_apps: [forge]
        """

    private static func traefik(command: String) -> String {
        """
        services:
          traefik:
            container_name: traefik
            image: traefik:v3.1
            command: \(command)
            networks: [forge-network]
        networks:
          forge-network:
            external: true
        """
    }

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        guard let watched = Self.watchedNetwork(context) else { return [] }
        var findings: [Finding] = []
        var seen: Set<String> = []
        for project in context.projects {
            for service in project.services where !TraefikCommand.runsTraefik(service) {
                let registered = context.registryService(for: service, in: project)
                let enabled = service.label("traefik.enable")?.value.lowercased() == "true"
                guard enabled || registered?.domain != nil, seen.insert("\(project.file)#\(service.name)").inserted else { continue }
                let attachment = NetworkAttachment(service, in: project, registered: registered)
                let network = service.label("traefik.docker.network")?.value ?? watched.network
                if let finding = check(attachment, network: network, because: watched.reason) { findings.append(finding) }
            }
        }
        // Routed services the registry knows but no compose file defines yet.
        for service in context.registry.services where service.domain != nil && context.composeService(for: service) == nil {
            if let finding = check(NetworkAttachment(service, in: context), network: watched.network, because: watched.reason) {
                findings.append(finding)
            }
        }
        return findings
    }

    private func check(_ attachment: NetworkAttachment, network: String, because reason: String) -> Finding? {
        guard !attachment.isOn(network), !attachment.cannotJoinNetworks else { return nil }
        return Self.description.finding(
            "Service \(attachment.service) must be on \(network) for Traefik to reach it. \(reason)",
            at: attachment.location, service: attachment.service, app: attachment.app,
            evidence: ["\(attachment.service) is on: \(attachment.networks.isEmpty ? "no network" : attachment.networks.joined(separator: ", "))"],
            fix: attachment.fix(adding: network, declaration: "external: true"))
    }

    /// The network Traefik reaches containers on, and why: its `--providers.docker.network`
    /// (or `TRAEFIK_PROVIDERS_DOCKER_NETWORK`), else the registry's shared network.
    static func watchedNetwork(_ context: ValidationContext) -> (network: String, reason: String)? {
        for entry in context.entries where TraefikCommand.runsTraefik(entry.service) || entry.registered?.type == .proxy {
            if let network = TraefikCommand(entry.service)?.dockerNetwork {
                return (network, "Traefik (\(entry.service.name) in \(entry.project.file)) reaches containers on --providers.docker.network=\(network).")
            }
            if let network = entry.service.variable("TRAEFIK_PROVIDERS_DOCKER_NETWORK")?.value, !network.isEmpty {
                return (network, "Traefik (\(entry.service.name) in \(entry.project.file)) reaches containers on TRAEFIK_PROVIDERS_DOCKER_NETWORK=\(network).")
            }
        }
        guard let shared = context.registry.sharedNetwork else { return nil }
        return (shared.name, "Traefik sets no --providers.docker.network, so the shared network \(shared.name) is expected.")
    }
}
