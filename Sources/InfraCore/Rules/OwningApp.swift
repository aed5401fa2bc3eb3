extension ValidationContext {
    /// The app a compose service belongs to, told in this order: its registry entry; the app
    /// whose registered services have their compose files in the same folder; the app a folder
    /// of the file's path is named after (`apps/<app>/…`); the app whose name prefixes the
    /// service's name (`atlas-api`). `nil` when none of these tells: the port a service
    /// publishes never decides, since a wrong port is exactly what validation looks for.
    func app(of service: ComposeService, in project: ComposeProject) -> Registry.App? {
        let name = Self.platformName(of: service)
        if let registered = registryService(for: service, in: project) ?? registry.service(named: name) {
            return registry.app(named: registered.app)
        }
        let folder = project.directory
        let neighbours = Set(registry.services.filter { WorkspacePath.directory(of: $0.composeFile) == folder }.map(\.app))
        if neighbours.count == 1, let app = neighbours.first.flatMap(registry.app(named:)) { return app }
        for component in folder.split(separator: "/").reversed() {
            if let app = registry.app(named: String(component)) { return app }
        }
        let prefixed = registry.apps.filter { app in
            [app.name + "-", app.name + "_"].contains { name.lowercased().hasPrefix($0.lowercased()) }
        }
        return prefixed.max { $0.name.count < $1.name.count }
    }
}

extension RuleText {
    /// Why no app, and so no range or free port, can be named for a compose service.
    static func unknownApp(_ owner: String, in project: ComposeProject) -> String {
        "No app can be told for \(owner): register it in the registry, keep \(project.file) in the folder of its app "
            + "(apps/<app>/), or name the service after its app (<app>-…)."
    }
}
