/// TLS004: certificates configured in a file that Traefik mounts need the file provider to load it.
public struct FileProviderRule: Rule {
    public static let description = RuleDescription(
        id: "TLS004", name: "file-provider",
        summary: "Certificates are configured but Traefik's file provider is not enabled",
        message: "Traefik file provider is not enabled; {path} is never loaded",
        rationale: """
            Certificates for local domains live in a dynamic configuration file (`tls.certificates`) \
            that only Traefik's file provider reads. When the Traefik service mounts such a file \
            but no `--providers.file.filename` or `--providers.file.directory` (or `providers.file` \
            in its static file) names it, Traefik never loads the certificates and serves its \
            self-signed default certificate for every router. Enable the provider for the \
            folder the file is mounted in, e.g. `--providers.file.directory=/etc/traefik/dynamic` \
            with `--providers.file.watch=true`. Remember that Traefik reads its static \
            configuration from one place only: once a `traefik.yml` is mounted at \
            /etc/traefik (or named by --configFile), its command-line flags are ignored.
            """,
        severity: .error, category: .tls,
        nonTriggeringExamples: [
            RuleExample(TLSExamples.workspace()),
            // The provider is enabled in a mounted static file, which the command line cannot override.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: """
                    services:
                      traefik:
                        container_name: traefik
                        image: traefik:v3.1
                        volumes:
                          - ./traefik.yml:/etc/traefik/traefik.yml:ro
                          - ./config/traefik:/etc/traefik/dynamic:ro
                          - ./certs:/certs:ro
                    """,
                "forge/traefik.yml": """
                    entryPoints:
                      websecure:
                        address: ":443"
                    providers:
                      file:
                        directory: /etc/traefik/dynamic
                        watch: true
                    """,
            ])),
            // A TOML static file, and a mounted file with no certificates.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: """
                    services:
                      traefik:
                        container_name: traefik
                        image: traefik:v3.1
                        volumes:
                          - ./traefik.toml:/etc/traefik/traefik.toml:ro
                          - ./config/traefik/certificates.yml:/etc/traefik/certificates.yml:ro
                          - ./config/middlewares.yml:/etc/traefik/middlewares.yml:ro
                          - ./certs:/certs:ro
                    """,
                "forge/traefik.toml": """
                    [providers.file]
                      filename = "/etc/traefik/certificates.yml"
                    """,
                "forge/config/middlewares.yml": """
                    http:
                      middlewares:
                        compress:
                          compress: {}
                    """,
            ])),
        ],
        triggeringExamples: [
            // No file provider on the command line.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: """
                    services:
                      traefik:
                        container_name: traefik
                        image: traefik:v3.1
                        1️⃣command:
                          - --providers.docker=true
                          - --entrypoints.websecure.address=:443
                        volumes:
                          - ./config/traefik:/etc/traefik/dynamic:ro
                          - ./certs:/certs:ro
                    """,
            ])),
            // The static file wins over the flags, and it enables no file provider.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: """
                    services:
                      traefik:
                        container_name: traefik
                        image: traefik:v3.1
                        command: [--providers.file.directory=/etc/traefik/dynamic]
                        volumes:
                          - ./traefik.yml:/etc/traefik/traefik.yml:ro
                          - ./config/traefik:/etc/traefik/dynamic:ro
                          - ./certs:/certs:ro
                    """,
                "forge/traefik.yml": """
                    entryPoints:
                      websecure:
                        address: ":443"
                    1️⃣providers:
                      docker:
                        exposedByDefault: false
                    """,
            ])),
            // The provider reads another file than the one with the certificates.
            RuleExample(TLSExamples.workspace([
                TLSExamples.traefikPath: """
                    services:
                      traefik:
                        container_name: traefik
                        image: traefik:v3.1
                        1️⃣command: [--providers.file.filename=/etc/traefik/dynamic/routers.yml]
                        volumes:
                          - ./config/traefik:/etc/traefik/dynamic:ro
                          - ./certs:/certs:ro
                    """,
                "forge/config/traefik/routers.yml": "http: {}\n",
            ])),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        for setup in context.traefik {
            let configuration = setup.staticConfiguration
            if case .unreadable = configuration.source { continue }
            for file in setup.unloadedFiles {
                let reason: String
                let location: SourceLocation
                if let option = configuration.fileProviderFilename ?? configuration.fileProviderDirectory {
                    let name = configuration.fileProviderFilename != nil ? "filename" : "directory"
                    reason = "The file provider reads only \(name) \(option.value); Traefik sees this file at \(file.containerPath)."
                    location = option.location
                } else {
                    reason = "\(Self.origin(of: configuration)) enables no file provider; Traefik sees this file at \(file.containerPath)."
                    location = configuration.location
                }
                let folder = WorkspacePath.directory(of: file.containerPath)
                findings.append(Self.description.finding(
                    "Traefik file provider is not enabled; \(file.workspacePath) is never loaded. \(reason)",
                    at: location, service: setup.name, app: setup.app,
                    evidence: file.certificates.map { "certFile \($0.certFile.value.value): \($0.certFile.path?.provenance ?? "PEM written in place")" }
                        .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
                    fix: fix(configuration, folder: folder.isEmpty ? "/" : folder, location: location)))
            }
        }
        return findings
    }

    private static func origin(of configuration: TraefikStaticConfiguration) -> String {
        switch configuration.source {
        case .file(let path): "The static file \(path) (which Traefik reads instead of its command-line flags)"
        case .command: "The command"
        case .environment: "The TRAEFIK_* environment"
        case .defaults, .unreadable: "The service sets no static configuration and"
        }
    }

    private func fix(_ configuration: TraefikStaticConfiguration, folder: String, location: SourceLocation) -> Fix {
        switch configuration.source {
        case .file:
            return Fix(file: location.file, line: location.line,
                       replace: "providers:\n  file:\n    directory: \(folder)\n    watch: true",
                       explanation: "Enable the file provider for the folder the certificates file is mounted in.")
        default:
            return Fix(file: location.file, line: location.line,
                       replace: "- --providers.file.directory=\(folder)\n- --providers.file.watch=true",
                       explanation: "Add these flags to Traefik's command so it loads the certificates file.")
        }
    }
}
