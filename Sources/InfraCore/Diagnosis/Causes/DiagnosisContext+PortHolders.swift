import DockerEngine

/// Who holds a host port, and the change that frees it: shared by the port causes and RUN007.
extension DiagnosisContext {
    /// The change that frees `port` for `service`: another registry service's ports entry when
    /// one publishes it without owning it, else stopping the container or process.
    func freePortFix(_ port: Int, holder: PortHolder?, for service: Registry.Service, at location: SourceLocation) -> Fix {
        switch holder {
        case .container(let name, let registered?):
            if let other = registry.service(named: registered), let entry = portEntry(of: other, port: port),
               let compose = self.compose(of: other) {
                let mappings = allocatedPorts(of: other).map { allocated -> String in
                    "\(allocated):\(registry.allocation(of: allocated)?.internalPort ?? allocated)"
                }
                let yaml = "services:\n  \(compose.service.name):\n    ports:\n"
                    + (mappings.isEmpty ? "      []\n" : mappings.map { "      - \"\($0)\"\n" }.joined())
                return Fix(
                    file: entry.location.file, line: entry.location.line, replace: yaml,
                    explanation: "\(name) publishes \(port), which the registry allocates to \(service.name): publish only its own ports (\(mappings.isEmpty ? "none" : mappings.joined(separator: ", "))), then recreate both.")
            }
            return Fix(
                file: location.file, line: location.line,
                explanation: "Stop \(name) (`docker stop \(name)`), which publishes \(port); the registry allocates \(port) to \(service.name).")
        case .container(let name, nil):
            return Fix(
                file: location.file, line: location.line,
                explanation: "Stop the container \(name) (`docker stop \(name)`), which is not in the registry and holds \(port); the registry allocates \(port) to \(service.name).")
        case .process(let socket):
            let who = socket.pid.map { "the process \(socket.processName ?? "pid \($0)") (pid \($0))" } ?? "the process holding it"
            return Fix(
                file: location.file, line: location.line,
                explanation: "Stop \(who), which listens on \(port) outside Docker; the registry allocates \(port) to \(service.name).")
        case nil:
            return Fix(
                file: location.file, line: location.line,
                explanation: "Free host port \(port) (see `ss -ltnp`), which the registry allocates to \(service.name).")
        }
    }

    /// What holds `port` other than the service's own container: another running container
    /// that publishes it, else a socket on the host (a docker-proxy counts only when no container
    /// explains it).
    public func holder(ofPort port: Int, transport: HostPortHolder.Transport = .tcp, excluding service: String) -> PortHolder? {
        let own = container(of: service)
        if let other = snapshot.containers(publishing: port).first(where: { $0.name != own?.name }) {
            return .container(name: other.name, registryService: registryName(ofContainer: other.name))
        }
        let ownPublishes = own.map { $0.isRunning && $0.publishedHostPorts.contains(port) } ?? false
        let sockets = snapshot.hostPorts.filter { $0.port == port && $0.transport == transport }
        if let process = sockets.first(where: { $0.processName != "docker-proxy" }) { return .process(process) }
        if !ownPublishes, let proxy = sockets.first { return .process(proxy) }
        return nil
    }

    /// The compose `ports` entry of a service that publishes `port`.
    func portEntry(of service: Registry.Service, port: Int) -> ComposePort? {
        compose(of: service)?.service.ports.first { $0.publishedPorts.contains(port) }
    }

    func portVerification(_ port: Int) -> [String] {
        ["docker ps --filter publish=\(port) --format '{{.Names}} {{.Ports}}'", "ss -ltnp 'sport = :\(port)'"]
    }
}
