import Foundation

/// TLS003: the file provider's certificates must cover every routed TLS domain, be valid now,
/// not expire within 14 days, and come with their own private key.
public struct CertificateCoverageRule: Rule {
    /// How long before expiry a certificate is reported (as a warning).
    public static let expiryWarning: TimeInterval = 14 * 24 * 60 * 60

    public static let description = RuleDescription(
        id: "TLS003", name: "certificate-coverage",
        summary: "A certificate does not cover a routed domain, has expired, or expires within 14 days (warning)",
        message: "Certificate {path} does not cover {domain}",
        rationale: """
            Traefik picks, for each TLS connection, a certificate of the file provider whose \
            names match the requested host; when none does it serves the default certificate, \
            and browsers refuse the page. A certificate covers a host when one of its subject \
            alternative names matches it (the common name counts only when there are none); a \
            wildcard stands for exactly one label, so `*.axiom.local` covers `app.axiom.local` \
            but neither `axiom.local` nor `a.b.axiom.local`. The rule checks every TLS router \
            (labels and dynamic files) that does not use an ACME resolver against the loaded \
            certificates and reports the router's rule. It also reports, at the certificate's \
            `certFile` entry, a certificate that has expired or is not valid yet (errors) or \
            expires within 14 days (a warning), and, at its `keyFile` entry, a key file that does \
            not hold the certificate's private key (Traefik then refuses the pair). Regenerate \
            the certificate with every name the routers use, e.g. \
            `mkcert -cert-file forge/certs/axiom.local.pem -key-file forge/certs/axiom.local-key.pem '*.axiom.local' axiom.local`. \
            Coverage is not judged while any configured certificate cannot be read (missing, \
            outside the workspace, or not a certificate), since that one may cover the domain.
            """,
        severity: .error, category: .tls,
        nonTriggeringExamples: [
            RuleExample(TLSExamples.workspace()),
            // The bare domain is a SAN of its own; a router with an ACME resolver gets its
            // certificate elsewhere; a router without TLS needs none.
            RuleExample(TLSExamples.workspace([
                TLSExamples.appPath: """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        labels:
                          - traefik.enable=true
                          - traefik.http.routers.nexus.rule=Host(`axiom.local`) || Host(`NEXUS.axiom.local`)
                          - traefik.http.routers.nexus.tls=true
                          - traefik.http.routers.public.rule=Host(`nexus.example.com`)
                          - traefik.http.routers.public.tls.certresolver=letsencrypt
                          - traefik.http.routers.plain.rule=Host(`a.b.axiom.local`)
                    """,
            ])),
        ],
        triggeringExamples: [
            // A wildcard covers one label only, and a router of a dynamic file in TOML.
            RuleExample(TLSExamples.workspace([
                TLSExamples.appPath: """
                    services:
                      web:
                        container_name: nexus-web
                        image: nexus-web:dev
                        labels:
                          traefik.enable: "true"
                          1️⃣traefik.http.routers.nexus.rule: "Host(`api.nexus.axiom.local`)"
                          traefik.http.routers.nexus.tls: "true"
                    """,
                "forge/config/traefik/routers.toml": """
                    [http.routers.docs]
                      2️⃣rule = "Host(`docs.nexus.test`)"
                      service = "docs"
                      [http.routers.docs.tls]
                    """,
            ])),
            // Expired, and a key file that holds another key.
            RuleExample(TLSExamples.workspace([
                TLSExamples.dynamicPath: """
                    tls:
                      certificates:
                        - 1️⃣certFile: /certs/expired.pem
                          keyFile: /certs/axiom.local-key.pem
                        - certFile: /certs/axiom.local.pem
                          2️⃣keyFile: /certs/other-key.pem
                    """,
                "forge/certs/expired.pem": TLSExamples.expiredCertificate,
                "forge/certs/other-key.pem": TLSExamples.otherKey,
            ])),
            // Not valid yet.
            RuleExample(TLSExamples.workspace([
                TLSExamples.dynamicPath: """
                    tls:
                      stores:
                        default:
                          defaultCertificate:
                            1️⃣certFile: /certs/axiom.local.pem
                            keyFile: /certs/axiom.local-key.pem
                    """,
                TLSExamples.certificatePath: TLSExamples.futureCertificate,
            ])),
            // Nine days left: a warning.
            RuleExample(TLSExamples.workspace([
                TLSExamples.dynamicPath: """
                    tls:
                      certificates:
                        - 1️⃣certFile: /certs/axiom.local.pem
                          keyFile: /certs/axiom.local-key.pem
                    """,
                TLSExamples.certificatePath: TLSExamples.expiringCertificate,
            ]), severity: .warning),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for setup in context.traefik {
            for certificate in setup.certificates {
                for finding in check(certificate, setup, now: context.now) where seen.insert("\(finding.location?.description ?? "")#\(finding.message)").inserted {
                    findings.append(finding)
                }
            }
            for finding in coverage(setup) where seen.insert("\(finding.location?.description ?? "")#\(finding.message)").inserted {
                findings.append(finding)
            }
        }
        return findings
    }

    // MARK: the certificate itself

    private func check(_ certificate: TraefikCertificate, _ setup: TraefikSetup, now: Date) -> [Finding] {
        var findings: [Finding] = []
        let path = certificate.certFile.display
        let location = certificate.certFile.value.location
        if let error = certificate.certificateError {
            findings.append(Self.description.finding(
                "Certificate \(path) holds no usable certificate: \(error).", at: location, service: setup.name, app: setup.app,
                fix: Fix(file: location.file, line: location.line, explanation: "Point certFile at a PEM certificate (-----BEGIN CERTIFICATE-----).")))
        }
        if let summary = certificate.summary {
            let evidence = ["names: \(summary.names.joined(separator: ", "))",
                            "valid from \(Self.day(summary.notValidBefore)) to \(Self.day(summary.notValidAfter))"]
            let renew = Fix(file: location.file, line: location.line, explanation: "Issue a new certificate for the same names (mkcert) and replace \(path).")
            if now < summary.notValidBefore {
                findings.append(Self.description.finding(
                    "Certificate \(path) is not valid before \(Self.day(summary.notValidBefore)).",
                    at: location, service: setup.name, app: setup.app, evidence: evidence, fix: renew))
            } else if now > summary.notValidAfter {
                findings.append(Self.description.finding(
                    "Certificate \(path) expired on \(Self.day(summary.notValidAfter)).",
                    at: location, service: setup.name, app: setup.app, evidence: evidence, fix: renew))
            } else if summary.notValidAfter.timeIntervalSince(now) < Self.expiryWarning {
                let days = Int(summary.notValidAfter.timeIntervalSince(now) / 86_400)
                var finding = Self.description.finding(
                    "Certificate \(path) expires on \(Self.day(summary.notValidAfter)), in \(days) day\(days == 1 ? "" : "s").",
                    at: location, service: setup.name, app: setup.app, evidence: evidence, fix: renew)
                finding.severity = .warning
                findings.append(finding)
            }
        }
        if let key = certificate.keyFile {
            let keyLocation = key.value.location
            if certificate.keyMatches == false {
                findings.append(Self.description.finding(
                    "Key file \(key.display) does not hold the private key of certificate \(path).",
                    at: keyLocation, service: setup.name, app: setup.app,
                    fix: Fix(file: keyLocation.file, line: keyLocation.line, explanation: "Name the key file created together with \(path) (mkcert writes both).")))
            } else if let error = certificate.keyError {
                findings.append(Self.description.finding(
                    "Key file \(key.display) holds no usable private key: \(error).",
                    at: keyLocation, service: setup.name, app: setup.app,
                    fix: Fix(file: keyLocation.file, line: keyLocation.line, explanation: "Name the unencrypted PEM private key created together with \(path).")))
            }
        }
        return findings
    }

    // MARK: coverage of routed domains

    private func coverage(_ setup: TraefikSetup) -> [Finding] {
        let certificates = setup.certificates
        let summaries = certificates.compactMap(\.summary)
        guard !certificates.isEmpty, summaries.count == certificates.count else { return [] }
        let named = preferred(certificates)
        var findings: [Finding] = []
        for router in setup.routers where setup.usesTLS(router) && setup.certResolver(of: router) == nil {
            guard let rule = router.rule else { continue }
            for host in router.hosts where !summaries.contains(where: { $0.covers(host) }) {
                let others = Set(certificates.map(\.certFile.display)).subtracting([named.certFile.display]).sorted()
                let tail = others.isEmpty ? "" : " Neither does \(others.joined(separator: ", "))."
                findings.append(Self.description.finding(
                    "Certificate \(named.certFile.display) does not cover \(host).\(tail)",
                    at: rule.location, service: router.service ?? setup.name, app: router.app ?? setup.app,
                    evidence: certificates.compactMap { certificate in
                        certificate.summary.map { "\(certificate.certFile.display): \($0.names.joined(separator: ", "))" }
                    },
                    fix: Fix(file: named.certFile.value.location.file, line: named.certFile.value.location.line,
                             explanation: "Issue the certificate again with \(host) among its names (or a wildcard one level above it), or route a name it covers.")))
            }
        }
        return findings
    }

    /// The certificate to name: the default store's default certificate, else the first one.
    private func preferred(_ certificates: [TraefikCertificate]) -> TraefikCertificate {
        certificates.first { $0.role == .defaultCertificate(store: "default") } ?? certificates[0]
    }

    static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current).year().month().day())
    }
}
