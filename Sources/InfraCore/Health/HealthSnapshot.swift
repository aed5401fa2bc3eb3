import DockerEngine

/// What the Docker engine says about the registry's containers, read once per health check:
/// each one's state and the record of its health check. When the engine cannot be read the
/// snapshot says why, and health goes on with the probes alone.
public struct HealthSnapshot: Sendable, Hashable {
    /// One container as health needs it.
    public struct Container: Sendable, Hashable {
        public var name: String
        public var status: ContainerStatus
        public var exitCode: Int
        public var oomKilled: Bool
        public var restartCount: Int
        /// Present when the container has a health check.
        public var health: ContainerHealth?

        public init(
            name: String, status: ContainerStatus, exitCode: Int = 0, oomKilled: Bool = false, restartCount: Int = 0,
            health: ContainerHealth? = nil
        ) {
            self.name = name
            self.status = status
            self.exitCode = exitCode
            self.oomKilled = oomKilled
            self.restartCount = restartCount
            self.health = health
        }

        init(_ details: ContainerDetails) {
            self.init(
                name: details.name, status: details.state.status, exitCode: details.state.exitCode,
                oomKilled: details.state.oomKilled, restartCount: details.restartCount, health: details.state.health)
        }

        /// The last run of the health check, when there was one.
        public var lastProbe: HealthProbeResult? { health?.log.last }
    }

    /// The containers found, by name.
    public var containers: [String: Container]
    /// The engine's address, as `DOCKER_HOST` writes it.
    public var engineAddress: String
    /// Why the engine could not be read; nil when it was.
    public var engineProblem: String?

    public init(containers: [String: Container] = [:], engineAddress: String, engineProblem: String? = nil) {
        self.containers = containers
        self.engineAddress = engineAddress
        self.engineProblem = engineProblem
    }

    /// Whether the engine answered.
    public var engineReachable: Bool { engineProblem == nil }

    /// Lists every container and inspects, all at once, those named in `names`. A swarm
    /// task's container stands for the registry service `swarmServices` maps its swarm service
    /// to (a running one before one that stopped). An engine that cannot be reached, or answers
    /// with an error, gives a snapshot with `engineProblem` set.
    public static func read(
        from engine: any DockerEngine, address: String, names: Set<String>, swarmServices: [String: String] = [:],
        swarm: Bool = false
    ) async -> HealthSnapshot {
        do {
            var chosen: [String: ContainerSummary] = [:]
            for summary in try await engine.containers(all: true) {
                if names.contains(summary.name) {
                    chosen[summary.name] = summary
                } else if let swarm = summary.swarmServiceName, let name = swarmServices[swarm], names.contains(name) {
                    if let held = chosen[name], held.name == name || held.state == .running { continue }
                    chosen[name] = summary
                }
            }
            let found = try await withThrowingTaskGroup(of: (String, Container)?.self) { group in
                for (name, summary) in chosen {
                    group.addTask {
                        do {
                            var container = Container(try await engine.inspectContainer(id: summary.id))
                            container.name = name
                            return (name, container)
                        } catch let error as DockerEngineError where error.kind == .notFound {
                            return nil  // removed between the list and the inspect
                        }
                    }
                }
                var containers: [String: Container] = [:]
                for try await entry in group {
                    if let (name, container) = entry { containers[name] = container }
                }
                return containers
            }
            var containers = found
            if swarm, let manager = engine as? any DockerSwarmReading {
                // A task running on another node has no container here: the swarm's word for it.
                let state = try await SwarmState.read(from: manager)
                for service in state.services {
                    guard let name = swarmServices[service.name], names.contains(name), containers[name]?.status != .running else { continue }
                    if state.tasks(of: service).contains(where: \.isRunning) {
                        containers[name] = Container(name: name, status: .running)
                    }
                }
            }
            return HealthSnapshot(containers: containers, engineAddress: address)
        } catch let error as DockerEngineError {
            return HealthSnapshot(engineAddress: address, engineProblem: error.description)
        } catch {
            return HealthSnapshot(engineAddress: address, engineProblem: "\(error)")
        }
    }
}
