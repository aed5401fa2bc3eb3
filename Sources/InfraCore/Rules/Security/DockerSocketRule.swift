/// SEC003: only the reverse proxy talks to the Docker engine through its socket.
public struct DockerSocketRule: Rule {
    public static let description = RuleDescription(
        id: "SEC003", name: "docker-socket",
        summary: "Only the proxy may mount the Docker socket",
        message: "{service} mounts the Docker socket",
        rationale: """
            Whoever can write to the Docker socket controls the engine: it can start a \
            privileged container with the host's root file system mounted, so a container that \
            mounts `/var/run/docker.sock` is as powerful as root on the host, and so is anyone \
            who breaks into it. Mounting it read-only (`:ro`) does not help: `ro` stops changes \
            to the socket file, not API calls through it. Traefik (registry type proxy) needs the \
            socket to discover containers; nothing else should have it. Remove the mount, or \
            give the service a read-only view of the API through a socket proxy (such as \
            `tecnativa/docker-socket-proxy` on an internal network). When a service really needs \
            the socket (a log shipper reading container metadata, a CI runner), record that in \
            the registry: `rules: { exemptions: [{ services: [NAME], rules: [SEC003], reason: \
            "…" }] }`. The rule reports bind mounts of `/var/run/docker.sock`, `/run/docker.sock`, \
            any other `docker.sock` or `podman.sock` (rootless engines, Docker Desktop), and \
            the Windows engine pipe, in the short and the long volume syntax.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0001", "CIS 5.31"],
        differences: [
            "compose-lint CL-0001": "The reverse proxy (registry type proxy) is not reported: Traefik's Docker provider needs the socket to discover containers.",
        ],
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                "forge/docker-compose.yml": """
                    services:
                      traefik:
                        image: traefik:v3.1
                        volumes:
                          - /var/run/docker.sock:/var/run/docker.sock:ro
                      forge-grafana:
                        image: grafana/grafana:11.2.0
                        volumes:
                          - grafana-data:/var/lib/grafana
                          - ./sockets:/var/run/app
                    volumes:
                      grafana-data:
                    """,
            ]),
            // Promtail is allowed to, with a reason in the registry.
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: """
                      exemptions:
                        - services: [forge-promtail]
                          rules: [SEC003]
                          reason: Promtail discovers containers and their labels through the Docker API
                    """),
                "forge/docker-compose.yml": """
                    services:
                      forge-promtail:
                        image: grafana/promtail:3.1.0
                        volumes:
                          - /var/run/docker.sock:/var/run/docker.sock:ro
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                "forge/docker-compose.yml": """
                    services:
                      forge-promtail:
                        image: grafana/promtail:3.1.0
                        volumes:
                          - ./config/promtail.yml:/etc/promtail/promtail.yml:ro
                          - 1️⃣/var/run/docker.sock:/var/run/docker.sock:ro
                    """,
            ]),
            // Long syntax, a service the registry does not know, and a rootless engine's socket.
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                "forge/docker-compose.yml": """
                    services:
                      forge-grafana:
                        image: grafana/grafana:11.2.0
                        volumes:
                          - 1️⃣type: bind
                            source: /run/docker.sock
                            target: /var/run/docker.sock
                      portainer:
                        image: portainer/portainer-ce:2.21.0
                        volumes: [2️⃣"/run/user/1000/docker.sock:/var/run/docker.sock"]
                    """,
            ]),
        ])

    private static func registry(exemptions: String) -> String {
        """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
        services:
          forge:
            dev:
              - { name: traefik, type: proxy, compose_file: forge/docker-compose.yml }
              - { name: forge-grafana, type: monitoring, compose_file: forge/docker-compose.yml }
              - { name: forge-promtail, type: log-shipper, compose_file: forge/docker-compose.yml }
        rules:
          shared_apps: [forge]
        \(exemptions)
        """
    }

    /// Socket files that give full control of a container engine.
    static let sockets: Set<String> = ["docker.sock", "podman.sock"]

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<SourceLocation> = []
        for entry in context.entries {
            let type = entry.registered?.type ?? ProposedChange.guessType(entry.service)
            guard type != .proxy else { continue }
            let service = entry.registered?.name ?? ValidationContext.platformName(of: entry.service)
            for mount in entry.service.volumes where Self.isEngineSocket(mount) && seen.insert(mount.location).inserted {
                findings.append(Self.description.finding(
                    "\(service) mounts the Docker socket.",
                    at: mount.location, service: service, app: entry.registered?.app,
                    evidence: ["\(mount.source ?? "") is mounted at \(mount.target)\(mount.readOnly ? " (read-only, which does not limit the API)" : "")."],
                    fix: Fix(
                        file: mount.location.file, line: mount.location.line,
                        explanation: "Remove the mount or reach the API through a socket proxy; if \(service) must keep it, add an exemption with the reason under `rules.exemptions` in \(context.registry.file).")))
            }
        }
        return findings
    }

    /// Whether a bind mount's source is an engine's API socket or the Windows engine pipe.
    static func isEngineSocket(_ mount: VolumeMount) -> Bool {
        guard mount.type == "bind" || mount.type == "npipe", var source = mount.source else { return false }
        while source.count > 1, source.hasSuffix("/") { source.removeLast() }
        let normalized = source.replacingOccurrences(of: "\\", with: "/").lowercased()
        if normalized.hasSuffix("/pipe/docker_engine") { return true }
        guard let last = normalized.split(separator: "/").last else { return false }
        return sockets.contains(String(last))
    }
}
