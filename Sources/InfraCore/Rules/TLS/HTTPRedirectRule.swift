/// TLS005: the HTTP entry point of routed domains redirects to HTTPS.
public struct HTTPRedirectRule: Rule {
    public static let description = RuleDescription(
        id: "TLS005", name: "http-redirect",
        summary: "A Traefik HTTP entry point that serves routed domains must redirect to HTTPS",
        message: "Entry point {entrypoint} serves {domain} over plain HTTP without a redirect to HTTPS",
        rationale: """
            When Traefik's plain HTTP entry point (`:80`) answers for a routed domain instead of \
            redirecting (or answers 404 because its routers serve TLS only), a browser that types the bare name, an old bookmark or a downgrading \
            attacker gets the service unencrypted, cookies and credentials included. Redirect \
            the whole entry point once: \
            `--entrypoints.web.http.redirections.entrypoint.to=websecure` and \
            `--entrypoints.web.http.redirections.entrypoint.scheme=https` (or the same under \
            `entryPoints.web.http.redirections` in `traefik.yml`). The rule reports a plain HTTP \
            entry point (no `http.tls`, and on port 80 or named `web` or `http`) without that \
            redirection when a router with a host name is attached to it (a router that names no \
            entry points is attached to all of them). A router-level \
            redirectScheme middleware is not read: record such a setup as an exemption.
            """,
        severity: .warning, category: .tls, scope: .audit,
        nonTriggeringExamples: [
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: TLSExamples.traefik([
                    "--providers.docker=true", "--providers.file.directory=/etc/traefik/dynamic",
                    "--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443",
                    "--entrypoints.web.http.redirections.entrypoint.to=websecure",
                    "--entrypoints.web.http.redirections.entrypoint.scheme=https",
                ]),
            ])),
            // Routers only on the TLS entry point.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: TLSExamples.traefik([
                    "--providers.docker=true", "--providers.file.directory=/etc/traefik/dynamic",
                    "--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443",
                ]),
                TLSExamples.appPath: """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        labels:
                          - traefik.enable=true
                          - traefik.http.routers.nexus.rule=Host(`nexus.axiom.local`)
                          - traefik.http.routers.nexus.entrypoints=websecure
                          - traefik.http.routers.nexus.tls=true
                    """,
            ])),
        ],
        triggeringExamples: [
            // Traefik locates the options of its command line at `command`.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: """
                    services:
                      traefik:
                        container_name: traefik
                        image: traefik:v3.1
                        1️⃣command:
                          - --providers.docker=true
                          - --providers.file.directory=/etc/traefik/dynamic
                          - --entrypoints.web.address=:80
                          - --entrypoints.websecure.address=:443
                        volumes:
                          - ./config/traefik:/etc/traefik/dynamic:ro
                          - ./certs:/certs:ro
                    """,
            ])),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        context.traefik.flatMap { setup -> [Finding] in
            let configuration = setup.staticConfiguration
            return configuration.entryPoints.compactMap { entryPoint -> Finding? in
                guard let address = configuration.value("entrypoints.\(entryPoint).address"),
                      Self.isPlainHTTP(entryPoint, address: address.value, configuration),
                      !configuration.isEnabled("entrypoints.\(entryPoint).http.redirections.entrypoint.to")
                else { return nil }
                let routers = setup.routers.filter { router in
                    router.kind == .http && !router.hosts.isEmpty && (router.entryPoints.map { $0.map { $0.lowercased() }.contains(entryPoint) } ?? true)
                }
                let domains = Array(Set(routers.flatMap(\.hosts))).sorted()
                guard !domains.isEmpty else { return nil }
                return Self.description.finding(
                    "Entry point \(entryPoint) serves \(domains.joined(separator: ", ")) over plain HTTP without a redirect to HTTPS.",
                    at: address.location, service: setup.name, app: setup.app,
                    evidence: ["entrypoints.\(entryPoint).address=\(address.value), no http.redirections", "routers: \(routers.map(\.name).joined(separator: ", "))"],
                    fix: Fix(
                        file: address.location.file, line: address.location.line,
                        replace: "- --entrypoints.\(entryPoint).http.redirections.entrypoint.to=websecure\n- --entrypoints.\(entryPoint).http.redirections.entrypoint.scheme=https",
                        explanation: "Redirect the whole entry point to the HTTPS one (named websecure here; use yours)."),
                    verify: domains.prefix(1).map { "curl -sI http://\($0) | head -1" })
            }
        }
    }

    /// Whether an entry point takes plain HTTP: no TLS of its own, and port 80 or the usual name.
    static func isPlainHTTP(_ entryPoint: String, address: String, _ configuration: TraefikStaticConfiguration) -> Bool {
        guard !configuration.entryPointHasTLS(entryPoint) else { return false }
        return address.split(separator: ":").last == "80" || ["web", "http"].contains(entryPoint)
    }
}
