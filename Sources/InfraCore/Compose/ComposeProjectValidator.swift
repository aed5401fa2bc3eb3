/// The project-level checks Compose makes after loading (compose-go `checkConsistency` and
/// the dependency graph): every problem Compose would refuse the project for.
public enum ComposeProjectValidator {
    static func problems(in project: ComposeProject) -> [InputError] {
        var errors: [InputError] = []
        let serviceNames = Set(project.services.map(\.name))
        let networkNames = Set(project.networks.map(\.name)).union(["default"])
        let volumeNames = Set(project.volumes.map(\.value))
        let secretNames = Set(project.secrets.map(\.value))
        let configNames = Set(project.configs.map(\.value))
        for (index, service) in project.services.enumerated() {
            if service.image == nil && service.build == nil && service.provider == nil {
                errors.append(InputError(service.location, "service \"\(service.name)\" has neither an image nor a build context specified"))
            }
            if let mode = service.networkMode, service.networksDeclared, !service.networks.isEmpty {
                errors.append(InputError(service.location(of: "network_mode"), "service \(service.name) declares mutually exclusive `network_mode` and `networks` (network_mode: \(mode))"))
            }
            for network in service.networks where !networkNames.contains(network.name) {
                errors.append(InputError(network.location, "service \"\(service.name)\" refers to undefined network \(network.name)"))
            }
            if let mode = service.networkMode, mode.hasPrefix("service:") {
                let target = String(mode.dropFirst("service:".count))
                if !serviceNames.contains(target) {
                    errors.append(InputError(service.location(of: "network_mode"), "service \"\(target)\" not found for network_mode 'service:\(target)'"))
                }
            }
            for dependency in service.dependsOn where dependency.isImplicit && dependency.required && !serviceNames.contains(dependency.service) {
                errors.append(undefinedDependency(dependency, of: service))
            }
            for volume in service.volumes where volume.type == "volume" {
                if let source = volume.source, !source.isEmpty, !volumeNames.contains(source) {
                    errors.append(InputError(volume.location, "service \"\(service.name)\" refers to undefined volume \(source)"))
                }
            }
            for secret in service.build?.secrets ?? [] where !secretNames.contains(secret.value) {
                errors.append(InputError(secret.location, "service \"\(service.name)\" refers to undefined build secret \(secret.value)"))
            }
            for config in service.configs where !configNames.contains(config.value) {
                errors.append(InputError(config.location, "service \"\(service.name)\" refers to undefined config \(config.value)"))
            }
            for secret in service.secrets where !secretNames.contains(secret.value) {
                errors.append(InputError(secret.location, "service \"\(service.name)\" refers to undefined secret \(secret.value)"))
            }
            // Compose checks the services it will run: two that never run together may share a name.
            if let name = service.containerName,
               let other = project.services[..<index].first(where: { $0.containerName == name && canRunTogether($0, service) }) {
                errors.append(InputError(service.location(of: "container_name"), "services.\(service.name): container name \"\(name)\" is already in use by service \(other.name)"))
            }
        }
        if let cycle = dependencyCycle(project) {
            let location = project.service(named: cycle[0])?.location(of: "depends_on") ?? SourceLocation(file: project.file, line: 1, column: 1)
            errors.append(InputError(location, "dependency cycle detected: \(cycle.joined(separator: " -> "))"))
        }
        return errors
    }

    /// The problems Compose refuses a project for that the loader leaves to the rules: a
    /// `depends_on` entry naming no service of the project. On a platform that is usually a
    /// service of another project (DEP005), which `validate` explains instead of refusing.
    public static func deferredProblems(in project: ComposeProject) -> [InputError] {
        project.undefinedDependencies.map { undefinedDependency($0.dependency, of: $0.service) }
    }

    private static func undefinedDependency(_ dependency: ComposeDependency, of service: ComposeService) -> InputError {
        InputError(dependency.location, "service \"\(service.name)\" depends on undefined service \"\(dependency.service)\"")
    }

    /// Whether some choice of profiles runs both: one has no profile, or they share one.
    static func canRunTogether(_ first: ComposeService, _ second: ComposeService) -> Bool {
        first.profiles.isEmpty || second.profiles.isEmpty || !Set(first.profiles).isDisjoint(with: second.profiles)
    }

    /// The first `depends_on` cycle, as the names around it with the first repeated.
    static func dependencyCycle(_ project: ComposeProject) -> [String]? {
        var state: [String: Bool] = [:]  // false: on the current path, true: done
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if state[name] == true { return nil }
            if state[name] == false, let start = path.firstIndex(of: name) { return Array(path[start...]) + [name] }
            guard let service = project.service(named: name) else { return nil }
            state[name] = false
            path.append(name)
            for dependency in service.dependsOn {
                if let cycle = visit(dependency.service) { return cycle }
            }
            path.removeLast()
            state[name] = true
            return nil
        }
        for service in project.services {
            if let cycle = visit(service.name) { return cycle }
        }
        return nil
    }
}
