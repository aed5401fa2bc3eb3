/// One Traefik service of the platform as the TLS rules see it: its static configuration, the
/// dynamic files its file provider loads (and those it mounts but never loads), the routers it
/// serves, and how its container paths map to workspace files.
public struct TraefikSetup: Sendable {
    /// The platform name of the service (container name, else compose key).
    public var name: String
    /// The registry app of the service, when registered.
    public var app: String?
    /// The base compose file of its project.
    public var projectFile: String
    public var service: ComposeService
    public var staticConfiguration: TraefikStaticConfiguration
    public var mounts: TraefikMounts
    /// The dynamic files the file provider loads, read from the workspace.
    public var loadedFiles: [TraefikDynamicFile]
    /// Configuration files with certificates that the service mounts but its file provider
    /// does not load.
    public var unloadedFiles: [TraefikDynamicFile]
    /// The routers it serves: from container labels (when a Docker or Swarm provider is on) and
    /// from the loaded dynamic files.
    public var routers: [TraefikRouter]

    public init(
        name: String, app: String? = nil, projectFile: String, service: ComposeService,
        staticConfiguration: TraefikStaticConfiguration, mounts: TraefikMounts,
        loadedFiles: [TraefikDynamicFile] = [], unloadedFiles: [TraefikDynamicFile] = [], routers: [TraefikRouter] = []
    ) {
        self.name = name
        self.app = app
        self.projectFile = projectFile
        self.service = service
        self.staticConfiguration = staticConfiguration
        self.mounts = mounts
        self.loadedFiles = loadedFiles
        self.unloadedFiles = unloadedFiles
        self.routers = routers
    }

    /// Every certificate of the loaded dynamic files, in file order.
    public var certificates: [TraefikCertificate] { loadedFiles.flatMap(\.certificates) }

    /// Whether a router is served over TLS: `tls` or a cert resolver on the router, or an entry
    /// point it is attached to (every entry point when it names none) that enables TLS.
    public func usesTLS(_ router: TraefikRouter) -> Bool {
        if router.tls != nil || router.certResolver != nil { return true }
        return entryPoints(of: router).contains { staticConfiguration.entryPointHasTLS($0) }
    }

    /// The certificate resolver that serves a router: its own, else, when the router sets no
    /// TLS of its own, one of its entry points' (Traefik gives such routers the entry point's TLS).
    public func certResolver(of router: TraefikRouter) -> Located<String>? {
        if let own = router.certResolver { return own }
        guard router.tls == nil else { return nil }
        return entryPoints(of: router).lazy.compactMap { staticConfiguration.entryPointCertResolver($0) }.first
    }

    private func entryPoints(of router: TraefikRouter) -> [String] {
        router.entryPoints ?? staticConfiguration.entryPoints
    }
}
