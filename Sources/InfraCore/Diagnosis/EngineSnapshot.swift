import DockerEngine
import Foundation

/// What the Docker engine and the host said at one moment, read once per diagnosis
/// (`EngineSnapshotReader`): every container, the details and logs of the ones that matter,
/// the networks, the engine's `/info`, and which sockets hold host ports. Analyzers read only
/// this, so tests build one by hand.
public struct EngineSnapshot: Sendable {
    /// The engine's address, as `DOCKER_HOST` writes it.
    public var engineAddress: String
    public var info: EngineInfo?
    public var containers: [ContainerSnapshot]
    public var networks: [DockerNetwork]
    /// Listening TCP and bound UDP sockets on the host.
    public var hostPorts: [HostPortHolder]
    /// Why the host's ports could not be read, when they could not (RUN007 then relies on the
    /// engine's published ports alone).
    public var hostPortsUnavailable: String?
    /// When it was read.
    public var takenAt: Date
    /// Parts that could not be read (a container removed between the list and its inspect).
    public var notes: [String]
    /// The swarm's services, tasks and nodes, read for `--target swarm`.
    public var swarm: SwarmState?

    public init(
        engineAddress: String = DockerHost.default.description, info: EngineInfo? = nil,
        containers: [ContainerSnapshot] = [], networks: [DockerNetwork] = [], hostPorts: [HostPortHolder] = [],
        hostPortsUnavailable: String? = nil, takenAt: Date = Date(), notes: [String] = [], swarm: SwarmState? = nil
    ) {
        self.swarm = swarm
        self.engineAddress = engineAddress
        self.info = info
        self.containers = containers
        self.networks = networks
        self.hostPorts = hostPorts
        self.hostPortsUnavailable = hostPortsUnavailable
        self.takenAt = takenAt
        self.notes = notes
    }

    /// The container with this name.
    public func container(named name: String) -> ContainerSnapshot? { containers.first { $0.name == name } }

    /// The network with this name.
    public func network(named name: String) -> DockerNetwork? { networks.first { $0.name == name } }

    /// The running containers that publish `port` on the host.
    public func containers(publishing port: Int) -> [ContainerSnapshot] {
        containers.filter { $0.isRunning && $0.publishedHostPorts.contains(port) }
    }

    /// The container whose address on some network is `address` (`172.18.0.2`).
    public func container(withAddress address: String) -> ContainerSnapshot? {
        containers.first { container in
            container.networks.values.contains { $0.ipAddress == address || $0.globalIPv6Address == address }
        }
    }
}

/// One container: the list's summary, plus its inspect and its last log lines when the reader
/// fetched them (for failing and recently restarted containers of the registry).
public struct ContainerSnapshot: Sendable {
    public var summary: ContainerSummary
    public var details: ContainerDetails?
    /// The last log lines, when read.
    public var logs: [ContainerLogLine]?
    /// Why the logs could not be read, when they could not.
    public var logsUnavailable: String?

    public init(
        summary: ContainerSummary, details: ContainerDetails? = nil, logs: [ContainerLogLine]? = nil,
        logsUnavailable: String? = nil
    ) {
        self.summary = summary
        self.details = details
        self.logs = logs
        self.logsUnavailable = logsUnavailable
    }

    public var name: String { summary.name }

    /// The lifecycle state, from the inspect when there is one.
    public var status: ContainerStatus { details?.state.status ?? summary.state }

    public var isRunning: Bool { status == .running }

    /// The health status: the inspect's, else read from the list's status text
    /// (`Up 2 minutes (unhealthy)`); nil without a health check.
    public var health: HealthStatus? {
        if let health = details?.state.health { return health.status == .none ? nil : health.status }
        let text = summary.status
        if text.contains("(unhealthy)") { return .unhealthy }
        if text.contains("(healthy)") { return .healthy }
        if text.contains("(health: starting)") { return .starting }
        return nil
    }

    /// The last run's exit code: the inspect's, else the list's `Exited (1) 3 minutes ago`.
    public var exitCode: Int? {
        if let details { return details.state.exitCode }
        return Self.exitCode(statusText: summary.status)
    }

    /// Restarts by the restart policy, known only from the inspect.
    public var restartCount: Int? { details?.restartCount }

    /// Whether it needs a closer look: not running (exited, dead, restarting, created), or
    /// running but unhealthy.
    public var isFailing: Bool {
        switch status {
        case .running: health == .unhealthy
        case .paused, .removing: false
        default: true
        }
    }

    /// The networks it is attached to, by name.
    public var networks: [String: NetworkEndpoint] {
        if let details, !details.networkSettings.networks.isEmpty { return details.networkSettings.networks }
        return summary.networks
    }

    /// `host`, `none`, `container:<id>`, or a network name / `default` / `bridge`.
    public var networkMode: String { details?.hostConfig.networkMode ?? summary.networkMode }

    /// Whether it shares another network stack (the host's or another container's), so it is on
    /// no network of its own.
    public var sharesNetworkStack: Bool {
        networkMode == "host" || networkMode == "none" || networkMode.hasPrefix("container:")
    }

    /// Host ports it publishes while running, each once (IPv4 and IPv6 bindings count once).
    public var publishedHostPorts: [Int] {
        Array(Set(summary.ports.compactMap(\.publicPort))).sorted()
    }

    /// Host ports it asks to publish, running or not: the inspect's port bindings, else what
    /// the list shows.
    public var requestedHostPorts: [Int] {
        guard let details else { return publishedHostPorts }
        return Array(Set(details.requestedPorts.compactMap(\.hostPort))).sorted()
    }

    /// The Compose project and service, when Compose made it.
    public var compose: ComposeLabels? { summary.compose }

    /// The log lines' text, oldest first.
    public var logText: [String] { (logs ?? []).map(\.text) }

    /// `1` of `Exited (1) 3 minutes ago` or `Restarting (1) 2 seconds ago`.
    static func exitCode(statusText: String) -> Int? {
        guard let open = statusText.firstIndex(of: "("), let close = statusText[open...].firstIndex(of: ")"),
            statusText.hasPrefix("Exited") || statusText.hasPrefix("Restarting")
        else { return nil }
        return Int(statusText[statusText.index(after: open)..<close])
    }

    /// How long it has been up, from `Up 3 minutes`, `Up About an hour`, `Up Less than a
    /// second`; nil when it is not up.
    static func uptime(statusText: String) -> TimeInterval? {
        guard statusText.hasPrefix("Up ") else { return nil }
        var words = statusText.dropFirst(3).split(separator: " ").map { $0.lowercased() }
        if let paren = words.firstIndex(where: { $0.hasPrefix("(") }) { words = Array(words[..<paren]) }
        if words.starts(with: ["less", "than", "a", "second"]) { return 0.5 }
        guard words.count >= 2 else { return nil }
        let amount: Double
        switch words[0] {
        case "about", "an", "a": amount = 1
        default:
            guard let number = Double(words[0]) else { return nil }
            amount = number
        }
        let unit = words[0] == "about" && words.count >= 3 ? words[2] : words[1]
        let seconds: Double
        switch unit.hasSuffix("s") ? String(unit.dropLast()) : unit {
        case "second": seconds = 1
        case "minute": seconds = 60
        case "hour": seconds = 3600
        case "day": seconds = 86400
        case "week": seconds = 604_800
        case "month": seconds = 2_592_000
        case "year": seconds = 31_536_000
        default: return nil
        }
        return amount * seconds
    }

    /// How long it has been up, read from the list's status text (`Up 3 minutes`); nil when
    /// it is not up.
    public var uptime: TimeInterval? { Self.uptime(statusText: summary.status) }

    /// Whether it is running but started well after it was created, recently: the engine (or
    /// someone) restarted it, so its restart count is worth reading. Either it started within
    /// the last minute, more than a minute after its creation, or within the last few seconds
    /// (a restart loop caught between two runs). Compose may take many seconds between creating
    /// and starting the containers of a large project; these bounds keep most of them out.
    func wasRestarted(now: Date) -> Bool {
        guard summary.state == .running, let uptime else { return false }
        let sinceCreation = now.timeIntervalSince(summary.createdDate) - uptime
        return (uptime < 60 && sinceCreation > 60) || (uptime < 5 && sinceCreation > 5)
    }
}

/// A swarm as its manager reported it at one moment: three lists, read at once.
public struct SwarmState: Sendable {
    public var services: [SwarmService]
    public var tasks: [SwarmTask]
    public var nodes: [SwarmNode]

    public init(services: [SwarmService] = [], tasks: [SwarmTask] = [], nodes: [SwarmNode] = []) {
        self.services = services
        self.tasks = tasks
        self.nodes = nodes
    }

    /// Reads the three lists at once.
    public static func read(from engine: any DockerSwarmReading) async throws -> SwarmState {
        async let services = engine.swarmServices()
        async let tasks = engine.swarmTasks()
        async let nodes = engine.swarmNodes()
        return try await SwarmState(services: services, tasks: tasks, nodes: nodes)
    }

    public func service(named name: String) -> SwarmService? { services.first { $0.name == name } }

    /// The service's tasks, newest first.
    public func tasks(of service: SwarmService) -> [SwarmTask] {
        tasks.filter { $0.serviceID == service.id }.sorted { $0.timestamp > $1.timestamp }
    }

    public func node(id: String) -> SwarmNode? { nodes.first { $0.id == id } }
}
