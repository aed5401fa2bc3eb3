/// TLS001: routers for local domains must not ask an ACME resolver for certificates.
public struct LocalDomainACMERule: Rule {
    public static let description = RuleDescription(
        id: "TLS001", name: "local-domain-acme",
        summary: "A Traefik router for a local domain (.local, .localhost, .test, .internal, .lan) uses an ACME cert resolver",
        message: "Router {router} uses ACME for local domain {domain}; use tls=true with mkcert certificates",
        rationale: """
            An ACME certificate authority such as Let's Encrypt only signs names it can verify on \
            the public internet. For `.local`, `.localhost`, `.test`, `.internal` and `.lan` \
            names every challenge fails, Traefik logs the error on each start, keeps retrying, \
            and serves its self-signed default certificate, so browsers warn on every page. \
            Local names get their certificate from a local CA instead: create one with mkcert \
            (`mkcert -cert-file certs/local.pem -key-file certs/local-key.pem '*.axiom.local'`), \
            load it through the file provider (`tls.certificates` in a dynamic file), and give \
            the router `tls=true` without `tls.certresolver`. The rule reads router labels, \
            routers of the loaded dynamic files, and the default resolver an entry point gives \
            its routers (`--entrypoints.NAME.http.tls.certresolver`).
            """,
        severity: .error, category: .tls,
        nonTriggeringExamples: [
            // tls=true with the file provider's certificate.
            RuleExample(TLSExamples.workspace()),
            // ACME for a public name is what ACME is for.
            RuleExample(TLSExamples.workspace([
                TLSExamples.appPath: """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        labels:
                          traefik.enable: "true"
                          traefik.http.routers.nexus.rule: "Host(`nexus.example.com`)"
                          traefik.http.routers.nexus.tls.certresolver: letsencrypt
                    """,
            ])),
            // The service is not exposed (exposedByDefault=false and no traefik.enable=true),
            // and a HostRegexp names no host.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: TLSExamples.traefik(["--providers.docker.exposedbydefault=false"]),
                TLSExamples.appPath: """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        labels:
                          - traefik.http.routers.nexus.rule=Host(`nexus.axiom.local`)
                          - traefik.http.routers.nexus.tls.certresolver=letsencrypt
                      admin:
                        image: nexus-admin:dev
                        labels:
                          - traefik.enable=true
                          - traefik.http.routers.admin.rule=HostRegexp(`^.+\\.axiom\\.local$`)
                          - traefik.http.routers.admin.tls.certresolver=letsencrypt
                    """,
            ])),
        ],
        triggeringExamples: [
            // A certresolver label on a .local router, in list form.
            RuleExample(TLSExamples.workspace([
                TLSExamples.appPath: """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        labels:
                          - traefik.enable=true
                          - traefik.http.routers.nexus.rule=Host(`nexus.axiom.local`) || Host(`nexus.example.com`)
                          - 1️⃣traefik.http.routers.nexus.tls.certresolver=letsencrypt
                    """,
            ])),
            // A router of a dynamic file, for a .test name.
            RuleExample(TLSExamples.workspace([
                "forge/config/traefik/routers.yml": """
                    http:
                      routers:
                        api:
                          rule: Host(`api.nexus.test`)
                          service: nexus
                          tls:
                            1️⃣certResolver: letsencrypt
                    """,
            ])),
            // The entry point gives every router on it an ACME resolver; the router is in map form.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: """
                    services:
                      traefik:
                        container_name: traefik
                        image: traefik:v3.1
                        1️⃣command:
                          - --providers.docker=true
                          - --entrypoints.websecure.address=:443
                          - --entrypoints.websecure.http.tls.certresolver=letsencrypt
                          - --certificatesresolvers.letsencrypt.acme.tlschallenge=true
                    """,
                TLSExamples.appPath: """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        labels:
                          traefik.enable: "true"
                          traefik.http.routers.nexus.rule: "Host(`nexus.localhost`)"
                          traefik.http.routers.nexus.entrypoints: websecure
                    """,
            ])),
        ])

    /// Top-level names that no public certificate authority can verify.
    public static let localSuffixes = ["local", "localhost", "test", "internal", "lan"]

    public init() {}

    /// Whether `host` is under one of the local top-level names (or is one).
    public static func isLocal(_ host: String) -> Bool {
        let name = host.lowercased().hasSuffix(".") ? String(host.lowercased().dropLast()) : host.lowercased()
        guard let last = name.split(separator: ".").last else { return false }
        return localSuffixes.contains(String(last))
    }

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for setup in context.traefik {
            for router in setup.routers {
                guard let resolver = setup.certResolver(of: router),
                      let domain = router.hosts.first(where: Self.isLocal),
                      seen.insert("\(resolver.location)#\(router.name)").inserted else { continue }
                let local = router.hosts.filter(Self.isLocal)
                let fromEntryPoint = router.certResolver == nil
                var evidence = ["rule: \(router.rule?.value ?? "")", "cert resolver: \(resolver.value)"]
                if fromEntryPoint { evidence.append("the resolver comes from an entry point of \(setup.name)") }
                if local.count > 1 { evidence.append("local domains: \(local.joined(separator: ", "))") }
                findings.append(Self.description.finding(
                    "Router \(router.name) uses ACME for local domain \(domain); use tls=true with mkcert certificates.",
                    at: resolver.location, service: router.service ?? setup.name, app: router.app ?? setup.app,
                    evidence: evidence, fix: fix(router, resolver: resolver, fromEntryPoint: fromEntryPoint)))
            }
        }
        return findings
    }

    private func fix(_ router: TraefikRouter, resolver: Located<String>, fromEntryPoint: Bool) -> Fix {
        if fromEntryPoint {
            return Fix(
                file: resolver.location.file, line: resolver.location.line,
                explanation: "Remove the entry point's http.tls.certresolver, or give router \(router.name) its own tls=true so it uses the file provider's certificate.")
        }
        if case .labels = router.origin {
            return Fix(
                file: resolver.location.file, line: resolver.location.line,
                explanation: "Replace the label by traefik.\(router.kind.rawValue).routers.\(router.name).tls=true so the router uses the file provider's mkcert certificate.")
        }
        return Fix(
            file: resolver.location.file, line: resolver.location.line,
            explanation: "Remove certResolver so the router uses the file provider's certificate (an empty `tls: {}` keeps TLS on).")
    }
}
