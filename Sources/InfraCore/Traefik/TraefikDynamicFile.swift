/// A file of Traefik's dynamic configuration read by (or meant for) the file provider: its TLS
/// certificates, stores and options, and its routers.
public struct TraefikDynamicFile: Sendable {
    /// Where the file is, in the container and in the workspace.
    public var containerPath: String
    public var workspacePath: String
    public var certificates: [TraefikCertificate]
    /// Names of `tls.options` entries, where they are written.
    public var options: [Located<String>]
    public var routers: [TraefikRouter]

    public init(containerPath: String, workspacePath: String, certificates: [TraefikCertificate] = [], options: [Located<String>] = [], routers: [TraefikRouter] = []) {
        self.containerPath = containerPath
        self.workspacePath = workspacePath
        self.certificates = certificates
        self.options = options
        self.routers = routers
    }

    /// Reads the TLS section and routers of a parsed document; certificate and key paths are
    /// traced through `mounts` and read from `files` when they are workspace files.
    init(document: YAMLNode?, containerPath: String, workspacePath: String, mounts: TraefikMounts, files: any FileSource) {
        self.init(containerPath: containerPath, workspacePath: workspacePath)
        guard let document else { return }
        let tls = document.traefik("tls")
        for (index, entry) in (tls?.traefik("certificates")?.items ?? []).enumerated() {
            let stores = entry.traefik("stores")?.items?.compactMap(\.scalarText) ?? []
            if let certificate = TraefikCertificate(entry, role: .certificate(index: index, stores: stores), mounts: mounts, files: files) {
                certificates.append(certificate)
            }
        }
        for store in tls?.traefik("stores")?.pairs ?? [] {
            guard let name = store.key.scalar?.string, let entry = store.value.traefik("defaultcertificate") else { continue }
            if let certificate = TraefikCertificate(entry, role: .defaultCertificate(store: name), mounts: mounts, files: files) {
                certificates.append(certificate)
            }
        }
        options = (tls?.traefik("options")?.pairs ?? []).compactMap { pair in
            pair.key.scalar.map { Located($0.string, at: pair.key.location) }
        }
        routers = TraefikRouter.fromDynamic(document, file: workspacePath)
    }

    /// Whether the file configures certificates.
    public var hasCertificates: Bool { !certificates.isEmpty }
}

/// A certificate of the dynamic configuration (`tls.certificates[]` or a store's
/// `defaultCertificate`), with its files traced to the host and, where readable, parsed.
public struct TraefikCertificate: Sendable {
    /// Which entry of the configuration it is.
    public enum Role: Sendable, Hashable {
        case certificate(index: Int, stores: [String])
        case defaultCertificate(store: String)
    }

    public var role: Role
    public var certFile: TraefikFileReference
    public var keyFile: TraefikFileReference?
    /// The leaf certificate, when the file was read and parsed.
    public var summary: CertificateSummary?
    /// Why the certificate could not be parsed, when it was read but is not a certificate.
    public var certificateError: String?
    /// Whether the key file holds the certificate's private key; `nil` when either could not be
    /// read.
    public var keyMatches: Bool?
    /// Why the key file could not be used, when it was read but holds no usable key.
    public var keyError: String?

    init?(_ node: YAMLNode, role: Role, mounts: TraefikMounts, files: any FileSource) {
        guard let certNode = node.traefik("certfile"), let certValue = certNode.scalarText else { return nil }
        self.role = role
        certFile = TraefikFileReference(Located(certValue, at: Self.entryLocation(node, "certfile")), mounts: mounts, files: files)
        if let keyNode = node.traefik("keyfile"), let keyValue = keyNode.scalarText {
            keyFile = TraefikFileReference(Located(keyValue, at: Self.entryLocation(node, "keyfile")), mounts: mounts, files: files)
        }
        if let text = certFile.text {
            do throws(PEMCertificates.ParseError) {
                summary = try PEMCertificates.summary(ofChain: text)
            } catch {
                certificateError = error.description
            }
        }
        if summary != nil, let certificate = certFile.text, let key = keyFile?.text {
            do throws(PEMCertificates.ParseError) {
                keyMatches = try PEMCertificates.keyMatches(certificatePEM: certificate, keyPEM: key)
            } catch {
                keyError = error.description
            }
        }
    }

    /// The place of a `certFile:`/`keyFile:` entry: its key, where a person edits it.
    private static func entryLocation(_ node: YAMLNode, _ key: String) -> SourceLocation {
        node.traefikKeyLocation(key) ?? node.traefik(key)?.location ?? node.location
    }
}

/// A `certFile` or `keyFile` value: a container path (or PEM text given in place), traced to
/// the host and read when it is a workspace file.
public struct TraefikFileReference: Sendable {
    /// The value as written, at its entry.
    public var value: Located<String>
    /// Where the container path comes from; `nil` when the value is PEM text itself.
    public var path: ContainerPath?
    /// The file's text, when it is a workspace file that exists, or the PEM given in place.
    public var text: String?
    /// Whether the workspace file exists (`nil` when it cannot be told).
    public var exists: Bool?

    init(_ value: Located<String>, mounts: TraefikMounts, files: any FileSource) {
        self.value = value
        if value.value.contains("-----BEGIN") {
            text = value.value
            exists = true
            return
        }
        let path = mounts.resolve(value.value)
        self.path = path
        switch path.origin {
        case .workspace(let file):
            text = try? files.text(of: file)
            exists = text != nil || files.exists(file)
        case .notMounted:
            exists = false
        case .outsideWorkspace, .volume:
            exists = nil
        }
    }

    /// The path to show: the workspace file, else the container path, else "inline PEM".
    public var display: String { path?.display ?? "inline PEM in \(value.location.file)" }
}
