import DockerEngine
import Foundation

/// One container of an example engine, written small: its name (the registry name it
/// implements), how it ended, what it logged, the networks and ports it has.
public struct ContainerExample: Sendable {
    /// Where the container is in its life.
    public enum State: Sendable, Hashable {
        case running
        case exited(code: Int)
        case restarting(code: Int)
        case created
    }

    /// The container name (the registry name of the service it implements).
    public var name: String
    /// The image it runs (`<name>:dev` unless given).
    public var image: String
    /// Running, exited, restarting or created.
    public var state: State
    /// Its health-check status, when it has one.
    public var health: HealthStatus?
    /// The output of its last failed health-check runs, oldest first.
    public var healthOutput: [String]
    /// The networks it is attached to, by engine name (`prism_default`).
    public var networks: [String]
    /// Published ports as `host:container` (`6000:8000`).
    public var ports: [String]
    /// Its last log lines, oldest first.
    public var logs: [String]
    /// Restarts by its restart policy.
    public var restarts: Int
    /// Whether the kernel killed it for its memory limit.
    public var oomKilled: Bool
    /// The engine's own start error (`Bind for 0.0.0.0:6000 failed: port is already allocated`).
    public var engineError: String
    /// The user it runs as (empty: root).
    public var user: String
    /// `host`, `container:<name>` or empty for the project's networks.
    public var networkMode: String
    /// The compose file (relative to the workspace) Compose made it from, for a container
    /// the registry does not name.
    public var composeFile: String?
    /// The compose key Compose made it from.
    public var composeService: String?

    /// A container named `name`; everything else as given.
    public init(
        _ name: String, image: String? = nil, state: State = .running, health: HealthStatus? = nil,
        healthOutput: [String] = [], networks: [String] = [], ports: [String] = [], logs: [String] = [],
        restarts: Int = 0, oomKilled: Bool = false, engineError: String = "", user: String = "", networkMode: String = "",
        composeFile: String? = nil, composeService: String? = nil
    ) {
        self.name = name
        self.image = image ?? "\(name):dev"
        self.state = state
        self.health = health
        self.healthOutput = healthOutput
        self.networks = networks
        self.ports = ports
        self.logs = logs
        self.restarts = restarts
        self.oomKilled = oomKilled
        self.engineError = engineError
        self.user = user
        self.networkMode = networkMode
        self.composeFile = composeFile
        self.composeService = composeService
    }

    /// The container as the engine would list, inspect and log it.
    public func snapshot(index: Int, workspaceRoot: String) -> ContainerSnapshot {
        let (status, code, statusText): (ContainerStatus, Int, String) = switch state {
        case .running: (.running, 0, "Up 5 minutes" + (health.map { $0 == .starting ? " (health: starting)" : " (\($0))" } ?? ""))
        case .exited(let code): (.exited, code, "Exited (\(code)) 1 minute ago")
        case .restarting(let code): (.restarting, code, "Restarting (\(code)) 2 seconds ago")
        case .created: (.created, 0, "Created")
        }
        var endpoints: [String: NetworkEndpoint] = [:]
        for (offset, network) in networks.enumerated() {
            endpoints[network] = NetworkEndpoint(ipAddress: "172.18.\(index + 1).\(offset + 2)")
        }
        let published: [ContainerSummary.Port] = status == .running ? ports.compactMap { mapping in
            let parts = mapping.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            return ContainerSummary.Port(ip: "0.0.0.0", privatePort: parts[1], publicPort: parts[0])
        } : []
        let mode = networkMode.isEmpty ? "default" : networkMode
        var labels: [String: String] = [:]
        if let composeFile, let composeService {
            let project = composeFile.split(separator: "/").dropLast().last.map(String.init) ?? "example"
            labels = [
                ComposeLabels.projectKey: project, ComposeLabels.serviceKey: composeService,
                ComposeLabels.configFilesKey: "\(workspaceRoot)/\(composeFile)",
            ]
        }
        let summary = ContainerSummary(
            id: "id-\(name)", names: ["/\(name)"], image: image, ports: published, labels: labels, state: status,
            status: statusText, networkMode: mode, networks: endpoints)
        let probes = healthOutput.map { HealthProbeResult(exitCode: 1, output: $0) }
        let health = health.map { ContainerHealth(status: $0, failingStreak: $0 == .unhealthy ? probes.count : 0, log: probes) }
        let details = ContainerDetails(
            id: summary.id, name: name, restartCount: restarts,
            state: ContainerState(
                status: status, running: status == .running, restarting: status == .restarting, oomKilled: oomKilled,
                exitCode: code, error: engineError, health: health),
            config: ContainerConfig(image: image, user: user, labels: labels),
            hostConfig: ContainerHostConfig(networkMode: mode),
            networkSettings: ContainerNetworkSettings(networks: endpoints))
        return ContainerSnapshot(summary: summary, details: details, logs: logs.map { ContainerLogLine(.stderr, $0) })
    }
}
