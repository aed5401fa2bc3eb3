import Foundation

/// Certificates that HTTPS probes trust beyond the system's roots: the workspace's own local CA,
/// so that `https://grafana.axiom.local` served with an mkcert certificate checks out without
/// `mkcert -install`.
public struct TrustedCertificates: Sendable, Hashable {
    /// One PEM text and where it was read.
    public struct Source: Sendable, Hashable {
        /// A workspace-relative path (or an absolute one outside the workspace).
        public var origin: String
        public var pem: String

        public init(origin: String, pem: String) {
            self.origin = origin
            self.pem = pem
        }
    }

    public var sources: [Source]

    public init(sources: [Source] = []) { self.sources = sources }

    /// The file name mkcert gives its root certificate.
    public static let mkcertRootName = "rootCA.pem"

    /// The workspace's certificates as the Traefik model finds them: every certificate its
    /// Traefik services load (a self-signed one is its own root) and the mkcert root
    /// (`rootCA.pem`) in the same folder; plus `rootCA.pem` in mkcert's `CAROOT` when that
    /// variable is set.
    public static func workspace(
        _ context: ValidationContext, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TrustedCertificates {
        var sources: [Source] = []
        var seen = Set<String>()
        func add(_ origin: String, _ pem: String?) {
            guard let pem, pem.contains("-----BEGIN CERTIFICATE-----"), seen.insert(origin).inserted else { return }
            sources.append(Source(origin: origin, pem: Self.certificateBlocks(pem)))
        }
        for setup in context.traefik {
            for certificate in setup.certificates + setup.unloadedFiles.flatMap(\.certificates) {
                guard let file = certificate.certFile.path?.workspacePath else { continue }
                add(file, certificate.certFile.text)
                let folder = WorkspacePath.directory(of: file)
                let root = folder.isEmpty ? mkcertRootName : "\(folder)/\(mkcertRootName)"
                add(root, try? context.files.text(of: root))
            }
        }
        if let caroot = environment["CAROOT"], !caroot.isEmpty {
            let path = URL(fileURLWithPath: caroot).appendingPathComponent(mkcertRootName).path
            add(path, try? String(contentsOfFile: path, encoding: .utf8))
        }
        return TrustedCertificates(sources: sources)
    }

    /// Only the `CERTIFICATE` blocks of a PEM text (a combined file may hold a key too).
    static func certificateBlocks(_ pem: String) -> String {
        PEMCertificates.blocks(pem).filter { $0.label == "CERTIFICATE" }.map(\.text).joined(separator: "\n") + "\n"
    }
}
