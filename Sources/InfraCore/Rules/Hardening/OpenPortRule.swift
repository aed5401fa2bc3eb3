/// SEC020: a service publishes on every interface only the ports meant for the outside world.
public struct OpenPortRule: Rule {
    public static let description = RuleDescription(
        id: "SEC020", name: "open-port",
        summary: "A port published on every interface is reachable from outside the host; bind 127.0.0.1 unless it is meant to be",
        message: "{service} publishes {port} on all interfaces",
        rationale: """
            A port without a host IP (`"3000:3000"`) listens on every interface, IPv4 and IPv6, \
            and Docker's own firewall rules let traffic in even where ufw or firewalld would \
            block it: anyone on the network reaches the service directly, past Traefik and its \
            TLS. During development the browser and local tools need only the loopback \
            interface: publish `"127.0.0.1:3000:3000"`, and reach routed services through their \
            domain. Databases and caches are SEC002's (a warning in `validate` too). The \
            proxy's own entry points (type proxy, such as Traefik's 80 and 443) are the \
            platform's front door and are reported as info, so the Security Report still lists \
            them.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0005", "CIS 5.13"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    ports:
                      - "127.0.0.1:5000:8080"
                      - target: 9090
                        published: "5090"
                        host_ip: "::1"
                    expose: ["9100"]
                  nexus-postgres:
                    image: postgres:16-alpine
                    ports: ["5433:5432"]
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    labels: { traefik.enable: "true" }
                    ports: [1️⃣"5000:8080", 2️⃣"0.0.0.0:5001:8081"]
                """)),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).flatMap { service -> [Finding] in
            guard !ExposedDataStoreRule.dataStores.contains(service.type) else { return [] }
            let routed = service.entry.registered?.domain != nil || service.compose.label("traefik.enable")?.value.lowercased() == "true"
            return service.compose.ports.filter(\.bindsAllInterfaces).map { port in
                let published = port.published.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" } ?? "a random port for \(port.target.lowerBound)"
                var message = "\(service.name) publishes \(published) on all interfaces."
                if service.type == .proxy {
                    message += " It is the platform's entry point."
                } else if routed {
                    message += " It bypasses Traefik and its TLS."
                }
                return service.finding(
                    Self.description, message, at: port.location, severity: service.type == .proxy ? .info : .warning,
                    evidence: ["ports entry \(port.raw) has \(port.hostIP.map { $0.isEmpty ? "no host IP" : "host IP \($0)" } ?? "no host IP")"],
                    fix: Fix(
                        file: port.location.file, line: port.location.line,
                        explanation: service.type == .proxy
                            ? "Keep it if the outside world is meant to reach the platform here; otherwise bind 127.0.0.1."
                            : "Publish it on the loopback interface only (`127.0.0.1:` before the host port, or `host_ip: 127.0.0.1`)."))
            }
        }
    }
}
