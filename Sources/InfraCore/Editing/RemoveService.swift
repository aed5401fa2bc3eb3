/// The change `remove-service` makes.
public struct RemoveServicePlan: Sendable {
    public var service: Registry.Service
    /// The ports released with it.
    public var ports: [Int]
    public var changes: ChangeSet
    public var notes: [String]
}

/// Plans `remove-service`: the registry entry and its allocations, the compose service (in
/// its base file and any overlay that names it), the inventory row, and a changelog entry
/// under `### Removed`. A service that others still depend on is refused.
public enum RemoveService {
    public static func plan(_ name: String, in workspace: Workspace, context: ValidationContext, date: String) throws(EditError) -> RemoveServicePlan {
        let registry = context.registry
        guard let service = registry.service(named: name) else {
            throw EditError.unknown("service", name, among: registry.services.map(\.name), hint: "`infractl ports list` shows the registered services' ports")
        }
        let dependents = registry.services.filter { $0.dependencies.contains { $0.value == name } }.map(\.name)
        let composeKey = context.composeService(for: service)?.name ?? name
        let composeDependents = context.project(file: service.composeFile)?.services
            .filter { candidate in candidate.dependsOn.contains { $0.service == composeKey } }
            .map(ValidationContext.platformName(of:)) ?? []
        let blocking = Array(Set(dependents + composeDependents)).sorted()
        guard blocking.isEmpty else {
            throw EditError("\(blocking.joined(separator: ", ")) still depend\(blocking.count == 1 ? "s" : "") on \(name); remove \(blocking.count == 1 ? "that dependency" : "those dependencies") first")
        }
        var notes: [String] = []
        var changes = ChangeSet()

        let registryText = try AddService.read(workspace.registryPath, in: workspace) ?? ""
        var registryEditor = try RegistryEditor(text: registryText, file: workspace.registryPath)
        try registryEditor.removeService(named: name)
        let ports = registry.allocations.filter { $0.service == name }.map(\.port).sorted()
        for port in ports { try registryEditor.removeAllocation(port: port) }
        changes.set(workspace.registryPath, before: registryText, after: registryEditor.text)

        for file in service.composeFiles {
            guard let text = try AddService.read(file, in: workspace) else { continue }
            var editor = try ComposeEditor(text: text, file: file)
            guard let key = [composeKey, name].first(where: editor.serviceKeys.contains) else {
                if file == service.composeFile { notes.append("\(file) does not define \(name); nothing to remove there.") }
                continue
            }
            try editor.removeService(key)
            changes.set(file, before: text, after: editor.text)
        }

        let document = WorkspaceLoader.infrastructureDocument
        if let text = try AddService.read(document, in: workspace) {
            var editor = InventoryEditor(text: text, file: document)
            editor.removeRow(for: name)
            changes.set(document, before: text, after: editor.text)
        }

        let environmentWord = service.environment == .prod ? "production" : "development"
        var entry = "\(service.app.uppercased()) \(environmentWord): \(name) (\(service.type.rawValue)"
        if !ports.isEmpty { entry += ", port\(ports.count == 1 ? "" : "s") \(ports.map(String.init).joined(separator: ", ")) released" }
        entry += ") from `\(service.composeFile)`."
        let changelogText = try AddService.read(AddService.changelog, in: workspace)
        if let changelogText {
            var editor = ChangelogEditor(text: changelogText)
            editor.add(entry, to: .removed, on: date)
            changes.set(AddService.changelog, before: changelogText, after: editor.text)
        } else {
            changes.set(AddService.changelog, before: nil, after: ChangelogEditor.newFile(platform: registry.platform, entry: entry, section: .removed, date: date))
        }
        return RemoveServicePlan(service: service, ports: ports, changes: changes, notes: notes)
    }
}

/// Plans `ports allocate` and `ports release`: one allocation added to or removed from the
/// registry.
public enum PortEditing {
    /// The change of `ports allocate`.
    public struct Allocation: Sendable {
        public var port: Int
        public var service: String
        public var app: String
        public var changes: ChangeSet
    }

    /// Allocates the lowest free port of `app`'s range to `service`.
    public static func allocate(
        app appName: String, service: String, type: String?, internalPort: Int?, in workspace: Workspace,
        context: ValidationContext, host: any HostPorts
    ) throws(EditError) -> Allocation {
        let registry = context.registry
        guard let app = registry.app(named: appName) else {
            throw EditError.unknown("app", appName, among: registry.apps.map(\.name), hint: "apps are declared under `apps:` in \(registry.file)")
        }
        guard service.wholeMatch(of: #/[A-Za-z0-9][A-Za-z0-9_.\-]*/#) != nil else {
            throw EditError("'\(service)' is not a valid service name: use letters, digits, '-', '_' and '.'")
        }
        if let registered = registry.service(named: service), registered.app != app.name {
            throw EditError("service \(service) belongs to app \(registered.app), not \(app.name)")
        }
        let serviceType: ServiceType?
        if let type {
            guard let known = ServiceType(rawValue: type) else {
                throw EditError.unknown("service type", type, among: ServiceType.allCases.map(\.rawValue))
            }
            serviceType = known
        } else {
            serviceType = registry.service(named: service)?.type
        }
        if let internalPort, !(1...65535).contains(internalPort) {
            throw EditError("--internal-port \(internalPort) is not a port number (1-65535)")
        }
        guard let port = PortAllocator.lowestFree(in: app.ports, context: context, host: host) else {
            throw EditError(
                "app \(app.name) has no free port left in \(app.ports.lowerBound)-\(app.ports.upperBound): every one is allocated in the registry, published by a compose file or held on this host")
        }
        var fields = [YAMLField("service", YAMLText.scalar(service)), YAMLField("app", YAMLText.scalar(app.name))]
        if let serviceType { fields.append(YAMLField("type", serviceType.rawValue)) }
        if let internalPort { fields.append(YAMLField("internal_port", String(internalPort))) }
        let portProtocol: Registry.PortProtocol = switch serviceType {
        case .database?, .cache?, .worker?, .logShipper?, nil: .tcp
        default: .http
        }
        fields.append(YAMLField("protocol", portProtocol.rawValue))
        let text = try AddService.read(workspace.registryPath, in: workspace) ?? ""
        var editor = try RegistryEditor(text: text, file: workspace.registryPath)
        try editor.addAllocation(port: port, app: app.name, fields: fields)
        var changes = ChangeSet()
        changes.set(workspace.registryPath, before: text, after: editor.text)
        return Allocation(port: port, service: service, app: app.name, changes: changes)
    }

    /// Removes the allocation of `port`; refused while a registry service still lists it.
    public static func release(_ port: Int, in workspace: Workspace, context: ValidationContext) throws(EditError) -> (allocation: Registry.PortAllocation, changes: ChangeSet) {
        let registry = context.registry
        guard let allocation = registry.allocation(of: port) else {
            throw EditError("port \(port) is not allocated in \(registry.file)")
        }
        if let user = registry.services.first(where: { $0.ports.contains { $0.value == port } }) {
            throw EditError("port \(port) is still listed by service \(user.name) (\(user.location)); use `infractl remove-service \(user.name)` or remove the port from its entry first")
        }
        let text = try AddService.read(workspace.registryPath, in: workspace) ?? ""
        var editor = try RegistryEditor(text: text, file: workspace.registryPath)
        try editor.removeAllocation(port: port)
        var changes = ChangeSet()
        changes.set(workspace.registryPath, before: text, after: editor.text)
        return (allocation, changes)
    }
}
