import Foundation
@testable import InfraCore
import Testing
import TestSupport

/// The TLS rules on certificates made at test time: by mkcert (with its CA in a temporary
/// folder) for the clean cases, by openssl for expired, not yet valid, soon expiring, wrong
/// domain and mismatched key. Without the tools the suite is skipped, except in CI, where a
/// missing tool fails it (scripts/test-env.sh installs both).
@Suite("TLS rules with real certificates", .requires(.certificateTools))
struct RealCertificateTests {
    static let tlsRules: [any Rule.Type] = [LocalDomainACMERule.self, CertificateFileRule.self, CertificateCoverageRule.self, FileProviderRule.self]
    static let day: TimeInterval = 86_400

    /// Where the example workspace reports: the certFile and keyFile entries, the router rule.
    static let certFileEntry = "\(TLSExamples.dynamicPath):3:7"
    static let keyFileEntry = "\(TLSExamples.dynamicPath):4:7"
    static let ruleLabel = "\(TLSExamples.appPath):7:9"

    /// A temporary workspace: the TLS example platform with `files` replaced.
    final class Scratch {
        let root: URL

        init(_ files: [String: String] = [:]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("infractl-tls-\(UUID().uuidString)")
            var all = TLSExamples.workspace(files)
            all[TLSExamples.certificatePath] = nil
            all[TLSExamples.keyPath] = nil
            try FileManager.default.createDirectory(at: root.appendingPathComponent("forge/certs"), withIntermediateDirectories: true)
            for (path, text) in all {
                let url = root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

        func text(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }

        /// The TLS findings at `now`, as `file:line:column message`.
        func findings(at now: Date = Date()) throws -> [Finding] {
            let workspace = Workspace(root: root.path, files: DiskFileSource(root: root.path), environment: [:])
            return try Validator(workspace: workspace, rules: RealCertificateTests.tlsRules, clock: { now }).validate().findings
        }
    }

    static func places(_ findings: [Finding]) -> [String] {
        findings.compactMap(\.location).map { "\($0.file):\($0.line):\($0.column)" }.sorted()
    }

    static func describe(_ findings: [Finding]) -> String {
        findings.map { "\($0.location?.description ?? "-") \($0.rule) \($0.severity) \($0.message)" }.joined(separator: "\n")
    }

    /// A self-signed certificate for the example's names made by openssl from `key`.
    static func selfSigned(_ scratch: Scratch, key: String, days: Int, names: String = "DNS:*.axiom.local,DNS:axiom.local") throws {
        let openssl = try CertificateTools.require("openssl")
        try CertificateTools.run(openssl, [
            "req", "-x509", "-key", scratch.path(key), "-out", scratch.path(TLSExamples.certificatePath),
            "-days", "\(days)", "-subj", "/O=infractl tests/CN=axiom.local", "-addext", "subjectAltName=\(names)",
            "-set_serial", "4097", "-sha256",
        ])
    }

    /// A private key of `kind` (rsa, p256, p384, ed25519) at `path`.
    static func makeKey(_ scratch: Scratch, _ kind: String, at path: String) throws {
        let openssl = try CertificateTools.require("openssl")
        let out = scratch.path(path)
        switch kind {
        case "rsa": try CertificateTools.run(openssl, ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", out])
        // `ecparam -genkey` writes an EC PARAMETERS block before a SEC1 EC PRIVATE KEY.
        case "p256": try CertificateTools.run(openssl, ["ecparam", "-name", "prime256v1", "-genkey", "-out", out])
        case "p384": try CertificateTools.run(openssl, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", out])
        case "ed25519": try CertificateTools.run(openssl, ["genpkey", "-algorithm", "ED25519", "-out", out])
        default: Issue.record("unknown key kind \(kind)")
        }
    }

    @Test("mkcert certificates for *.axiom.local are clean", arguments: [false, true])
    func mkcertIsClean(ecdsa: Bool) throws {
        let mkcert = try CertificateTools.require("mkcert")
        let scratch = try Scratch([TLSExamples.appPath: TLSExamples.app(rule: "Host(`nexus.axiom.local`) || Host(`axiom.local`)")])
        try CertificateTools.run(
            mkcert, (ecdsa ? ["-ecdsa"] : []) + [
                "-cert-file", scratch.path(TLSExamples.certificatePath), "-key-file", scratch.path(TLSExamples.keyPath),
                "*.axiom.local", "axiom.local",
            ],
            environment: ["CAROOT": scratch.path("ca")])
        let summary = try PEMCertificates.summary(ofChain: scratch.text(TLSExamples.certificatePath))
        #expect(Set(summary.dnsNames) == ["*.axiom.local", "axiom.local"])
        #expect(try PEMCertificates.keyMatches(certificatePEM: scratch.text(TLSExamples.certificatePath), keyPEM: scratch.text(TLSExamples.keyPath)))
        let findings = try scratch.findings()
        #expect(findings.isEmpty, "\(Self.describe(findings))")

        // One label more than the wildcard covers.
        try TLSExamples.app(rule: "Host(`a.nexus.axiom.local`)").write(toFile: scratch.path(TLSExamples.appPath), atomically: true, encoding: .utf8)
        let uncovered = try scratch.findings()
        #expect(Self.places(uncovered) == [Self.ruleLabel], "\(Self.describe(uncovered))")
        #expect(uncovered.first?.message.hasPrefix("Certificate forge/certs/axiom.local.pem does not cover a.nexus.axiom.local.") == true)
    }

    @Test("openssl: expired, not yet valid, expiring within 14 days")
    func validityDates() throws {
        let scratch = try Scratch()
        try Self.makeKey(scratch, "rsa", at: TLSExamples.keyPath)
        try Self.selfSigned(scratch, key: TLSExamples.keyPath, days: 1)
        let expired = try scratch.findings(at: Date().addingTimeInterval(2 * Self.day))
        #expect(Self.places(expired) == [Self.certFileEntry], "\(Self.describe(expired))")
        #expect(expired.first?.message.contains("expired on") == true)
        #expect(expired.first?.severity == .error)

        try Self.selfSigned(scratch, key: TLSExamples.keyPath, days: 30)
        // Read the clock after openssl has run: the certificate starts the second it is made.
        let now = Date()
        let clean = try scratch.findings(at: now)
        #expect(clean.isEmpty, "\(Self.describe(clean))")

        let early = try scratch.findings(at: now.addingTimeInterval(-2 * Self.day))
        #expect(Self.places(early) == [Self.certFileEntry], "\(Self.describe(early))")
        #expect(early.first?.message.contains("is not valid before") == true)
        #expect(early.first?.severity == .error)

        let soon = try scratch.findings(at: now.addingTimeInterval(20 * Self.day))
        #expect(Self.places(soon) == [Self.certFileEntry], "\(Self.describe(soon))")
        #expect(soon.first?.severity == .warning)
        #expect(soon.first?.message.contains("expires on") == true)
    }

    @Test("openssl: a certificate for another domain")
    func wrongDomain() throws {
        let scratch = try Scratch()
        try Self.makeKey(scratch, "p256", at: TLSExamples.keyPath)
        try Self.selfSigned(scratch, key: TLSExamples.keyPath, days: 30, names: "DNS:nexus.other.test,IP:127.0.0.1")
        let findings = try scratch.findings()
        #expect(Self.places(findings) == [Self.ruleLabel], "\(Self.describe(findings))")
        #expect(findings.first?.rule == "TLS003")
        #expect(findings.first?.message.hasPrefix("Certificate forge/certs/axiom.local.pem does not cover nexus.axiom.local.") == true)
        #expect(findings.first?.evidence.contains("forge/certs/axiom.local.pem: nexus.other.test, 127.0.0.1") == true)
    }

    @Test("openssl: the key file holds another key", arguments: ["rsa", "p256", "p384", "ed25519"])
    func mismatchedKey(kind: String) throws {
        let scratch = try Scratch()
        try Self.makeKey(scratch, kind, at: "forge/certs/signing-key.pem")
        try Self.makeKey(scratch, kind, at: TLSExamples.keyPath)
        try Self.selfSigned(scratch, key: "forge/certs/signing-key.pem", days: 30)
        let findings = try scratch.findings()
        #expect(Self.places(findings) == [Self.keyFileEntry], "\(Self.describe(findings))")
        #expect(findings.first?.message == "Key file forge/certs/axiom.local-key.pem does not hold the private key of certificate forge/certs/axiom.local.pem.")

        // The signing key itself is the right one.
        try FileManager.default.removeItem(atPath: scratch.path(TLSExamples.keyPath))
        try FileManager.default.copyItem(atPath: scratch.path("forge/certs/signing-key.pem"), toPath: scratch.path(TLSExamples.keyPath))
        let clean = try scratch.findings()
        #expect(clean.isEmpty, "\(Self.describe(clean))")
    }
}

/// Finding and running mkcert and openssl.
enum CertificateTools {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not installed; CI needs it (scripts/test-env.sh installs it)" }
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static func require(_ name: String) throws -> String {
        guard let path = Prerequisite.executable(name) else { throw Missing(name: name) }
        return path
    }

    /// Runs `executable` with `arguments` (no shell), failing on a non-zero exit.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: data, as: UTF8.self))")
        }
    }
}
