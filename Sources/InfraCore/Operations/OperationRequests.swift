/// `validate`: the registry and every compose file it names, plus a proposed change.
public struct ValidateRequest: Sendable {
    /// Workspace-relative compose files checked as a proposed change.
    public var proposedFiles: [String]
    /// Compose text checked as a proposed change, in memory, standing for a file of the
    /// workspace: `file`, else the development compose file of `app`.
    public var proposedText: ProposedText?
    /// Warnings fail too.
    public var strict: Bool
    /// The accepted findings left out of the report.
    public var baseline: BaselineChoice

    /// Compose text that stands for a file, without writing it.
    public struct ProposedText: Sendable {
        public var text: String
        public var app: String?
        public var file: String?

        public init(_ text: String, app: String? = nil, file: String? = nil) {
            self.text = text
            self.app = app
            self.file = file
        }
    }

    /// The orchestrator to check for (`--target`); the registry's `orchestrator` when nil.
    public var target: Orchestrator?

    public init(
        proposedFiles: [String] = [], proposedText: ProposedText? = nil, strict: Bool = false,
        target: Orchestrator? = nil, baseline: BaselineChoice = .standard
    ) {
        self.proposedFiles = proposedFiles
        self.proposedText = proposedText
        self.strict = strict
        self.target = target
        self.baseline = baseline
    }
}

/// `diagnose`: registry services against the engine and the host.
public struct DiagnoseRequest: Sendable {
    /// Registry services to diagnose with what they depend on; every service when empty.
    public var services: [String]
    /// Environments whose services must run; those that have containers when `nil`.
    public var environments: Set<Registry.Environment>?
    /// Log lines read from each failing container.
    public var logLines: Int
    public var strict: Bool
    /// The accepted findings left out of the report.
    public var baseline: BaselineChoice
    /// The orchestrator the platform runs on (`--target`); the registry's `orchestrator` when nil.
    public var target: Orchestrator?

    public init(
        services: [String] = [], environments: Set<Registry.Environment>? = nil, logLines: Int = 50, strict: Bool = false,
        baseline: BaselineChoice = .standard, target: Orchestrator? = nil
    ) {
        self.target = target
        self.services = services
        self.environments = environments
        self.logLines = logLines
        self.strict = strict
        self.baseline = baseline
    }
}

/// `health`: a probe and the Docker health of each service.
public struct HealthRequest: Sendable {
    /// Only these registry services; every service when empty.
    public var services: [String]
    public var strict: Bool
    /// The orchestrator the platform runs on (`--target`); the registry's `orchestrator` when nil.
    public var target: Orchestrator?

    public init(services: [String] = [], strict: Bool = false, target: Orchestrator? = nil) {
        self.target = target
        self.services = services
        self.strict = strict
    }
}

/// `graph`: the dependency graph.
public struct GraphRequest: Sendable {
    /// Only the services of these apps; every app when empty.
    public var apps: [String]

    public init(apps: [String] = []) { self.apps = apps }
}

/// `ports check`: whether a host port is free.
public struct PortCheckRequest: Sendable {
    public var port: Int
    /// Also check that the port lies in this app's range.
    public var app: String?

    public init(port: Int, app: String? = nil) {
        self.port = port
        self.app = app
    }
}

/// `ports allocate`: the lowest free port of an app's range, written to the registry.
public struct PortAllocateRequest: Sendable {
    public var app: String
    public var service: String
    public var type: String?
    public var internalPort: Int?

    public init(app: String, service: String, type: String? = nil, internalPort: Int? = nil) {
        self.app = app
        self.service = service
        self.type = type
        self.internalPort = internalPort
    }
}

/// `remove-service`: a service out of every file that has it.
public struct RemoveServiceRequest: Sendable {
    public var name: String
    /// Work out the change and its diff; write nothing.
    public var dryRun: Bool

    public init(name: String, dryRun: Bool = false) {
        self.name = name
        self.dryRun = dryRun
    }
}

/// `up` and `down`: the platform's compose projects, tier by tier.
public struct StartupRequest: Sendable {
    /// Only the services of these apps; every app when empty.
    public var apps: [String]
    /// Environments whose services to act on; dev (or every one without dev services) when `nil`.
    public var environments: Set<Registry.Environment>?
    /// Seconds each tier may take to be running and healthy (`up`).
    public var timeoutSeconds: Int
    /// Told of every step as it happens, its texts already masked.
    public var progress: @Sendable (StartupEvent) -> Void
    /// The orchestrator to start on (`--target`); the registry's `orchestrator` when nil.
    public var target: Orchestrator?

    public init(
        apps: [String] = [], environments: Set<Registry.Environment>? = nil, timeoutSeconds: Int = 300, target: Orchestrator? = nil,
        progress: @escaping @Sendable (StartupEvent) -> Void = { _ in }
    ) {
        self.target = target
        self.apps = apps
        self.environments = environments
        self.timeoutSeconds = timeoutSeconds
        self.progress = progress
    }
}

/// `logs`: the last lines a service's container wrote.
public struct LogsRequest: Sendable {
    public var service: String
    public var lines: Int

    public init(service: String, lines: Int = 100) {
        self.service = service
        self.lines = lines
    }
}

/// `stats`: resource usage of the registry's running containers.
public struct StatsRequest: Sendable {
    /// Only these registry services; every service when empty.
    public var services: [String]
    public var strict: Bool
    /// The orchestrator the platform runs on (`--target`); the registry's `orchestrator` when nil.
    public var target: Orchestrator?

    public init(services: [String] = [], strict: Bool = false, target: Orchestrator? = nil) {
        self.target = target
        self.services = services
        self.strict = strict
    }
}
