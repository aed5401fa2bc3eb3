/// The edit steps of `add-service`, one per file: each reads its file and returns the change
/// that writes what the design decided (nil when it has nothing to write).
extension AddService {
    /// Registry: the new internal network, the allocation (unless reserved earlier) and the
    /// service entry.
    static func editRegistry(_ design: AddServiceDesign, in workspace: Workspace) throws(EditError) -> ChangeSet.FileChange {
        let app = design.app.name
        let registryText = try read(workspace.registryPath, in: workspace) ?? ""
        var registryEditor = try RegistryEditor(text: registryText, file: workspace.registryPath)
        if let newNetwork = design.newNetwork {
            try registryEditor.addNetwork(newNetwork, fields: [
                YAMLField("internal", "true"), YAMLField("app", YAMLText.scalar(app)),
                YAMLField("description", YAMLText.scalar("Production isolation network of \(app.uppercased())")),
            ])
        }
        if !design.reusedAllocation {
            try registryEditor.addAllocation(port: design.port, app: app, fields: design.blueprint.allocationFields)
        }
        try registryEditor.addService(app: app, environment: design.request.environment, fields: design.blueprint.registryFields)
        return ChangeSet.FileChange(path: workspace.registryPath, before: registryText, after: registryEditor.text)
    }

    /// Compose: the service, and the top-level networks it needs; a new file when the app has
    /// none for the environment.
    static func editCompose(
        _ design: AddServiceDesign, in workspace: Workspace, context: ValidationContext
    ) throws(EditError) -> ChangeSet.FileChange {
        let composeFile = design.composeFile
        let composeText = try read(composeFile, in: workspace)
        let project = context.project(file: composeFile)
        let composeKeys = try composeText.map { text throws(EditError) in try ComposeEditor(text: text, file: composeFile).serviceKeys } ?? []
        if composeKeys.contains(design.request.name) {
            throw EditError("\(composeFile) already defines a service \(design.request.name)")
        }
        let shared = context.registry.sharedNetwork
        var declarations: [(name: String, fields: [YAMLField])] = []
        for network in design.networks where network != "default" {
            let declared = project.map { project in project.networks.contains { $0.name == network || $0.externalName == network } }
                ?? (try? composeText.map { text throws(EditError) in try ComposeEditor(text: text, file: composeFile).networkKeys.contains(network) } ?? false) ?? false
            guard !declared else { continue }
            if network == shared?.name {
                declarations.append((network, [YAMLField("external", "true")]))
            } else {
                declarations.append((network, [YAMLField("name", YAMLText.scalar(network)), YAMLField("internal", "true")]))
            }
        }
        if let composeText {
            var editor = try ComposeEditor(text: composeText, file: composeFile)
            try editor.addService(design.blueprint.composeService)
            for declaration in declarations { try editor.declareNetwork(declaration.name, fields: declaration.fields) }
            return ChangeSet.FileChange(path: composeFile, before: composeText, after: editor.text)
        } else {
            let app = design.app.name
            let folder = WorkspacePath.directory(of: composeFile)
            let fileName = String(composeFile.dropFirst(folder.isEmpty ? 0 : folder.count + 1))
            let text = ComposeEditor.newFile(
                comment: ["\(app.uppercased()): \(design.environmentWord) stack, created by `infractl add-service`.", "", "  docker compose -f \(fileName) up -d"],
                projectName: projectName(app: app, environment: design.request.environment, context: context),
                service: design.blueprint.composeService, networks: declarations)
            return ChangeSet.FileChange(path: composeFile, before: nil, after: text)
        }
    }

    /// The `.env` beside the compose file: every secret the service references, defined (empty,
    /// with a comment saying where its value is), and the notes asking to fill them in.
    static func editEnvFile(
        _ design: AddServiceDesign, in workspace: Workspace
    ) throws(EditError) -> (change: ChangeSet.FileChange?, notes: [String]) {
        let envFile = WorkspacePath.join(WorkspacePath.directory(of: design.composeFile), ".env") ?? ".env"
        let envText = try read(envFile, in: workspace)
        let defined = Set(((try? EnvFileParser().parse(envText ?? "", file: envFile)) ?? []).map(\.name))
        var envLines: [String] = []
        var notes: [String] = []
        for secret in design.secrets where !defined.contains(secret.variable) && !envLines.contains("\(secret.variable)=") {
            let source = secret.source.map { " to the value in \($0)" } ?? ""
            envLines += ["# Set \(secret.variable)\(source) (added by infractl add-service \(design.request.name)).", "\(secret.variable)="]
            notes.append("Set \(secret.variable) in \(envFile)\(source); it was added empty.")
        }
        guard !envLines.isEmpty else { return (nil, notes) }
        var buffer = LineBuffer(envText ?? "# Variables for \(design.composeFile). Development values only.\n")
        buffer.insert(envLines, before: buffer.count + 1)
        return (ChangeSet.FileChange(path: envFile, before: envText, after: buffer.text), notes)
    }

    /// The inventory row, when the document and its table exist; else a note saying so.
    static func editInventory(
        _ design: AddServiceDesign, in workspace: Workspace, registry: Registry
    ) throws(EditError) -> (change: ChangeSet.FileChange?, notes: [String]) {
        let document = WorkspaceLoader.infrastructureDocument
        guard let text = try read(document, in: workspace) else {
            return (nil, ["\(document) does not exist; the service inventory was not updated."])
        }
        var editor = InventoryEditor(text: text, file: document)
        let (service, allocation) = design.blueprint.registered(location: SourceLocation(file: workspace.registryPath, line: 1, column: 1))
        var withService = registry
        withService.allocations.append(allocation)
        withService.services.append(service)
        do {
            try editor.addRow(for: service, in: withService)
            return (ChangeSet.FileChange(path: document, before: text, after: editor.text), [])
        } catch {
            return (nil, ["\(document) has no `## \(ServiceInventory.heading)` table; add a row for \(design.request.name) by hand."])
        }
    }

    /// The changelog's `### Added` entry for `date`; a new changelog when there is none.
    static func editChangelog(
        _ design: AddServiceDesign, in workspace: Workspace, platform: String?, date: String
    ) throws(EditError) -> ChangeSet.FileChange {
        let request = design.request
        var entry = "\(design.app.name.uppercased()) \(design.environmentWord): \(request.name) (\(design.type.rawValue), port \(design.port) → \(request.internalPort)) in `\(design.composeFile)`"
        if !design.blueprint.dependencies.isEmpty { entry += ", depends on \(design.blueprint.dependencies.joined(separator: ", "))" }
        if let domain = request.domain { entry += ", https://\(domain)" }
        entry += "."
        let changelogText = try read(changelog, in: workspace)
        guard let changelogText else {
            return ChangeSet.FileChange(
                path: changelog, before: nil, after: ChangelogEditor.newFile(platform: platform, entry: entry, section: .added, date: date))
        }
        var editor = ChangelogEditor(text: changelogText)
        editor.add(entry, to: .added, on: date)
        return ChangeSet.FileChange(path: changelog, before: changelogText, after: editor.text)
    }
}
