import DockerEngine

extension ValidationContext {
    /// The swarm service each registry service runs as under `docker stack deploy`:
    /// `<stack>_<compose key>`, the stack being the compose project's name (as `infractl up
    /// --target swarm` deploys it). Registry name by swarm service name.
    public func swarmServiceNames(workspaceRoot: String) -> [String: String] {
        var names: [String: String] = [:]
        for service in registry.services {
            guard let project = project(file: service.composeFile), let compose = project.service(container: service.name) else { continue }
            names[Self.swarmName(project: project, key: compose.name, workspaceRoot: workspaceRoot)] = service.name
        }
        return names
    }

    /// `<stack>_<key>` for a compose service of `project`.
    static func swarmName(project: ComposeProject, key: String, workspaceRoot: String) -> String {
        swarmName(stack: ComposeProject.derivedName(declared: project.name, baseFile: project.file, workspaceRoot: workspaceRoot), key: key)
    }

    /// The name `docker stack deploy` gives the compose service `key` of stack `stack`.
    static func swarmName(stack: String, key: String) -> String { "\(stack)_\(key)" }
}

extension ContainerSummary {
    /// The swarm service a task's container belongs to (`com.docker.swarm.service.name`).
    public var swarmServiceName: String? { labels["com.docker.swarm.service.name"] }
}
