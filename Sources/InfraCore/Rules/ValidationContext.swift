import Foundation

/// Everything the static rules read: the registry, the compose projects it names (and any
/// proposed ones), and the workspace's documents. Rules are pure functions of it.
public struct ValidationContext: Sendable {
    public var registry: Registry {
        didSet {
            entries = Self.entries(projects, registry)
            shared = SharedIndexes()
        }
    }
    /// One project per registry compose file (base plus overlays), then proposed ones.
    public var projects: [ComposeProject] {
        didSet {
            projectIndex = Self.index(projects)
            entries = Self.entries(projects, registry)
            shared = SharedIndexes()
        }
    }
    /// Every compose service of every project, with its registry service where one matches.
    public private(set) var entries: [Entry]
    private var projectIndex: [String: Int]
    /// Compose files given as a proposed change, relative to the workspace root.
    public var proposedFiles: [String] {
        didSet { shared = SharedIndexes() }
    }
    /// What several rules read, worked out once per context by the first that asks (the
    /// rules run side by side); replaced whenever what it is worked out from changes.
    private var shared = SharedIndexes()
    /// Text of `.dev/infra/infrastructure.md`, when present.
    public var infrastructureDocument: String?
    /// The workspace's files, for rules that check referenced files exist.
    public var files: any FileSource
    /// The Traefik services of the projects with their configuration and certificates, read
    /// from the workspace (empty when the platform runs no Traefik).
    public var traefik: [TraefikSetup]
    /// The current date, for certificate validity; injected so that checks are repeatable.
    public var now: Date
    /// `--target`: what the platform is checked for, instead of the registry's `orchestrator`.
    public var targetOverride: Orchestrator?

    /// What runs the platform: `--target`, else the registry's `orchestrator`.
    public var target: Orchestrator { targetOverride ?? registry.orchestrator }

    public init(
        registry: Registry, projects: [ComposeProject], proposedFiles: [String] = [],
        infrastructureDocument: String? = nil, files: any FileSource = MemoryFileSource([:]),
        traefik: [TraefikSetup] = [], now: Date = Date()
    ) {
        self.registry = registry
        self.projects = projects
        self.projectIndex = Self.index(projects)
        self.entries = Self.entries(projects, registry)
        self.proposedFiles = proposedFiles
        self.infrastructureDocument = infrastructureDocument
        self.files = files
        self.traefik = traefik
        self.now = now
    }

    /// The published ports and the allocations by port, which the port rules share.
    var portIndex: PortIndex { shared.portIndex { PortIndex(self) } }

    /// A compose service together with the project it is in. A class: rules pass entries
    /// around by the thousand, and a copy of the three large values is a retain of each of
    /// their fields (about sixty), where a copy of the class is one.
    public final class Entry: Sendable {
        public let project: ComposeProject
        public let service: ComposeService
        /// The registry service it implements, if any.
        public let registered: Registry.Service?

        init(project: ComposeProject, service: ComposeService, registered: Registry.Service?) {
            self.project = project
            self.service = service
            self.registered = registered
        }
    }

    /// The project whose base file is `file`.
    public func project(file: String) -> ComposeProject? { projectIndex[file].map { projects[$0] } }

    private static func index(_ projects: [ComposeProject]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, project) in projects.enumerated() where index[project.file] == nil { index[project.file] = position }
        return index
    }

    private static func entries(_ projects: [ComposeProject], _ registry: Registry) -> [Entry] {
        var entries: [Entry] = []
        entries.reserveCapacity(projects.reduce(0) { $0 + $1.services.count })
        for project in projects {
            for service in project.services {
                entries.append(Entry(project: project, service: service, registered: registryService(for: service, in: project, registry)))
            }
        }
        return entries
    }

    /// The compose definition of a registry service: in the project of its `compose_file`, the
    /// service whose `container_name` (or key) is the registry name.
    public func composeService(for service: Registry.Service) -> ComposeService? {
        project(file: service.composeFile)?.service(container: service.name)
    }


    /// The registry service a compose service implements: same compose file, and its
    /// container name (or key) is the registry name.
    public func registryService(for service: ComposeService, in project: ComposeProject) -> Registry.Service? {
        Self.registryService(for: service, in: project, registry)
    }

    private static func registryService(for service: ComposeService, in project: ComposeProject, _ registry: Registry) -> Registry.Service? {
        guard let registered = registry.service(named: service.containerName ?? service.name), registered.composeFile == project.file else {
            return nil
        }
        return registered
    }

    /// The name a compose service goes by on the platform: its container name, else its key.
    public static func platformName(of service: ComposeService) -> String { service.containerName ?? service.name }
}

/// Indexes of a `ValidationContext` made once, by whichever rule asks first.
final class SharedIndexes: @unchecked Sendable {
    private let lock = NSLock()
    private var ports: PortIndex?

    func portIndex(_ make: () -> PortIndex) -> PortIndex {
        lock.lock()
        defer { lock.unlock() }
        if let ports { return ports }
        let made = make()
        ports = made
        return made
    }
}
