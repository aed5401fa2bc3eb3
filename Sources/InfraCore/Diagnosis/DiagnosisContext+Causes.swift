import DockerEngine
import Foundation

/// Explaining root causes against the workspace: which service a host name means, whether it
/// runs, which networks separate them, which compose line to change.
extension DiagnosisContext {
    /// The causes a failing (or restarted) container shows, explained, most telling first. A
    /// dependency that is not running is added as the cause when nothing more telling explains
    /// the failure.
    func explainCauses(of service: Registry.Service, container: ContainerSnapshot) -> [ServiceCause] {
        var raw: [RootCause] = []
        if let details = container.details { raw += RootCauseClassifier.classify(state: details.state) }
        raw += RootCauseClassifier.classify(logLines: container.logText)
        if let health = container.details?.state.health, let cause = RootCauseClassifier.classify(health: health) {
            raw.append(cause)
        }
        raw = raw.enumerated().sorted { ($0.element.kind.rank, $0.offset) < ($1.element.kind.rank, $1.offset) }
            .map(\.element)
        var explained = raw.map { explain($0, of: service, container: container) }
        guard container.isFailing, !explained.contains(where: { $0.blamedService != nil }),
              let down = service.dependencies.first(where: { registry.service(named: $0.value) != nil && !isRunning($0.value) })
        else { return explained }
        let cause = dependencyDown(down.value, of: service, evidence: [])
        let weak: Set<RootCause.Kind> = [.connectionRefused, .localhost, .hostNotFound, .healthCheckFailed]
        if let first = explained.first, !weak.contains(first.cause.kind) {
            explained.append(cause)
        } else {
            explained.insert(cause, at: 0)
        }
        return explained
    }

    /// One cause explained for `service`.
    func explain(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        switch cause.kind {
        case .portAllocated: portAllocated(cause, of: service)
        case .outOfMemory: outOfMemory(cause, of: service, container: container)
        case .addressInUse: addressInUse(cause, of: service)
        case .authenticationFailed: authenticationFailed(cause, of: service)
        case .hostNotFound, .connectionRefused, .localhost: connectionFailure(cause, of: service, container: container)
        case .missingFile: missingFile(cause, of: service, container: container)
        case .permissionDenied: permissionDenied(cause, of: service, container: container)
        case .healthCheckFailed: healthCheckFailed(cause, of: service, container: container)
        case .dependencyDown:
            dependencyDown(cause.host ?? "", of: service, evidence: cause.evidence)
        }
    }

    // MARK: Ports

    private func portAllocated(_ cause: RootCause, of service: Registry.Service) -> ServiceCause {
        let port = cause.port ?? allocatedPorts(of: service).first { self.holder(ofPort: $0, excluding: service.name) != nil }
        let entry = port.flatMap { portEntry(of: service, port: $0) }
        let location = entry?.location ?? compose(of: service)?.service.location(of: "ports") ?? service.location(of: "ports")
        guard let port else {
            return ServiceCause(
                cause: cause, explanation: "The engine could not publish one of its host ports.",
                fix: Fix(file: location.file, line: location.line, explanation: "Free the host port it publishes, then start it again."),
                location: location, verify: ["docker ps --format '{{.Names}} {{.Ports}}'"])
        }
        let holder = self.holder(ofPort: port, excluding: service.name)
        var explanation = "The engine could not publish host port \(port)"
        explanation += holder.map { ": \($0) holds it." } ?? ": something else on the host holds it."
        return ServiceCause(
            cause: cause, explanation: explanation,
            fix: freePortFix(port, holder: holder, for: service, at: location), location: location, heldPort: port,
            verify: portVerification(port))
    }

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

    private func addressInUse(_ cause: RootCause, of service: Registry.Service) -> ServiceCause {
        let port = cause.port.map(String.init) ?? "its port"
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        if let mode = compose?.service.networkMode, mode.hasPrefix("service:") || mode.hasPrefix("container:") {
            let owner = String(mode.drop { $0 != ":" }.dropFirst())
            let location = compose?.service.location(of: "network_mode") ?? service.location
            return ServiceCause(
                cause: cause,
                explanation: "It shares the network stack of \(owner) (network_mode: \(mode)), where \(port) is already taken, so it cannot listen there.",
                fix: Fix(
                    file: location.file, line: location.line,
                    replace: "services:\n  \(key):\n    networks:\n      - default\n",
                    explanation: "Remove `network_mode: \(mode)` from \(key) and give it a network of its own (or make it listen on a port \(owner) does not use)."),
                location: location)
        }
        if compose?.service.networkMode == "host", let number = cause.port {
            let location = compose?.service.location(of: "network_mode") ?? service.location
            let holder = self.holder(ofPort: number, excluding: service.name)
            return ServiceCause(
                cause: cause,
                explanation: "It uses the host's network (network_mode: host) and \(holder.map { "\($0) holds \(number)" } ?? "port \(number) is taken on the host").",
                fix: freePortFix(number, holder: holder, for: service, at: location), location: location,
                verify: portVerification(number))
        }
        let location = compose?.service.fieldLocations["command"] ?? compose?.service.location ?? service.location
        return ServiceCause(
            cause: cause,
            explanation: "Another process inside its own network namespace already listens on \(port).",
            fix: Fix(
                file: location.file, line: location.line,
                explanation: "Start one server per port: check the command of \(key) for a second listener on \(port)."),
            location: location)
    }

    // MARK: Connections

    /// A name that does not resolve, a refused connection, or localhost used for another
    /// container, explained by the service the host means.
    private func connectionFailure(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let host = cause.host ?? ""
        if cause.kind == .localhost || RootCauseClassifier.isLoopback(host) {
            return localhost(cause, of: service, container: container)
        }
        guard let target = registryService(forHost: host, from: service) else {
            return unknownHost(cause, of: service)
        }
        if target.name == service.name {
            let location = compose(of: service)?.service.location ?? service.location
            return ServiceCause(
                cause: cause, explanation: "It failed to reach itself at \(host)\(cause.port.map { ":\($0)" } ?? "").",
                location: location)
        }
        guard isRunning(target.name) else {
            return dependencyDown(target.name, of: service, evidence: cause.evidence, named: host)
        }
        let targetContainer = self.container(of: target.name)
        let ownNetworks = Set(container.networks.keys)
        let theirNetworks = Set(targetContainer?.networks.keys.map { $0 } ?? [])
        if cause.kind == .hostNotFound, !container.sharesNetworkStack, ownNetworks.isDisjoint(with: theirNetworks) {
            return notOnNetwork(cause, of: service, target: target, own: ownNetworks, theirs: theirNetworks)
        }
        if cause.kind == .hostNotFound {
            let location = compose(of: service)?.service.location ?? service.location
            return ServiceCause(
                cause: cause,
                explanation: "It could not resolve \(host), although \(target.name) runs on a network it shares: \(target.name) was probably down when it started.",
                fix: Fix(file: location.file, line: location.line, explanation: "Restart \(service.name) now that \(target.name) runs."),
                location: location)
        }
        // Refused by a running service: the wrong port, or not ready yet.
        if let port = cause.port, let allocation = registry.allocation(of: port), allocation.service == target.name,
           let inside = allocation.internalPort, inside != port {
            let (fix, location) = rewrite(host: host, port: port, to: "\(target.name):\(inside)", in: service)
            return ServiceCause(
                cause: cause,
                explanation: "It connects to \(target.name) on \(port), \(target.name)'s port on the host; containers use its internal port \(inside).",
                fix: fix, location: location)
        }
        if let health = targetContainer?.health, health != .healthy {
            return notReady(cause, of: service, target: target, health: health)
        }
        let listening = internalPorts(of: target)
        if let port = cause.port, !listening.isEmpty, !listening.contains(port), let inside = listening.first {
            let (fix, location) = rewrite(host: host, port: port, to: "\(target.name):\(inside)", in: service)
            return ServiceCause(
                cause: cause,
                explanation: "\(target.name) runs but does not listen on \(port); the registry says it listens on \(listening.map(String.init).joined(separator: ", ")).",
                fix: fix, location: location)
        }
        return notReady(cause, of: service, target: target, health: targetContainer?.health)
    }

    private func localhost(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let port = cause.port
        // The workspace's own ENV002 finding names the variable and writes its fix.
        let candidates = staticFindings[service.name, default: []].filter { $0.rule == ContainerAddressRule.description.id }
        let chosen = candidates.first { port == nil || $0.port == port } ?? candidates.first
        if let finding = chosen {
            let explanation = "It connects to \(cause.host ?? "localhost")\(port.map { ":\($0)" } ?? ""), which inside a container is the container itself: "
                + sentences(afterFirstOf: finding.message, keepFirst: true)
            return ServiceCause(
                cause: cause, explanation: explanation, fix: finding.fix, location: finding.location,
                verify: ["docker exec \(container.name) env"])
        }
        let target = port.flatMap { number in
            registry.allocations.first { ($0.port == number || $0.internalPort == number) && $0.service != service.name }
        }
        let location = compose(of: service)?.service.location(of: "environment") ?? service.location
        let use = target.map { "\($0.service):\($0.internalPort ?? $0.port)" }
        return ServiceCause(
            cause: cause,
            explanation: "It connects to \(cause.host ?? "localhost")\(port.map { ":\($0)" } ?? ""), which inside a container is the container itself"
                + (use.map { "; \($0.split(separator: ":")[0]) is reached as \($0)." } ?? "."),
            fix: Fix(
                file: location.file, line: location.line,
                explanation: "Point its connection settings at \(use ?? "the other container's name and internal port") instead of localhost."),
            location: location, verify: ["docker exec \(container.name) env"])
    }

    private func unknownHost(_ cause: RootCause, of service: Registry.Service) -> ServiceCause {
        let host = cause.host ?? "the host"
        let guess = cause.host.flatMap { NodeReader.suggestion(for: $0, among: registry.services.map(\.name)) }
        if cause.kind == .hostNotFound, let guess, let host = cause.host {
            let (fix, location) = rewrite(host: host, port: nil, to: guess, in: service)
            return ServiceCause(
                cause: cause,
                explanation: "It cannot resolve \(host): no service has that name (did you mean \(guess)?).",
                fix: fix, location: location)
        }
        let location = compose(of: service)?.service.location(of: "environment") ?? service.location
        let what = cause.kind == .hostNotFound ? "cannot resolve \(host), which is no service of the registry" : "was refused by \(host)\(cause.port.map { ":\($0)" } ?? "")"
        return ServiceCause(cause: cause, explanation: "It \(what).", location: location)
    }

    private func notOnNetwork(
        _ cause: RootCause, of service: Registry.Service, target: Registry.Service, own: Set<String>, theirs: Set<String>
    ) -> ServiceCause {
        let shared = registry.sharedNetwork?.name
        let network = shared.flatMap { theirs.contains($0) ? $0 : nil }
            ?? target.networks.map(\.value).first { $0 != "default" && theirs.contains($0) }
            ?? theirs.sorted().first ?? shared ?? "default"
        let host = cause.host ?? target.name
        let explanation = "It cannot resolve \(host): \(service.name) is on \(Self.list(own)), but \(target.name) is on \(Self.list(theirs)); Docker's DNS resolves a container only on a network both are on."
        let finding = staticFindings[service.name, default: []].first { $0.rule == SharedNetworkRule.description.id }
        let attachment = NetworkAttachment(service, in: validation)
        let fix = finding?.fix ?? attachment.fix(adding: network, declaration: "external: true")
        let location = finding?.location ?? attachment.location
        return ServiceCause(
            cause: cause, explanation: explanation, fix: fix, location: location, missingNetwork: network,
            verify: [networksCommand(service.name)])
    }

    private func notReady(_ cause: RootCause, of service: Registry.Service, target: Registry.Service, health: HealthStatus?) -> ServiceCause {
        let state = health.map { " (\($0))" } ?? ""
        guard let compose = self.compose(of: service), let targetCompose = self.compose(of: target),
              compose.project.file == targetCompose.project.file else {
            let location = service.dependencies.first { $0.value == target.name }?.location ?? service.location(of: "dependencies")
            return ServiceCause(
                cause: cause,
                explanation: "\(target.name) runs\(state) but refused the connection: \(service.name) started before \(target.name) accepted connections.",
                fix: Fix(
                    file: location.file, line: location.line,
                    explanation: "Start \(service.name) after \(target.name) is healthy (its tier comes later), or let it retry; restart it now."),
                location: location, blamedService: health == .unhealthy ? target.name : nil)
        }
        let key = compose.service.name
        let location = compose.service.location(of: "depends_on")
        let condition = targetCompose.service.hasHealthcheck ? "service_healthy" : "service_started"
        return ServiceCause(
            cause: cause,
            explanation: "\(target.name) runs\(state) but refused the connection: \(key) started before \(target.name) accepted connections.",
            fix: Fix(
                file: location.file, line: location.line,
                replace: "services:\n  \(key):\n    depends_on:\n      \(targetCompose.service.name):\n        condition: \(condition)\n",
                explanation: "Make \(key) wait for \(targetCompose.service.name) to be \(condition == "service_healthy" ? "healthy" : "started")."),
            location: location, blamedService: health == .unhealthy ? target.name : nil)
    }

    /// A dependency that is not running explains the failure.
    func dependencyDown(_ dependency: String, of service: Registry.Service, evidence: [String], named host: String? = nil) -> ServiceCause {
        let state: String
        if let container = self.container(of: dependency) {
            state = container.exitCode.map { "exited \($0)" } ?? container.status.rawValue
        } else {
            state = "no container"
        }
        let reached = host.map { $0 == dependency ? "It cannot reach \(dependency)" : "It cannot reach \($0) (\(dependency))" }
            ?? "It depends on \(dependency)"
        let target = registry.service(named: dependency)
        let targetCompose = target.flatMap { compose(of: $0) }
        let location = targetCompose?.service.location ?? target?.location
            ?? service.dependencies.first { $0.value == dependency }?.location ?? service.location
        var verify: [String] = []
        if let target { verify.append(composeUpCommand(for: target)) }
        verify.append("docker ps -a --filter name=^\(dependency)$ --format '{{.Names}} {{.Status}}'")
        return ServiceCause(
            cause: RootCause(.dependencyDown, host: dependency, evidence: evidence),
            explanation: "\(reached), which is not running (\(state)).",
            fix: Fix(
                file: location.file, line: location.line,
                explanation: "Start \(dependency) first (its own finding says why it is down), then restart \(service.name)."),
            location: location, blamedService: dependency, verify: verify)
    }

    private func authenticationFailed(_ cause: RootCause, of service: Registry.Service) -> ServiceCause {
        let user = cause.user.map { " (user \($0))" } ?? ""
        let compose = self.compose(of: service)
        for variable in compose?.service.environment ?? [] {
            guard let value = variable.value, let rawValue = variable.rawValue, value.contains("://"), value.contains("@"),
                  let endpoint = ConnectionString.endpoints(in: value, hostsAllowed: true).first else { continue }
            let server = registry.service(named: endpoint.host) ?? registryService(forHost: endpoint.host, from: service)
            let secretName = server.flatMap { passwordVariable(of: $0) } ?? "DB_PASSWORD"
            let replaced = Self.replacingPassword(in: rawValue, with: "${\(secretName)}")
            return ServiceCause(
                cause: cause,
                explanation: "\(endpoint.host) refused the credentials in \(variable.name)\(user): its password is not the one \(server?.name ?? endpoint.host) was set up with (a database volume keeps the password of its first start).",
                fix: Fix(
                    file: variable.location.file, line: variable.location.line,
                    replace: replaced.map { variable.envFile == nil ? "\(variable.name): \($0)" : "\(variable.name)=\($0)" },
                    explanation: "Take the password of \(variable.name) from the same variable the server uses (\(secretName)), defined once in an env file."),
                location: variable.location)
        }
        let location = compose?.service.location(of: "environment") ?? service.location
        return ServiceCause(
            cause: cause, explanation: "A server refused its credentials\(user).",
            fix: Fix(file: location.file, line: location.line, explanation: "Give it the user and password the server was set up with."),
            location: location)
    }

    /// The password variable a server's compose environment defines (`POSTGRES_PASSWORD`).
    private func passwordVariable(of service: Registry.Service) -> String? {
        compose(of: service)?.service.environment.first { $0.name.uppercased().contains("PASSWORD") && !$0.name.uppercased().hasSuffix("_FILE") }?.name
    }

    /// `scheme://user:secret@host` with the password replaced; nil without one.
    static func replacingPassword(in value: String, with replacement: String) -> String? {
        guard let scheme = value.range(of: "://") else { return nil }
        let rest = value[scheme.upperBound...]
        // A password may hold `/` or `@`; the host starts after the last `@` before the query.
        guard let at = rest.prefix(while: { $0 != "?" && $0 != "#" }).lastIndex(of: "@"),
              let colon = rest[..<at].firstIndex(of: ":") else { return nil }
        return String(value[..<rest.index(after: colon)]) + replacement + String(value[at...])
    }

    // MARK: Files and memory

    private func missingFile(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        let path = cause.path
        if let path, let (mount, project) = self.mount(covering: path, of: service) {
            let source = mount.source ?? ""
            let workspacePath = mount.type == "bind" ? WorkspacePath.join(project.directory, source) : nil
            if let workspacePath, !validation.files.exists(workspacePath) {
                return ServiceCause(
                    cause: cause,
                    explanation: "\(path) comes from the bind mount \(source):\(mount.target), and \(workspacePath) does not exist in the workspace.",
                    fix: Fix(
                        file: mount.location.file, line: mount.location.line,
                        explanation: "Create \(workspacePath), or correct the source of this volume entry."),
                    location: mount.location)
            }
            return ServiceCause(
                cause: cause,
                explanation: "\(path) should come from the mount \(source.isEmpty ? "" : "\(source):")\(mount.target), which does not provide it.",
                fix: Fix(
                    file: mount.location.file, line: mount.location.line,
                    explanation: "Put \(path.split(separator: "/").last.map(String.init) ?? path) into \(source.isEmpty ? "the volume" : source), or mount the folder that has it."),
                location: mount.location)
        }
        let program = Self.program(of: (compose?.service.entrypoint ?? []) + (compose?.service.command ?? []))
        let commandMissing = path.map { path in program.map { $0 == path || $0.hasSuffix("/" + path) } ?? false }
            ?? cause.evidence.contains { $0.hasPrefix("Exit code 127") }
        if commandMissing {
            let location = compose?.service.fieldLocations["command"] ?? compose?.service.fieldLocations["entrypoint"]
                ?? compose?.service.location ?? service.location
            let image = container.summary.image
            return ServiceCause(
                cause: cause,
                explanation: "\(path.map { "Its command \($0)" } ?? "Its command") does not exist in the image \(image).",
                fix: Fix(
                    file: location.file, line: location.line,
                    explanation: "Run a command the image has, or mount the script into the container."),
                location: location)
        }
        guard let path else {
            let location = compose?.service.location ?? service.location
            return ServiceCause(cause: cause, explanation: "A file it needs does not exist.", location: location)
        }
        let location = compose?.service.fieldLocations["volumes"] ?? compose?.service.location ?? service.location
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return ServiceCause(
            cause: cause,
            explanation: "\(path) is not in the image and no volume provides it.",
            fix: Fix(
                file: location.file, line: location.line,
                replace: "services:\n  \(key):\n    volumes:\n      - ./\(name):\(path):ro\n",
                explanation: "Mount \(name) from the project folder (or build it into the image)."),
            location: location)
    }

    private func permissionDenied(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        let user = container.details?.config.user.isEmpty == false ? container.details?.config.user ?? "" : "root"
        if let path = cause.path, let (mount, _) = self.mount(covering: path, of: service) {
            let source = mount.source ?? "an anonymous volume"
            if mount.readOnly {
                return ServiceCause(
                    cause: cause,
                    explanation: "It writes \(path), which is on the read-only mount \(source):\(mount.target).",
                    fix: Fix(
                        file: mount.location.file, line: mount.location.line, replace: "- \(source):\(mount.target)",
                        explanation: "Mount it read-write (drop `:ro`), or write elsewhere."),
                    location: mount.location)
            }
            let volume = "\(key)-data"
            return ServiceCause(
                cause: cause,
                explanation: "It runs as \(user) and may not use \(path), on the \(mount.type) mount of \(source).",
                fix: Fix(
                    file: mount.location.file, line: mount.location.line,
                    replace: "services:\n  \(key):\n    volumes:\n      - \(volume):\(mount.target)\nvolumes:\n  \(volume):\n",
                    explanation: "Use a named volume (Docker gives it the image's ownership), or give \(user) access to \(source) on the host."),
                location: mount.location)
        }
        if let port = cause.port, port < 1024 {
            let location = compose?.service.location(of: "ports") ?? service.location
            return ServiceCause(
                cause: cause, explanation: "It runs as \(user) and may not listen on port \(port) (below 1024).",
                fix: Fix(file: location.file, line: location.line, explanation: "Listen on a port above 1023 inside the container and map it in `ports`."),
                location: location)
        }
        let location = compose?.service.fieldLocations["user"] ?? compose?.service.location ?? service.location
        if let path = cause.path, cause.evidence.contains(where: { $0.contains("wrong ownership") }) {
            return ServiceCause(
                cause: cause,
                explanation: "Its data directory \(path) belongs to another user than the one the server runs as.",
                fix: Fix(
                    file: location.file, line: location.line,
                    explanation: "Keep the data in a named volume (Docker gives it the image's ownership), or chown the host folder to the server's user."),
                location: location)
        }
        return ServiceCause(
            cause: cause, explanation: "It runs as \(user) and is denied \(cause.path ?? "access to a file or port").",
            fix: Fix(file: location.file, line: location.line, explanation: "Run it as a user that owns \(cause.path ?? "what it needs"), or fix the ownership in the image."),
            location: location)
    }

    private func outOfMemory(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        let location = compose?.service.fieldLocations["mem_limit"] ?? compose?.service.fieldLocations["deploy"]
            ?? compose?.service.location ?? service.location
        let killed = container.details?.state.oomKilled == true
        return ServiceCause(
            cause: cause,
            explanation: killed ? "The kernel killed it for exceeding its memory limit (OOMKilled)." : "It ran out of memory.",
            fix: Fix(
                file: location.file, line: location.line,
                replace: "services:\n  \(key):\n    deploy:\n      resources:\n        limits:\n          memory: 1g\n",
                explanation: "Raise its memory limit above its peak use (or make it use less)."),
            location: location, verify: ["docker stats --no-stream \(container.name)"])
    }

    // MARK: Health checks

    private func healthCheckFailed(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        let test = compose?.service.healthcheck?.test ?? container.details?.config.healthcheck?.test ?? []
        let location = compose?.service.fieldLocations["healthcheck"] ?? compose?.service.location ?? service.location
        let command = Self.commandText(test)
        let verify = ["docker inspect --format '{{json .State.Health}}' \(container.name)"]
        // The check asks a local port the service does not listen on.
        if let asked = Self.localPort(in: command), let inside = internalPorts(of: service).first,
           !internalPorts(of: service).contains(asked) {
            let fixed = test.map { $0.replacingOccurrences(of: ":\(asked)", with: ":\(inside)") }
            return ServiceCause(
                cause: cause,
                explanation: "Its health check `\(command)` asks port \(asked), but \(service.name) listens on \(inside) (its registry internal port).",
                fix: Fix(
                    file: location.file, line: location.line,
                    replace: "services:\n  \(key):\n    healthcheck:\n      test: \(Self.flowList(fixed))\n",
                    explanation: "Check the port the service listens on."),
                location: location, verify: verify)
        }
        if let missing = cause.path, command.contains(missing) {
            return ServiceCause(
                cause: cause, explanation: "Its health check runs \(missing), which the image does not have.",
                fix: Fix(file: location.file, line: location.line, explanation: "Use a command the image has (busybox images have wget, not curl)."),
                location: location, verify: verify)
        }
        return ServiceCause(
            cause: cause, explanation: "Its health check `\(command)` fails.",
            fix: Fix(file: location.file, line: location.line, explanation: "Make the service answer its health check, or correct the check."),
            location: location, verify: verify)
    }

    // MARK: Helpers

    /// The registry service a host name (or address) used by `service` means: a registry name,
    /// a container name or address, a compose key or network alias of its own project.
    func registryService(forHost host: String, from service: Registry.Service) -> Registry.Service? {
        if let found = registry.service(named: host) { return found }
        if let container = snapshot.container(withAddress: host) ?? snapshot.container(named: host),
           let name = registryName(ofContainer: container.name) {
            return registry.service(named: name)
        }
        guard let project = compose(of: service)?.project else { return nil }
        if let byKey = project.service(named: host), let found = validation.registryService(for: byKey, in: project) {
            return found
        }
        for candidate in project.services where candidate.networks.contains(where: { $0.aliases.contains(host) }) {
            if let found = validation.registryService(for: candidate, in: project) { return found }
        }
        return nil
    }

    /// The change of the variable that names `host` (and `port`) to name `replacement`.
    private func rewrite(host: String, port: Int?, to replacement: String, in service: Registry.Service) -> (Fix?, SourceLocation?) {
        let compose = self.compose(of: service)
        for variable in compose?.service.environment ?? [] {
            guard let raw = variable.rawValue, let value = variable.value else { continue }
            let written = port.map { "\(host):\($0)" } ?? host
            guard value.contains(written), raw.contains(written) else { continue }
            let masked = ConnectionString.masked(raw).replacingOccurrences(of: written, with: replacement)
            return (
                Fix(
                    file: variable.location.file, line: variable.location.line,
                    replace: variable.envFile == nil ? "\(variable.name): \(masked)" : "\(variable.name)=\(masked)",
                    explanation: "Point \(variable.name) at \(replacement)\(masked.contains("****") ? "; keep the password as it was" : "")."),
                variable.location
            )
        }
        let location = compose?.service.location(of: "environment") ?? service.location
        return (Fix(file: location.file, line: location.line, explanation: "Point its connection settings at \(replacement)."), location)
    }

    /// The compose volume whose target holds `path`, with its project.
    private func mount(covering path: String, of service: Registry.Service) -> (VolumeMount, ComposeProject)? {
        guard let (project, compose) = compose(of: service) else { return nil }
        let covering = compose.volumes.filter { path == $0.target || path.hasPrefix($0.target.hasSuffix("/") ? $0.target : $0.target + "/") }
        return covering.max { $0.target.count < $1.target.count }.map { ($0, project) }
    }

    /// The program a command runs: its first word, or the first word of an `sh -c` script.
    static func program(of command: [String]) -> String? {
        guard let first = command.first else { return nil }
        if ["sh", "bash", "/bin/sh", "/bin/bash"].contains(first), command.count > 2, command[1] == "-c" {
            return command[2].split(whereSeparator: \.isWhitespace).first.map(String.init)
        }
        return first
    }

    /// `CMD-SHELL wget …` as the command text.
    static func commandText(_ test: [String]) -> String {
        guard let first = test.first else { return "" }
        if first == "CMD-SHELL" || first == "CMD" { return test.dropFirst().joined(separator: " ") }
        return test.joined(separator: " ")
    }

    /// The port of `localhost:8080` or `127.0.0.1:8080` in a command.
    static func localPort(in command: String) -> Int? {
        guard let match = command.firstMatch(of: #/(?:localhost|127\.0\.0\.1|\[::1\]):(?<port>\d+)/#) else { return nil }
        return Int(match.output.port)
    }

    /// `["CMD-SHELL", "wget …"]` as a YAML flow list.
    static func flowList(_ items: [String]) -> String {
        "[" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ", ") + "]"
    }

    static func list(_ names: Set<String>) -> String {
        names.isEmpty ? "no network" : names.sorted().joined(separator: ", ")
    }

    /// The sentences of `message` after its first one (or all of it with `keepFirst`).
    private func sentences(afterFirstOf message: String, keepFirst: Bool) -> String {
        guard !keepFirst, let end = message.range(of: ". ") else { return message }
        return String(message[end.upperBound...])
    }
}
