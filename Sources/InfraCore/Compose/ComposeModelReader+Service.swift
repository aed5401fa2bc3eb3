extension ComposeModelReader {
    /// One entry of `services`.
    mutating func readService(_ name: String, key: YAMLNode, _ node: YAMLNode) -> ComposeService? {
        let what = "services.\(name)"
        guard let pairs = node.pairs else {
            reader.fail(node.location, "\(what) must be a mapping, found \(node.typeDescription)")
            return nil
        }
        reader.checkKeys(pairs, known: ComposeSchema.serviceKeys, allowExtensions: true)
        var service = ComposeService(name: name, location: key.location)
        service.fieldLocations.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let field = pair.key.string else { continue }
            service.fieldLocations[field] = pair.key.location
            let value = pair.value
            let path = "\(what).\(field)"
            switch field {
            case "image": service.image = strictString(value, path)
            case "build": service.build = readBuild(value, path)
            case "container_name": service.containerName = strictString(value, path)
            case "ports": service.ports = readPorts(value, path)
            case "expose": service.expose = readExpose(value, path)
            case "networks":
                service.networksDeclared = true
                service.networks = readServiceNetworks(value, path)
            case "network_mode": service.networkMode = strictString(value, path)
            case "depends_on": service.dependsOn = readDependencies(value, path)
            case "environment": service.environment = readEnvironment(value, path)
            case "env_file": service.envFiles = readEnvFileEntries(value, path)
            case "healthcheck": service.healthcheck = readHealthcheck(value, path)
            case "labels": service.labels = readLabels(value, path)
            case "volumes": service.volumes = readVolumes(value, path)
            case "command": service.command = readCommand(value, path)
            case "entrypoint": service.entrypoint = readCommand(value, path)
            case "privileged": service.privileged = bool(value, path) ?? false
            case "profiles": service.profiles = strings(value, path).map(\.value)
            case "restart": service.restart = strictString(value, path)
            case "secrets": service.secrets = readSources(value, path)
            case "configs": service.configs = readSources(value, path)
            case "cgroup":
                if let text = strictString(value, path), !["host", "private"].contains(text) {
                    reader.fail(value.location, "\(path) value must be one of 'host', 'private'")
                }
            case "provider": service.provider = value["type"]?.string ?? ""
            case "deploy":
                checkDeploy(value, path)
                readLimits(value["resources"]?["limits"], into: &service.hardening)
                service.swarmDeploy = SwarmDeploy(value)
            case "develop": checkDevelop(value, path)
            default: readHardening(field, value, into: &service.hardening)
            }
        }
        service.environment = environmentFromFiles(service.envFiles, over: service.environment, inProfile: !service.profiles.isEmpty)
        service.dependsOn += implicitDependencies(node, declared: Set(service.dependsOn.map(\.service)))
        return service
    }

    /// The dependencies compose-go infers: `service:NAME` in `network_mode`, `ipc`, `pid`,
    /// `uts` or `cgroup`, each `volumes_from` service and each `links` entry.
    private func implicitDependencies(_ node: YAMLNode, declared: Set<String>) -> [ComposeDependency] {
        var found: [ComposeDependency] = []
        var seen = declared
        func add(_ name: String, at location: SourceLocation) {
            guard !name.isEmpty, !seen.contains(name) else { return }
            seen.insert(name)
            found.append(ComposeDependency(service: name, location: location, isImplicit: true))
        }
        for key in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
            if let value = node[key], let text = value.string, text.hasPrefix("service:") { add(String(text.dropFirst(8)), at: value.location) }
        }
        for item in node["volumes_from"]?.items ?? [] {
            guard let text = item.string else { continue }
            let parts = text.split(separator: ":").map(String.init)
            if parts.first == "container" { continue }
            if parts.first == "service", parts.count > 1 { add(parts[1], at: item.location) } else { add(parts.first ?? "", at: item.location) }
        }
        for item in node["links"]?.items ?? [] {
            if let text = item.string { add(String(text.split(separator: ":").first ?? ""), at: item.location) }
        }
        return found
    }

    private mutating func readBuild(_ node: YAMLNode, _ path: String) -> ComposeService.Build? {
        if node.scalar != nil, !node.isNull { return ComposeService.Build(context: node.scalar?.string, location: node.location) }
        guard let pairs = reader.mapping(node, path) else { return nil }
        reader.checkKeys(pairs, known: ComposeSchema.buildKeys, allowExtensions: true)
        if let ssh = node["ssh"], ssh.pairs == nil, ssh.items == nil {
            reader.fail(ssh.location, "\(path).ssh must be a mapping")
        }
        return ComposeService.Build(
            context: node["context"].flatMap { strictString($0, "\(path).context") } ?? (node["context"] == nil ? "." : nil),
            dockerfile: node["dockerfile"].flatMap { strictString($0, "\(path).dockerfile") },
            secrets: node["secrets"].map { readSources($0, "\(path).secrets") } ?? [],
            location: node.location)
    }

    /// The names a `secrets` or `configs` list refers to: each short entry, or each long
    /// entry's `source`, located where the name is written.
    private mutating func readSources(_ node: YAMLNode, _ path: String) -> [Located<String>] {
        guard let items = reader.sequence(node, path) else { return [] }
        return items.enumerated().compactMap { index, item in
            let source = item.pairs == nil ? item : item["source"]
            guard let source else { return nil }
            return strictString(source, item.pairs == nil ? "\(path).\(index)" : "\(path).\(index).source").map { Located($0, at: source.location) }
        }
    }

    // MARK: ports

    private mutating func readPorts(_ node: YAMLNode, _ path: String) -> [ComposePort] {
        guard let items = reader.sequence(node, path) else { return [] }
        var ports: [ComposePort] = []
        for (index, item) in items.enumerated() {
            let what = "\(path).\(index)"
            if let pairs = item.pairs {
                reader.checkKeys(pairs, known: ComposeSchema.portKeys, allowExtensions: true)
                if let port = readLongPort(item, what) { ports.append(port) }
                continue
            }
            guard let text = scalarText(item, what) else { continue }
            switch PortSpec.parse(text) {
            case .success(let spec):
                ports.append(ComposePort(hostIP: spec.hostIP, published: spec.published, target: spec.target, protocol: spec.protocol, raw: text, location: item.location))
            case .failure(let failure):
                reader.fail(item.location, failure.message)
            }
        }
        return ports
    }

    private mutating func readLongPort(_ node: YAMLNode, _ what: String) -> ComposePort? {
        guard let targetNode = node["target"] else {
            reader.fail(node.location, "\(what) missing property 'target'")
            return nil
        }
        guard let targetText = scalarText(targetNode, "\(what).target") else { return nil }
        guard let target = PortSpec.portRange(targetText) else {
            reader.fail(targetNode.location, "invalid containerPort: \(targetText)")
            return nil
        }
        var published: ClosedRange<Int>?
        if let node = node["published"], !node.isNull, let text = scalarText(node, "\(what).published"), !text.isEmpty {
            guard let range = PortSpec.portRange(text) else {
                reader.fail(node.location, "invalid hostPort: \(text)")
                return nil
            }
            published = range
        }
        let proto = node["protocol"].flatMap { strictString($0, "\(what).protocol") }?.lowercased() ?? "tcp"
        let hostIP = node["host_ip"].flatMap { strictString($0, "\(what).host_ip") }
        var raw = "\(targetText)/\(proto)"
        if let published { raw = "\(published.lowerBound == published.upperBound ? "\(published.lowerBound)" : "\(published.lowerBound)-\(published.upperBound)"):\(raw)" }
        if let hostIP { raw = "\(hostIP):\(raw)" }
        var port = ComposePort(hostIP: hostIP, published: published, target: target, protocol: proto, raw: raw, location: node.location)
        port.mode = node["mode"].flatMap { strictString($0, "\(what).mode") }
        return port
    }

    private mutating func readExpose(_ node: YAMLNode, _ path: String) -> [Located<String>] {
        guard let items = reader.sequence(node, path) else { return [] }
        return items.enumerated().compactMap { index, item in
            guard let text = scalarText(item, "\(path).\(index)") else { return nil }
            let port = text.split(separator: "/", maxSplits: 1).first.map(String.init) ?? text
            guard PortSpec.portRange(port) != nil else {
                reader.fail(item.location, "invalid exposed port: \(text)")
                return nil
            }
            return Located(text, at: item.location)
        }
    }

    // MARK: networks and dependencies

    private mutating func readServiceNetworks(_ node: YAMLNode, _ path: String) -> [ServiceNetwork] {
        if let items = node.items {
            return items.enumerated().compactMap { index, item in
                strictString(item, "\(path).\(index)").map { ServiceNetwork(name: $0, location: item.location) }
            }
        }
        guard let pairs = reader.mapping(node, path) else { return [] }
        return pairs.compactMap { pair in
            guard let name = pair.key.string else { return nil }
            var network = ServiceNetwork(name: name, location: pair.key.location)
            if pair.value.isNull { return network }
            guard let settings = reader.mapping(pair.value, "\(path).\(name)") else { return network }
            reader.checkKeys(settings, known: ComposeSchema.serviceNetworkKeys, allowExtensions: true)
            if let aliases = pair.value["aliases"] { network.aliases = strings(aliases, "\(path).\(name).aliases").map(\.value) }
            return network
        }
    }

    private mutating func readDependencies(_ node: YAMLNode, _ path: String) -> [ComposeDependency] {
        if let items = node.items {
            return items.enumerated().compactMap { index, item in
                strictString(item, "\(path).\(index)").map { ComposeDependency(service: $0, location: item.location) }
            }
        }
        guard let pairs = reader.mapping(node, path) else { return [] }
        return pairs.compactMap { pair in
            guard let name = pair.key.string else { return nil }
            let what = "\(path).\(name)"
            var dependency = ComposeDependency(service: name, location: pair.key.location)
            guard let settings = reader.mapping(pair.value, what) else { return nil }
            reader.checkKeys(settings, known: ComposeSchema.dependencyKeys, allowExtensions: true)
            if let condition = pair.value["condition"] {
                guard let text = strictString(condition, "\(what).condition") else { return nil }
                guard let value = ComposeDependency.Condition(rawValue: text) else {
                    let known = ["service_started", "service_healthy", "service_completed_successfully"]
                    var message = "\(what).condition must be one of \(known.map { "'\($0)'" }.joined(separator: ", ")), found '\(text)'"
                    if let guess = NodeReader.suggestion(for: text, among: known) { message += " (did you mean '\(guess)'?)" }
                    reader.fail(condition.location, message)
                    return nil
                }
                dependency.condition = value
            } else {
                reader.fail(pair.value.location, "\(what) missing property 'condition'")
            }
            if let required = pair.value["required"] { dependency.required = bool(required, "\(what).required") ?? true }
            return dependency
        }
    }

    // MARK: environment and labels

    private mutating func readEnvironment(_ node: YAMLNode, _ path: String) -> [EnvironmentVariable] {
        if let items = node.items {
            return items.enumerated().compactMap { index, item in
                guard let text = scalarText(item, "\(path).\(index)") else { return nil }
                let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0])
                guard checkVariableName(name, at: item.location, path) else { return nil }
                let raw = item.scalar?.written.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let value = parts.count > 1 ? String(parts[1]) : nil
                let rawValue = (raw?.count ?? 0) > 1 ? raw.map { String($0[1]) } : value
                return EnvironmentVariable(name: name, value: value, rawValue: rawValue, location: item.location)
            }
        }
        guard let pairs = node.pairs else {
            reader.fail(node.location, "\(path) must be a mapping, found \(node.typeDescription)")
            return []
        }
        return pairs.compactMap { pair in
            guard let name = pair.key.string, checkVariableName(name, at: pair.key.location, path) else { return nil }
            let value = pair.value
            guard value.scalar != nil else {
                reader.fail(value.location, "\(path).\(name) must be a boolean, null, number or string")
                return nil
            }
            if value.isNull { return EnvironmentVariable(name: name, value: nil, location: pair.key.location) }
            return EnvironmentVariable(name: name, value: value.scalar?.string, rawValue: value.scalar?.written, location: pair.key.location)
        }
    }

    private mutating func checkVariableName(_ name: String, at location: SourceLocation, _ path: String) -> Bool {
        if name.last?.isWhitespace == true {
            reader.fail(location, "\(path): environment variable \(name) is declared with a trailing space")
            return false
        }
        return true
    }

    private mutating func readLabels(_ node: YAMLNode, _ path: String) -> [Label] {
        if let items = node.items {
            return items.enumerated().compactMap { index, item in
                guard let text = scalarText(item, "\(path).\(index)") else { return nil }
                let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return Label(key: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "", location: item.location)
            }
        }
        guard let pairs = node.pairs else {
            reader.fail(node.location, "\(path) must be a mapping, found \(node.typeDescription)")
            return []
        }
        return pairs.compactMap { pair in
            guard let key = pair.key.string else { return nil }
            guard pair.value.scalar != nil else {
                reader.fail(pair.value.location, "\(path).\(key) must be a boolean, null, number or string")
                return nil
            }
            return Label(key: key, value: pair.value.string ?? "", location: pair.key.location)
        }
    }

    // MARK: env files

    private mutating func readEnvFileEntries(_ node: YAMLNode, _ path: String) -> [Located<String>] {
        let items = node.items ?? [node]
        var entries: [Located<String>] = []
        for (index, item) in items.enumerated() {
            var file: String?
            var required = true
            if let pairs = item.pairs {
                reader.checkKeys(pairs, known: ComposeSchema.envFileKeys, allowExtensions: true)
                file = item["path"].flatMap { strictString($0, "\(path).\(index).path") }
                if let flag = item["required"] { required = bool(flag, "\(path).\(index).required") ?? true }
            } else {
                file = strictString(item, node.items == nil ? path : "\(path).\(index)")
            }
            guard let file, let resolved = resolve(file, writtenIn: item.location.file, at: item.location) else { continue }
            if !required, !workspace.files.exists(resolved) { continue }
            entries.append(Located(resolved, at: item.location))
        }
        return entries
    }

    /// The variables of the env files, then `environment` (which wins), as Compose resolves
    /// a service's environment.
    ///
    /// Compose reads no env file of a service in a profile unless the profile is active, so
    /// a missing one is no error there.
    private mutating func environmentFromFiles(_ files: [Located<String>], over environment: [EnvironmentVariable], inProfile: Bool) -> [EnvironmentVariable] {
        guard !files.isEmpty else { return environment }
        var fromFiles: [EnvironmentVariable] = []
        for file in files {
            do {
                guard let text = try workspace.readIfPresent(file.value, referencedAt: file.location) else {
                    if !inProfile { reader.fail(file.location, "env file \(file.value) not found") }
                    continue
                }
                for entry in try EnvFileParser(lookup: variables).parse(text, file: file.value) {
                    let variable = EnvironmentVariable(name: entry.name, value: entry.value, location: entry.location, envFile: file.value)
                    if let index = fromFiles.firstIndex(where: { $0.name == entry.name }) {
                        fromFiles[index] = variable
                    } else {
                        fromFiles.append(variable)
                    }
                }
            } catch {
                reader.errors.append(error)
            }
        }
        let own = Set(environment.map(\.name))
        return fromFiles.filter { !own.contains($0.name) } + environment
    }

    // MARK: healthcheck, volumes, command

    private mutating func readHealthcheck(_ node: YAMLNode, _ path: String) -> Healthcheck? {
        guard let pairs = reader.mapping(node, path) else { return nil }
        reader.checkKeys(pairs, known: ComposeSchema.healthcheckKeys, allowExtensions: true)
        var check = Healthcheck(location: node.location)
        if let test = node["test"] {
            if test.scalar != nil, !test.isNull {
                check.test = ["CMD-SHELL", test.scalar?.string ?? ""]
            } else if test.items != nil {
                check.test = strings(test, "\(path).test").map(\.value)
                if let first = check.test.first, !["CMD", "CMD-SHELL", "NONE"].contains(first) {
                    reader.fail(test.location, "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"")
                }
            } else if !test.isNull {
                reader.fail(test.location, "\(path).test must be a string or a list, found \(test.typeDescription)")
            }
        }
        if let disable = node["disable"] { check.disabled = bool(disable, "\(path).disable") ?? false }
        check.interval = node["interval"].flatMap { strictString($0, "\(path).interval") }
        check.timeout = node["timeout"].flatMap { strictString($0, "\(path).timeout") }
        check.timeoutLocation = node["timeout"]?.location
        check.startPeriod = node["start_period"].flatMap { strictString($0, "\(path).start_period") }
        if let retries = node["retries"] { check.retries = reader.int(retries, "\(path).retries") }
        return check
    }

    private mutating func readVolumes(_ node: YAMLNode, _ path: String) -> [VolumeMount] {
        guard let items = reader.sequence(node, path) else { return [] }
        var mounts: [VolumeMount] = []
        for (index, item) in items.enumerated() {
            let what = "\(path).\(index)"
            if let pairs = item.pairs {
                reader.checkKeys(pairs, known: ComposeSchema.volumeMountKeys, allowExtensions: true)
                guard let type = item["type"].flatMap({ strictString($0, "\(what).type") }) else {
                    if item["type"] == nil { reader.fail(item.location, "\(what) missing property 'type'") }
                    continue
                }
                guard let target = item["target"].flatMap({ strictString($0, "\(what).target") }) else {
                    if item["target"] == nil { reader.fail(item.location, "\(what) missing property 'target'") }
                    continue
                }
                let source = item["source"]?.string
                if type == "bind", source?.isEmpty ?? true {
                    reader.fail(item.location, "invalid mount config for type \"bind\": field Source must not be empty")
                }
                if let size = item["tmpfs"]?["size"] {
                    if let value = size.int {
                        if value < 0 { reader.fail(size.location, "\(what).tmpfs.size must be greater than or equal to 0") }
                    } else if size.scalar?.style == .plain {
                        reader.fail(size.location, "\(what).tmpfs.size must be a integer")
                    }
                }
                let readOnly = item["read_only"].flatMap { bool($0, "\(what).read_only") } ?? false
                var mount = VolumeMount(type: type, source: source, target: target, readOnly: readOnly, location: item.location)
                mount.propagation = item["bind"]?["propagation"]?.string
                mounts.append(mount)
                continue
            }
            guard let text = strictString(item, what) else { continue }
            switch VolumeSpec.parse(text) {
            case .success(let spec):
                var mount = VolumeMount(type: spec.type, source: spec.source, target: spec.target, readOnly: spec.readOnly, location: item.location)
                mount.propagation = spec.propagation
                mounts.append(mount)
            case .failure(let failure):
                reader.fail(item.location, failure.message)
            }
        }
        return mounts
    }

    private mutating func readCommand(_ node: YAMLNode, _ path: String) -> [String]? {
        if node.isNull { return nil }
        if let text = node.scalar?.string {
            switch ShellWords.split(text) {
            case .success(let words): return words
            case .failure(let failure):
                reader.fail(node.location, failure.message)
                return nil
            }
        }
        guard node.items != nil else {
            reader.fail(node.location, "\(path) must be a string or a list, found \(node.typeDescription)")
            return nil
        }
        return strings(node, path).map(\.value)
    }

    // MARK: hardening

    /// A field the hardening rules read, taken as written and never refused (the schema
    /// checks stay where they were, so reading them cannot change `validate`'s answer).
    private func readHardening(_ field: String, _ value: YAMLNode, into hardening: inout ServiceHardening) {
        func texts() -> [Located<String>] {
            if let text = value.string { return [Located(text, at: value.location)] }
            return (value.items ?? []).compactMap { item in item.string.map { Located($0, at: item.location) } }
        }
        switch field {
        case "cap_add": hardening.capAdd = texts()
        case "cap_drop": hardening.capDrop = texts()
        case "security_opt": hardening.securityOpt = texts()
        case "read_only":
            if let flag = value.bool ?? value.string.flatMap({ ["true": true, "false": false][$0.lowercased()] }) {
                hardening.readOnly = Located(flag, at: value.location)
            }
        case "user": hardening.user = value.string.map { Located($0, at: value.location) }
        case "pid", "ipc", "uts", "userns_mode":
            if let text = value.string { hardening.namespaces[field] = Located(text, at: value.location) }
        case "devices":
            hardening.devices = (value.items ?? []).compactMap { item in
                let source = item.string.map { String($0.split(separator: ":", maxSplits: 1).first ?? "") } ?? item["source"]?.string
                return source.map { Located($0, at: item.location) }
            }
        case "logging": hardening.loggingDriver = value["driver"].flatMap { driver in driver.string.map { Located($0, at: driver.location) } }
        case "tmpfs": hardening.tmpfs = texts()
        case "mem_limit":
            if hardening.memoryLimit == nil { hardening.memoryLimit = value.string.map { Located($0, at: value.location) } }
        case "cpus", "cpu_quota":
            if hardening.cpuLimit == nil { hardening.cpuLimit = value.string.map { Located($0, at: value.location) } }
        default: break
        }
    }

    /// `deploy.resources.limits`: its memory and CPU limits win over `mem_limit` and `cpus`.
    private func readLimits(_ limits: YAMLNode?, into hardening: inout ServiceHardening) {
        if let memory = limits?["memory"], let text = memory.string { hardening.memoryLimit = Located(text, at: memory.location) }
        if let cpus = limits?["cpus"], let text = cpus.string { hardening.cpuLimit = Located(text, at: cpus.location) }
    }

    // MARK: sections checked but not modelled

    private mutating func checkDeploy(_ node: YAMLNode, _ path: String) {
        guard let devices = node["resources"]?["reservations"]?["devices"]?.items else { return }
        for (index, device) in devices.enumerated() {
            let what = "\(path).resources.reservations.devices.\(index)"
            if device["capabilities"] == nil { reader.fail(device.location, "\(what) missing property 'capabilities'") }
            if let count = device["count"] {
                if count.int == nil, count.string != "all" {
                    reader.fail(count.location, "\(what).count invalid value \"\(count.string ?? "")\", the only value allowed is 'all' or a number")
                } else if device["device_ids"] != nil {
                    reader.fail(count.location, "\(what): \"count\" and \"device_ids\" attributes are exclusive")
                }
            }
        }
    }

    private mutating func checkDevelop(_ node: YAMLNode, _ path: String) {
        guard let watch = node["watch"]?.items else { return }
        for (index, rule) in watch.enumerated() where rule["action"] == nil {
            reader.fail(rule.location, "\(path).watch.\(index) missing property 'action'")
        }
    }
}
