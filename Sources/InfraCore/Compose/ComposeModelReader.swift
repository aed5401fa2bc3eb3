/// Builds a `ComposeProject` from the merged compose tree, checking types as the Compose
/// schema does and reading the services' env files.
struct ComposeModelReader {
    let workspace: Workspace
    /// The folder relative paths of each file resolve against.
    let relativeBase: [String: String]
    let projectDirectory: String
    let variables: [String: String]
    var reader = NodeReader()

    init(workspace: Workspace, relativeBase: [String: String], projectDirectory: String, variables: [String: String]) {
        self.workspace = workspace
        self.relativeBase = relativeBase
        self.projectDirectory = projectDirectory
        self.variables = variables
    }

    mutating func read(_ root: YAMLNode, files: [String]) -> ComposeProject {
        var project = ComposeProject(files: files, directory: projectDirectory)
        guard let pairs = reader.mapping(root, "the compose file") else { return project }
        reader.checkKeys(pairs, known: ComposeSchema.topLevelKeys, allowExtensions: true)
        if let name = root["name"] { project.name = strictString(name, "name") }
        if let services = root["services"], !services.isNull, let entries = reader.mapping(services, "services") {
            for pair in entries {
                guard let name = pair.key.string else { continue }
                if let service = readService(name, key: pair.key, pair.value) { project.services.append(service) }
            }
        }
        if let networks = root["networks"], !networks.isNull, let entries = reader.mapping(networks, "networks") {
            for pair in entries {
                guard let name = pair.key.string, !name.hasPrefix("x-") else { continue }
                if let network = readNetwork(name, key: pair.key, pair.value) { project.networks.append(network) }
            }
        }
        for section in ["volumes", "secrets", "configs"] {
            guard let node = root[section], !node.isNull, let entries = reader.mapping(node, section) else { continue }
            for pair in entries {
                guard let name = pair.key.string, !name.hasPrefix("x-") else { continue }
                readResource(section, name, pair.value)
                let declared = Located(name, at: pair.key.location)
                switch section {
                case "volumes": project.volumes.append(declared)
                case "secrets": project.secrets.append(declared)
                default: project.configs.append(declared)
                }
            }
        }
        project.unknownKeys = reader.unknownKeys
        return project
    }

    var errors: [InputError] { reader.errors }

    // MARK: values

    /// A scalar the schema types as a string: numbers, booleans and null are refused.
    /// (`what` names the value in an error, and is worked out only for one.)
    mutating func strictString(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        guard let scalar = node.scalar, !node.isNull,
              scalar.style != .plain || (node.bool == nil && node.int == nil && Double(scalar.string) == nil)
        else {
            reader.fail(node.location, "\(what()) must be a string, found \(node.typeDescription)")
            return nil
        }
        return scalar.string
    }

    /// A string, number or boolean as text (the schema's `string | number` values).
    mutating func scalarText(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        guard node.scalar != nil, !node.isNull else {
            reader.fail(node.location, "\(what()) must be a string or number, found \(node.typeDescription)")
            return nil
        }
        return node.scalar?.string
    }

    mutating func bool(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Bool? {
        if let value = node.bool { return value }
        if node.scalar?.style != .plain, let text = node.scalar?.string, ["true", "false"].contains(text) { return text == "true" }
        return reader.bool(node, what())
    }

    /// A list of strings; `allowString` accepts a single string as a one-item list.
    mutating func strings(_ node: YAMLNode, _ what: @autoclosure () -> String, allowString: Bool = false) -> [Located<String>] {
        if allowString, node.scalar != nil, !node.isNull { return strictString(node, what()).map { [Located($0, at: node.location)] } ?? [] }
        guard let items = reader.sequence(node, what()) else { return [] }
        return items.enumerated().compactMap { index, item in
            strictString(item, "\(what()).\(index)").map { Located($0, at: item.location) }
        }
    }

    /// A path written in `file` made relative to the workspace root, or `nil` (with an
    /// error) when it leaves it.
    mutating func resolve(_ path: String, writtenIn file: String, at location: SourceLocation) -> String? {
        let base = relativeBase[file] ?? WorkspacePath.directory(of: file)
        guard let joined = WorkspacePath.join(base, path) else {
            reader.fail(location, "path \(path) leaves the workspace")
            return nil
        }
        return joined
    }

    // MARK: top-level resources

    private mutating func readNetwork(_ name: String, key: YAMLNode, _ node: YAMLNode) -> ComposeNetwork? {
        var network = ComposeNetwork(name: name, location: key.location)
        if node.isNull { return network }
        guard let pairs = node.pairs else {
            reader.fail(node.location, "networks.\(name) must be a mapping or null, found \(node.typeDescription)")
            return nil
        }
        reader.checkKeys(pairs, known: ComposeSchema.networkKeys, allowExtensions: true)
        let external = externalFlag(node, section: "networks", name: name)
        network.external = external
        if let value = node["internal"] { network.internal = bool(value, "networks.\(name).internal") ?? false }
        if let value = node["driver"] { network.driver = strictString(value, "networks.\(name).driver") }
        if let value = node["name"] { network.externalName = strictString(value, "networks.\(name).name") }
        if network.externalName == nil, external, let old = node["external"]?["name"]?.string { network.externalName = old }
        return network
    }

    private mutating func readResource(_ section: String, _ name: String, _ node: YAMLNode) {
        if node.isNull { return }
        guard let pairs = node.pairs else {
            reader.fail(node.location, "\(section).\(name) must be a mapping or null, found \(node.typeDescription)")
            return
        }
        reader.checkKeys(pairs, known: section == "volumes" ? ComposeSchema.volumeKeys : ComposeSchema.secretKeys, allowExtensions: true)
        _ = externalFlag(node, section: section, name: name)
        if section == "secrets", node["external"]?.bool != true, node["file"] == nil, node["environment"] == nil, node["content"] == nil {
            reader.fail(node.location, "secret \"\(name)\" must declare either `file` or `environment`")
        }
    }

    /// `external`, refusing what compose-go refuses next to it.
    private mutating func externalFlag(_ node: YAMLNode, section: String, name: String) -> Bool {
        guard let external = node["external"] else { return false }
        var isExternal = false
        if let pairs = external.pairs {
            isExternal = true
            if pairs.contains(where: { $0.key.string == "name" }), node["name"] != nil {
                reader.fail(external.location, "\(section).\(name): name and external.name conflict; only use name")
            }
        } else {
            isExternal = bool(external, "\(section).\(name).external") ?? false
        }
        if isExternal {
            for key in ["driver", "driver_opts", "ipam", "internal"] where node[key] != nil && section != "secrets" {
                if key == "internal", node[key]?.bool == false { continue }
                reader.fail(node[key]?.location ?? node.location, "\(section).\(name): conflicting parameters \"external\" and \"\(key)\" specified")
            }
        }
        return isExternal
    }
}
