/// TLS002: every certificate and key file of the file provider's configuration must exist.
public struct CertificateFileRule: Rule {
    public static let description = RuleDescription(
        id: "TLS002", name: "certificate-file",
        summary: "A certificate or key file named in the Traefik file-provider config does not exist",
        message: "Certificate file {path} does not exist",
        rationale: """
            `certFile` and `keyFile` in Traefik's dynamic configuration are paths inside the \
            Traefik container. When the file is not there, Traefik logs an error, skips the \
            certificate and serves its self-signed default one, so every HTTPS page shows a \
            certificate warning. infractl follows the path through the Traefik service's bind \
            mounts to the workspace file (`./certs:/certs` makes `/certs/a.pem` the file \
            `forge/certs/a.pem`) and reports a file that is missing there, or a path no volume \
            mounts at all. Create the file (`mkcert -cert-file … -key-file …`), fix the path, or \
            mount the folder that holds it. Paths mounted from outside the workspace or from \
            named volumes cannot be checked and are not reported.
            """,
        severity: .error, category: .tls,
        nonTriggeringExamples: [
            RuleExample(TLSExamples.workspace()),
            // Mounted from outside the workspace: not read, not reported.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: """
                    services:
                      traefik:
                        container_name: traefik
                        image: traefik:v3.1
                        command: [--providers.file.filename=/etc/traefik/dynamic/certificates.yml]
                        volumes:
                          - ./config/traefik:/etc/traefik/dynamic:ro
                          - /etc/ssl/axiom:/certs:ro
                    """,
                TLSExamples.certificatePath: "",
                TLSExamples.keyPath: "",
            ])),
        ],
        triggeringExamples: [
            // The key file was never created.
            RuleExample(TLSExamples.workspace([
                TLSExamples.dynamicPath: """
                    tls:
                      certificates:
                        - certFile: /certs/axiom.local.pem
                          1️⃣keyFile: /certs/axiom.local-key.pem
                    """,
                TLSExamples.keyPath: "",
            ])),
            // The default certificate names a file of another folder, and a path no volume mounts.
            RuleExample(TLSExamples.workspace([
                TLSExamples.dynamicPath: """
                    tls:
                      stores:
                        default:
                          defaultCertificate:
                            1️⃣certFile: /certs/local/axiom.local.pem
                            keyFile: /certs/axiom.local-key.pem
                      certificates:
                        - certFile: /certs/axiom.local.pem
                          2️⃣keyFile: /etc/ssl/private/axiom.local-key.pem
                    """,
            ])),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<SourceLocation> = []
        for setup in context.traefik {
            for file in setup.loadedFiles {
                for certificate in file.certificates {
                    for reference in [certificate.certFile] + (certificate.keyFile.map { [$0] } ?? []) {
                        guard let path = reference.path, seen.insert(reference.value.location).inserted,
                              let finding = check(path, reference, setup) else { continue }
                        findings.append(finding)
                    }
                }
            }
        }
        return findings
    }

    private func check(_ path: ContainerPath, _ reference: TraefikFileReference, _ setup: TraefikSetup) -> Finding? {
        let location = reference.value.location
        switch path.origin {
        case .workspace(let file):
            guard reference.exists == false else { return nil }
            return Self.description.finding(
                "Certificate file \(file) does not exist. \(path.provenance)",
                at: location, service: setup.name, app: setup.app,
                evidence: ["\(reference.value.value) in \(location.file)"],
                fix: Fix(file: location.file, line: location.line,
                         explanation: "Create \(file) (for local domains with mkcert) or point the entry at the file that exists."))
        case .notMounted:
            // A custom image may carry the file; only the stock image is known to have none.
            guard setup.service.build == nil else { return nil }
            return Self.description.finding(
                "Certificate file \(path.path) does not exist. \(path.provenance)",
                at: location, service: setup.name, app: setup.app,
                evidence: ["\(reference.value.value) in \(location.file)", "volumes of \(setup.name): \(setup.service.volumes.map { "\($0.source ?? "")\($0.source == nil ? "" : ":")\($0.target)" }.joined(separator: ", "))"],
                fix: Fix(file: setup.service.location(of: "volumes").file, line: setup.service.location(of: "volumes").line,
                         explanation: "Mount the folder that holds the file into \(setup.name), e.g. `./certs:/certs:ro`, and name it by that path."))
        case .outsideWorkspace, .volume:
            return nil
        }
    }
}
