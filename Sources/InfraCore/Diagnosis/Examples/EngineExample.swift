import DockerEngine
import Foundation

/// What the engine and the host show in an example of a cause or a live check: the
/// containers, the sockets holding host ports, and the health probes' answers.
public struct EngineExample: Sendable {
    /// Every container the engine lists.
    public var containers: [ContainerExample]
    /// Sockets on the host that hold ports, outside Docker.
    public var hostPorts: [HostPortHolder]
    /// The networks that exist; nil for those the containers are on, the workspace's external
    /// networks and `bridge`.
    public var networks: [String]?
    /// The answer of each service's health probe, by service name (HLT001, HLT002).
    public var probes: [String: ProbeOutcome]
    /// What `docker compose up` printed for each compose project it failed for, by project
    /// name (UP001).
    public var composeFailures: [String: String]
    /// What each running container used, by container name (PERF001, PERF003).
    public var usage: [String: ResourceUsage]
    /// Each container's last health-check durations against its timeout (PERF004).
    public var healthTimings: [String: HealthCheckTiming]
    /// The swarm's services, tasks and nodes (RUN010, RUN011); nil off a swarm.
    public var swarm: SwarmState?

    /// An engine state with these containers, sockets, networks, probe answers and compose failures.
    public init(
        _ containers: [ContainerExample] = [], hostPorts: [HostPortHolder] = [], networks: [String]? = nil,
        probes: [String: ProbeOutcome] = [:], composeFailures: [String: String] = [:],
        usage: [String: ResourceUsage] = [:], healthTimings: [String: HealthCheckTiming] = [:], swarm: SwarmState? = nil
    ) {
        self.swarm = swarm
        self.usage = usage
        self.healthTimings = healthTimings
        self.containers = containers
        self.hostPorts = hostPorts
        self.networks = networks
        self.probes = probes
        self.composeFailures = composeFailures
    }

    /// The moment examples are read at.
    public static let takenAt = Date(timeIntervalSince1970: 1_800_000_000)

    /// The engine snapshot of the example, for a workspace whose external networks are
    /// `external`.
    public func snapshot(externalNetworks external: [String] = [], workspaceRoot: String = "/example") -> EngineSnapshot {
        let containers = containers.enumerated().map { $0.element.snapshot(index: $0.offset, workspaceRoot: workspaceRoot) }
        let names = networks ?? Array(Set(containers.flatMap { $0.networks.keys } + external + ["bridge"])).sorted()
        return EngineSnapshot(
            engineAddress: "unix:///var/run/docker.sock", info: EngineInfo(serverVersion: "28.2.2"),
            containers: containers, networks: names.map { DockerNetwork(id: "id-\($0)", name: $0) },
            hostPorts: hostPorts, takenAt: Self.takenAt, swarm: swarm)
    }

    /// A process on the host listening on `port`.
    public static func process(_ name: String, pid: Int32, port: Int) -> HostPortHolder {
        HostPortHolder(port: port, transport: .tcp, address: "0.0.0.0", pid: pid, processName: name)
    }
}

extension EngineExample {
    /// The example as `infractl stats` reads it.
    public func performanceSnapshot(externalNetworks external: [String] = [], workspaceRoot: String = "/example") -> PerformanceSnapshot {
        PerformanceSnapshot(
            engine: snapshot(externalNetworks: external, workspaceRoot: workspaceRoot), usage: usage, healthTimings: healthTimings)
    }

    /// The containers as `infractl health` reads them.
    public func healthSnapshot() -> HealthSnapshot {
        var found: [String: HealthSnapshot.Container] = [:]
        for (index, example) in containers.enumerated() {
            guard let details = example.snapshot(index: index, workspaceRoot: "/example").details else { continue }
            found[example.name] = HealthSnapshot.Container(details)
        }
        return HealthSnapshot(containers: found, engineAddress: "unix:///var/run/docker.sock")
    }
}
