/// SEC005: a TLS private key is readable by its owner only.
public struct PrivateKeyModeRule: Rule {
    public static let description = RuleDescription(
        id: "SEC005", name: "private-key-mode",
        summary: "A TLS private key that Traefik loads must be readable by its owner only",
        message: "Private key {path} is readable by {who}",
        rationale: """
            Whoever reads a certificate's private key can impersonate every domain the \
            certificate covers and read traffic recorded earlier. A key file with group or \
            other permission bits (`0644`, the default of most tools that are not mkcert) is \
            readable by every account and every container that mounts its folder. Make it \
            `chmod 600` (Traefik reads it as root through its read-only mount) and keep keys out \
            of version control. The rule reads the key files the Traefik file provider loads \
            from the workspace; keys in volumes or outside the workspace are not seen.
            """,
        severity: .warning, category: .security, equivalents: ["CIS 3.22"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(TLSExamples.workspace(), modes: [TLSExamples.keyPath: 0o600, TLSExamples.certificatePath: 0o644]),
        ],
        triggeringExamples: [
            RuleExample(
                TLSExamples.workspace([
                    TLSExamples.dynamicPath: """
                        tls:
                          certificates:
                            - certFile: /certs/axiom.local.pem
                              1️⃣keyFile: /certs/axiom.local-key.pem
                        """,
                ]),
                modes: [TLSExamples.keyPath: 0o644]),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for setup in context.traefik {
            for certificate in setup.certificates {
                guard let key = certificate.keyFile, case .workspace(let file)? = key.path?.origin, seen.insert(file).inserted,
                      let mode = context.files.permissions(of: file), mode & 0o077 != 0
                else { continue }
                let who = mode & 0o007 != 0 ? "every account" : "its group"
                findings.append(Self.description.finding(
                    "Private key \(file) is readable by \(who).", at: key.value.location, service: setup.name, app: setup.app,
                    evidence: ["\(file) has mode \(String(mode & 0o777, radix: 8))"],
                    fix: Fix(file: file, explanation: "Make the key readable by its owner only: chmod 600 \(file)"),
                    verify: ["stat -c %a \(file)"]))
            }
        }
        return findings
    }
}
