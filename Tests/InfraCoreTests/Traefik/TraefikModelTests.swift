import Foundation
@testable import InfraCore
import Testing

@Suite("Host names and router rules")
struct HostMatchingTests {
    @Test(arguments: [
        ("*.axiom.local", "a.axiom.local", true),
        ("*.axiom.local", "A.AXIOM.LOCAL", true),
        ("*.AXIOM.local", "grafana.axiom.local.", true),
        ("*.axiom.local", "axiom.local", false),
        ("*.axiom.local", "a.b.axiom.local", false),
        ("a*.axiom.local", "ab.axiom.local", false),
        ("*a.axiom.local", "ba.axiom.local", false),
        ("a.*.local", "a.b.local", false),
        ("*", "localhost", false),
        ("axiom.local", "axiom.local", true),
        ("axiom.local", "AXIOM.LOCAL", true),
        ("axiom.local", "x.axiom.local", false),
        ("", "axiom.local", false),
    ])
    func wildcards(pattern: String, host: String, matches: Bool) {
        #expect(HostnameMatcher.matches(pattern: pattern, host: host) == matches, "\(pattern) ~ \(host)")
    }

    @Test func commonNameCountsOnlyWithoutAlternativeNames() {
        let day = Date(timeIntervalSince1970: 0)
        let withSANs = CertificateSummary(dnsNames: ["a.axiom.local"], commonName: "b.axiom.local", notValidBefore: day, notValidAfter: day)
        #expect(withSANs.covers("a.axiom.local"))
        #expect(!withSANs.covers("b.axiom.local"))
        let cnOnly = CertificateSummary(dnsNames: [], commonName: "b.axiom.local", notValidBefore: day, notValidAfter: day)
        #expect(cnOnly.covers("b.axiom.local"))
        let ip = CertificateSummary(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "0:0:0:0:0:0:0:1"], notValidBefore: day, notValidAfter: day)
        #expect(ip.covers("127.0.0.1"))
        #expect(ip.covers("::1"))
        #expect(ip.covers("[::1]"))
        #expect(!ip.covers("127.0.0.2"))
    }

    @Test func ipAddressText() {
        #expect(IPAddressText.bytes("10.0.0.1") == [10, 0, 0, 1])
        #expect(IPAddressText.bytes("256.0.0.1") == nil)
        #expect(IPAddressText.bytes("axiom.local") == nil)
        #expect(IPAddressText.bytes("fe80::1") == [0xfe, 0x80] + Array(repeating: 0, count: 13) + [1])
        #expect(IPAddressText.bytes("::ffff:10.0.0.1") == Array(repeating: 0, count: 10) + [0xff, 0xff, 10, 0, 0, 1])
        #expect(IPAddressText.bytes("1::2::3") == nil)
        #expect(IPAddressText.text([127, 0, 0, 1]) == "127.0.0.1")
    }

    @Test(arguments: [
        ("Host(`a.axiom.local`)", ["a.axiom.local"]),
        ("Host(`A.axiom.local`, `b.axiom.local`)", ["a.axiom.local", "b.axiom.local"]),
        ("Host(\"a.test\") || Host(`b.test`) && PathPrefix(`/api`)", ["a.test", "b.test"]),
        ("(Host(`a.test`) || Host(`a.test`)) && !Host(`admin.test`)", ["a.test"]),
        ("HostRegexp(`^.+\\.axiom\\.local$`)", []),
        ("HostSNI(`db.axiom.local`)", ["db.axiom.local"]),
        ("HostSNI(`*`)", []),
        ("PathPrefix(`/`)", []),
        ("Host( `spaced.test` )", ["spaced.test"]),
    ])
    func routerRuleHosts(rule: String, hosts: [String]) {
        #expect(RouterRule.hosts(rule) == hosts, "\(rule)")
    }

    @Test func localDomains() {
        for host in ["a.local", "x.localhost", "localhost", "api.test", "db.internal", "nas.lan", "A.LOCAL."] {
            #expect(LocalDomainACMERule.isLocal(host), "\(host)")
        }
        for host in ["example.com", "local.example.com", "testing.dev"] {
            #expect(!LocalDomainACMERule.isLocal(host), "\(host)")
        }
    }
}

@Suite("Traefik model")
struct TraefikModelTests {
    static let here = InfraCore.SourceLocation(file: "forge/docker-compose.yml", line: 1, column: 1)

    static func mount(_ source: String?, _ target: String, type: String = "bind") -> VolumeMount {
        VolumeMount(type: type, source: source, target: target, location: here)
    }

    @Test func containerPathsMapToWorkspaceFiles() {
        let mounts = TraefikMounts(mounts: [
            Self.mount("./certs", "/certs"),
            Self.mount("./certs/special", "/certs/special"),
            Self.mount("/home/dev/axiom/forge/config", "/etc/traefik/dynamic"),
            Self.mount("/etc/ssl", "/ssl"),
            Self.mount("~/certs", "/home-certs"),
            Self.mount("acme", "/letsencrypt", type: "volume"),
            Self.mount("../../../outside", "/outside"),
            Self.mount("./traefik.yml", "/etc/traefik/traefik.yml"),
        ], projectDirectory: "forge", workspaceRoot: "/home/dev/axiom/")
        #expect(mounts.resolve("/certs/a.pem").origin == .workspace("forge/certs/a.pem"))
        #expect(mounts.resolve("certs/./b/../a.pem").origin == .workspace("forge/certs/a.pem"))
        #expect(mounts.resolve("/certs/special/x.pem").origin == .workspace("forge/certs/special/x.pem"))
        #expect(mounts.resolve("/etc/traefik/dynamic/tls.yml").origin == .workspace("forge/config/tls.yml"))
        #expect(mounts.resolve("/etc/traefik/traefik.yml").origin == .workspace("forge/traefik.yml"))
        #expect(mounts.resolve("/ssl/private/k.pem").origin == .outsideWorkspace("/etc/ssl/private/k.pem"))
        #expect(mounts.resolve("/home-certs/a.pem").origin == .outsideWorkspace("~/certs/a.pem"))
        #expect(mounts.resolve("/letsencrypt/acme.json").origin == .volume("acme"))
        #expect(mounts.resolve("/outside/a.pem").origin == .outsideWorkspace("../../../outside/a.pem"))
        #expect(mounts.resolve("/certificates/a.pem").origin == .notMounted)
    }

    @Test func axiomSetup() throws {
        let files = Dictionary(uniqueKeysWithValues: AxiomExample.files.map { ($0.path, $0.contents) })
        let workspace = Workspace(root: "/axiom", files: MemoryFileSource(files), environment: [:])
        let context = try WorkspaceLoader(workspace: workspace).load()
        let setup = try #require(context.traefik.first)
        #expect(context.traefik.count == 1)
        #expect(setup.name == "traefik")
        #expect(setup.staticConfiguration.source == .command)
        #expect(setup.staticConfiguration.fileProviderDirectory?.value == "/etc/traefik/dynamic")
        #expect(setup.staticConfiguration.entryPoints == ["web", "websecure"])
        #expect(setup.loadedFiles.map(\.workspacePath) == ["forge/config/traefik/certificates.yml"])
        #expect(setup.unloadedFiles.isEmpty)
        #expect(setup.certificates.count == 2)
        for certificate in setup.certificates {
            #expect(certificate.certFile.path?.workspacePath == "forge/certs/axiom.local.pem")
            #expect(certificate.keyMatches == true)
            let summary = try #require(certificate.summary)
            #expect(summary.dnsNames.contains("*.axiom.local"))
            #expect(summary.ipAddresses == ["127.0.0.1"])
        }
        let routers = Set(setup.routers.map(\.name))
        #expect(routers == ["grafana", "synapse", "synapse-prod", "prism-api", "prism"])
        #expect(setup.routers.allSatisfy { setup.usesTLS($0) && setup.certResolver(of: $0) == nil })
        let synapse = try #require(setup.routers.first { $0.name == "synapse" })
        #expect(synapse.rule?.location.file == "apps/synapse/docker-compose.traefik-labels.yml")
        #expect(synapse.service == "synapse-frontend")
    }

    @Test func staticFileWinsOverFlagsAndEnvironmentComesLast() throws {
        func setup(_ compose: String, _ extra: [String: String] = [:]) throws -> TraefikSetup {
            var files = TLSExamples.workspace([TLSExamples.traefikPath: compose])
            files.merge(extra) { $1 }
            let workspace = Workspace(root: "/w", files: MemoryFileSource(files), environment: [:])
            return try #require(try WorkspaceLoader(workspace: workspace).load().traefik.first)
        }
        let withFile = try setup("""
            services:
              traefik:
                image: traefik:v3.1
                command: [--configFile=/config/static.toml, --providers.docker.network=ignored]
                volumes: [./static:/config]
            """, ["forge/static/static.toml": "[providers.docker]\nnetwork = \"edge\"\n"])
        #expect(withFile.staticConfiguration.source == .file("forge/static/static.toml"))
        #expect(withFile.staticConfiguration.value("providers.docker.network")?.value == "edge")
        #expect(withFile.staticConfiguration.value("providers.docker.network")?.location.line == 2)
        #expect(withFile.staticConfiguration.labelProviderEnabled)

        let withEnvironment = try setup("""
            services:
              traefik:
                image: traefik:v3.1
                environment:
                  TRAEFIK_PROVIDERS_FILE_FILENAME: /etc/traefik/dynamic/certificates.yml
                volumes: [./config/traefik:/etc/traefik/dynamic]
            """)
        #expect(withEnvironment.staticConfiguration.source == .environment)
        #expect(withEnvironment.loadedFiles.map(\.workspacePath) == ["forge/config/traefik/certificates.yml"])
        // No Docker provider: label routers are not Traefik's.
        #expect(withEnvironment.routers.isEmpty)

        // A named volume or a host folder at /etc/traefik does not hide the flags.
        for volume in ["traefik-data", "/srv/traefik"] {
            let stateFolder = try setup("""
                services:
                  traefik:
                    image: traefik:v3.1
                    command: [--providers.file.directory=/etc/traefik/dynamic]
                    volumes: [\(volume):/etc/traefik, ./config/traefik:/etc/traefik/dynamic]
                volumes:
                  traefik-data: {}
                """)
            #expect(stateFolder.staticConfiguration.source == .command, "\(volume)")
            #expect(stateFolder.loadedFiles.map(\.workspacePath) == ["forge/config/traefik/certificates.yml"])
        }

        let fromOutside = try setup("""
            services:
              traefik:
                image: traefik:v3.1
                volumes: [/srv/traefik:/etc/traefik]
            """)
        guard case .unreadable = fromOutside.staticConfiguration.source else {
            Issue.record("a static folder from outside the workspace cannot be read: \(fromOutside.staticConfiguration.source)")
            return
        }
    }

    @Test func tomlDynamicFileKeepsLocations() throws {
        let toml = """
            # certificates
            [[tls.certificates]]
              certFile = "/certs/a.pem"
              keyFile = "/certs/a-key.pem"

            [[tls.certificates]]
              certFile = "/certs/b.pem"
              keyFile = "/certs/b-key.pem"
              stores = ["default"]

            [tls.stores.default.defaultCertificate]
              certFile = "/certs/a.pem"
              keyFile = "/certs/a-key.pem"

            [http.routers.api]
              rule = "Host(`api.axiom.local`)"
              [http.routers.api.tls]
                certResolver = "le"
            """
        let document = try #require(try TraefikConfigParser.parse(toml, file: "c/tls.toml"))
        let mounts = TraefikMounts(mounts: [], projectDirectory: "c", workspaceRoot: "/w")
        let file = TraefikDynamicFile(document: document, containerPath: "/c/tls.toml", workspacePath: "c/tls.toml", mounts: mounts, files: MemoryFileSource([:]))
        #expect(file.certificates.map(\.certFile.value.location.line) == [3, 7, 12])
        #expect(file.certificates.compactMap { $0.keyFile?.value.location.line } == [4, 8, 13])
        #expect(file.certificates.first?.certFile.value.location.column == 3)
        #expect(file.certificates.map(\.role) == [.certificate(index: 0, stores: []), .certificate(index: 1, stores: ["default"]), .defaultCertificate(store: "default")])
        let router = try #require(file.routers.first)
        #expect(router.hosts == ["api.axiom.local"])
        #expect(router.rule?.location.line == 16)
        #expect(router.certResolver?.value == "le")
        #expect(router.certResolver?.location.line == 18)
    }

    @Test func brokenLoadedDynamicFileIsAnInputError() {
        let files = TLSExamples.workspace([TLSExamples.dynamicPath: "tls:\n  certificates: [\n"])
        let workspace = Workspace(root: "/w", files: MemoryFileSource(files), environment: [:])
        #expect(throws: InputErrors.self) { try Validator(workspace: workspace, rules: [CertificateFileRule.self]).validate() }
        let toml = TLSExamples.workspace(["forge/config/traefik/broken.toml": "[tls\ncertFile = 1\n"])
        do {
            _ = try WorkspaceLoader(workspace: Workspace(root: "/w", files: MemoryFileSource(toml), environment: [:])).load()
            Issue.record("a TOML syntax error must be an input error")
        } catch {
            #expect(error.errors.first?.file == "forge/config/traefik/broken.toml")
            #expect(error.errors.first?.line == 1)
        }
    }

    @Test func noTraefikNoTLSFindings() throws {
        var files = TLSExamples.workspace()
        files[TLSExamples.traefikPath] = "services:\n  traefik:\n    image: nginx:1.27\n"
        let workspace = Workspace(root: "/w", files: MemoryFileSource(files), environment: [:])
        let report = try Validator(workspace: workspace, rules: [LocalDomainACMERule.self, CertificateFileRule.self, CertificateCoverageRule.self, FileProviderRule.self]).validate()
        #expect(report.context.traefik.isEmpty)
        #expect(report.findings.isEmpty)
    }

    @Test func diskListingStaysInsideTheRoot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("infractl-list-\(UUID().uuidString)")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("infractl-outside-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("config/sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "a".write(to: root.appendingPathComponent("config/a.yml"), atomically: true, encoding: .utf8)
        try "b".write(to: root.appendingPathComponent("config/sub/b.toml"), atomically: true, encoding: .utf8)
        try "secret".write(to: outside.appendingPathComponent("c.yml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("config/link"), withDestinationURL: outside)
        let source = DiskFileSource(root: root.path)
        #expect(source.files(under: "config") == ["config/a.yml", "config/sub/b.toml"])
        #expect(source.files(under: "../") == [])
        #expect(source.files(under: "missing") == [])
    }
}
