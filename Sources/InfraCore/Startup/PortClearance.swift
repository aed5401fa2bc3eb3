import DockerEngine

/// Whether the host ports of a plan are free, from what the engine and the host said at one
/// moment: a pure function, so the decision is tested without either.
///
/// A port is taken when another running container publishes it, or a socket on the host holds
/// it; a port the planned service's own running container already publishes (an `up` run
/// again) is not. Each taken port is a RUN007 finding naming the holder.
public struct PortClearance: Sendable {
    public let plan: StartupPlan
    /// Every container (running or not) the engine lists.
    public let containers: [ContainerSummary]
    /// The listening TCP and bound UDP sockets of the host.
    public let sockets: [HostPortHolder]

    public init(plan: StartupPlan, containers: [ContainerSummary], sockets: [HostPortHolder]) {
        self.plan = plan
        self.containers = containers
        self.sockets = sockets
    }

    /// One error per taken port.
    public func conflicts() -> [Finding] {
        let owners = ownership()
        return plan.ports.compactMap { port -> Finding? in
            let own = containers.first { $0.state == .running && owners[$0.id] == port.service }
            guard let holder = holder(of: port, own: own) else { return nil }
            var evidence = ["\(port.service) publishes \(port.port)/\(port.transport)"]
            switch holder {
            case .container(let name, let service):
                evidence.append("Container \(name)\(service.map { " (registry service \($0))" } ?? "") publishes \(port.port)")
            case .process(let socket):
                evidence.append("Host socket: \(socket)")
            }
            return HostPortAnalyzer.description.finding(
                "Port \(port.port) is in use by \(holder)", at: port.location, service: port.service, port: port.port,
                app: port.app, evidence: evidence, fix: Fix(file: port.location?.file, line: port.location?.line, explanation: Self.advice(holder, port)),
                verify: ["docker ps --filter publish=\(port.port) --format '{{.Names}} {{.Ports}}'", "ss -ltnp 'sport = :\(port.port)'"])
        }
    }

    /// What holds `port` other than `own`: another running container that publishes it, else a
    /// socket (Docker's proxy counts only when no running planned container explains it).
    private func holder(of port: StartupPlan.Port, own: ContainerSummary?) -> PortHolder? {
        let ownPublishes = own.map { Self.publishes($0, port) } ?? false
        if let other = containers.first(where: { $0.state == .running && $0.id != own?.id && Self.publishes($0, port) }) {
            let registered = plan.services.first { $0.name == other.name }?.name
            return .container(name: other.name, registryService: registered)
        }
        let held = sockets.filter { $0.port == port.port && $0.transport == port.transport }
        if let process = held.first(where: { $0.processName != "docker-proxy" }) { return .process(process) }
        if !ownPublishes, let proxy = held.first { return .process(proxy) }
        return nil
    }

    /// The planned registry service each listed container implements, by container id: the
    /// container of the service's name, or the one Compose made for its project and key.
    private func ownership() -> [String: String] {
        var byLabels: [String: String] = [:]
        var names: Set<String> = []
        for tier in plan.tiers {
            for project in tier.projects {
                for service in project.services {
                    byLabels["\(project.name)\u{0}\(service.composeKey)"] = service.name
                    names.insert(service.name)
                }
            }
        }
        var result: [String: String] = [:]
        for container in containers {
            if names.contains(container.name) {
                result[container.id] = container.name
            } else if let labels = container.compose, !labels.isOneOff, let name = byLabels["\(labels.project)\u{0}\(labels.service)"] {
                result[container.id] = name
            }
        }
        return result
    }

    private static func publishes(_ container: ContainerSummary, _ port: StartupPlan.Port) -> Bool {
        container.ports.contains { $0.publicPort == port.port && $0.type == port.transport.rawValue }
    }

    private static func advice(_ holder: PortHolder, _ port: StartupPlan.Port) -> String {
        switch holder {
        case .container(let name, _):
            "Stop the container \(name) (`docker stop \(name)`), which publishes \(port.port); \(port.service) needs it."
        case .process(let socket):
            if let pid = socket.pid {
                "Stop \(socket.processName ?? "the process") (pid \(pid)), which listens on \(port.port); \(port.service) needs it."
            } else {
                "Free host port \(port.port) (see `ss -ltnp`); \(port.service) needs it."
            }
        }
    }
}
