import Yams

/// The file `infractl up --target swarm` hands to `docker stack deploy`, rendered from a compose
/// project's merged tree: stack deploy reads no `.env`, merges no overlays, resolves no
/// `extends` and builds nothing, so it gets one self-contained file with only the services of
/// one tier, as Compose would have run them.
///
/// - The project's files merged in order, `extends` and `include` resolved, variables
///   interpolated from `.env` and the environment; every `$` left in a value written `$$`, so
///   stack deploy's own interpolation leaves it alone.
/// - Relative paths (bind mounts, `env_file`, the files of `secrets` and `configs`) made
///   absolute: the rendered file does not live beside the compose file.
/// - What only Compose reads carried to where Swarm reads it: `mem_limit`, `memswap_limit`-less
///   `mem_reservation` and `cpus` to `deploy.resources`, `restart` to `deploy.restart_policy`
///   (unless the service has its own); `container_name`, `depends_on` and `build` left out
///   (a stack names its services `<stack>_<service>`, infractl's tiers order the start, and a
///   stack cannot build: SWM001–SWM004 say so in `validate`).
///
/// The text holds secrets from `.env` as they are: it is written only to a private temporary
/// folder and removed once stack deploy has read it; nothing prints it.
public struct StackFile: Sendable {
    /// The compose keys of the services it holds, in the order asked.
    public var services: [String]
    /// The YAML text.
    public var text: String

    /// Top-level sections a stack file keeps (stack deploy creates what they declare).
    static let keptSections: Set<String> = ["services", "networks", "volumes", "secrets", "configs"]
    /// Service keys only Compose reads, left out of the stack file.
    static let composeOnlyKeys: Set<String> = ["container_name", "depends_on", "build", "restart", "mem_limit", "mem_reservation", "cpus", "profiles", "pull_policy"]

    /// Renders `services` (compose keys) of `project`'s merged `tree`. `workspaceRoot` is
    /// absolute; `relativeBase` says which folder each file's relative paths start from.
    public static func render(
        _ tree: YAMLNode, services: [String], workspaceRoot: String, relativeBase: [String: String]
    ) throws -> StackFile {
        let root = workspaceRoot.hasSuffix("/") ? String(workspaceRoot.dropLast()) : workspaceRoot
        let paths = PathResolver(root: root, relativeBase: relativeBase)
        var sections: [(Node, Node)] = []
        for pair in tree.pairs ?? [] {
            guard let key = pair.key.string, keptSections.contains(key) else { continue }
            switch key {
            case "services":
                let chosen = services.compactMap { name in (pair.value.pairs ?? []).first { $0.key.string == name } }
                sections.append((Node(key), .mapping(Node.Mapping(chosen.map { ($0.key.node, service($0.value, paths: paths)) }))))
            case "secrets", "configs":
                sections.append((Node(key), resources(pair.value, paths: paths)))
            default:
                sections.append((Node(key), pair.value.node))
            }
        }
        let text = try Yams.serialize(node: .mapping(Node.Mapping(sections)), width: -1, sortKeys: false)
        return StackFile(services: services, text: text)
    }

    // MARK: Services

    /// One service as a stack wants it.
    static func service(_ node: YAMLNode, paths: PathResolver) -> Node {
        guard let pairs = node.pairs else { return node.node }
        var kept: [(Node, Node)] = []
        var deploy: YAMLNode?
        for pair in pairs {
            guard let key = pair.key.string else { continue }
            switch key {
            case "deploy": deploy = pair.value
            case _ where composeOnlyKeys.contains(key): continue
            case "env_file": kept.append((Node(key), envFiles(pair.value, paths: paths)))
            case "volumes": kept.append((Node(key), volumes(pair.value, paths: paths)))
            default: kept.append((pair.key.node, pair.value.node))
            }
        }
        let carried = carriedDeploy(pairs, deploy: deploy)
        if !carried.isEmpty { kept.append((Node("deploy"), .mapping(Node.Mapping(carried)))) }
        return .mapping(Node.Mapping(kept))
    }

    /// `deploy` with what Compose's own keys say and it does not: `resources` from `mem_limit`,
    /// `mem_reservation` and `cpus`, `restart_policy` from `restart`.
    static func carriedDeploy(_ service: [YAMLNode.Pair], deploy: YAMLNode?) -> [(Node, Node)] {
        func value(_ key: String) -> YAMLNode? { service.first { $0.key.string == key }?.value }
        var entries: [(Node, Node)] = (deploy?.pairs ?? []).map { ($0.key.node, $0.value.node) }
        func entry(_ key: String) -> Int? { entries.firstIndex { $0.0.string == key } }
        func set(_ section: String, _ path: [String], _ value: Node) {
            // section.path[0].path[1]… = value, unless the service wrote it under deploy itself.
            var node = entry(section).map { entries[$0].1 } ?? .mapping([:])
            node = setting(node, path, value)
            if let index = entry(section) { entries[index].1 = node } else { entries.append((Node(section), node)) }
        }
        if let memory = value("mem_limit"), !memory.isNull { set("resources", ["limits", "memory"], memory.node) }
        // Stack deploy's schema (v3) wants the CPUs as text.
        if let cpus = value("cpus"), !cpus.isNull { set("resources", ["limits", "cpus"], Node(cpus.string ?? "", Tag(.str), .doubleQuoted)) }
        if let memory = value("mem_reservation"), !memory.isNull { set("resources", ["reservations", "memory"], memory.node) }
        if entry("restart_policy") == nil, let restart = value("restart")?.string {
            let parts = restart.split(separator: ":", maxSplits: 1).map(String.init)
            let condition: String? = switch parts.first {
            case "no": "none"
            case "always", "unless-stopped": "any"
            case "on-failure": "on-failure"
            default: nil
            }
            if let condition {
                var policy: [(Node, Node)] = [(Node("condition"), Node(condition))]
                if parts.count == 2, let attempts = Int(parts[1]) { policy.append((Node("max_attempts"), Node(String(attempts), Tag(.int)))) }
                entries.append((Node("restart_policy"), .mapping(Node.Mapping(policy))))
            }
        }
        return entries
    }

    /// `node` with `value` at `path`, where nothing is there yet (the service's own `deploy`
    /// wins over what its Compose-only keys say).
    static func setting(_ node: Node, _ path: [String], _ value: Node) -> Node {
        guard let key = path.first, case .mapping(var mapping) = node else { return node }
        if path.count == 1 {
            if mapping[Node(key)] == nil { mapping[Node(key)] = value }
        } else {
            mapping[Node(key)] = setting(mapping[Node(key)] ?? .mapping([:]), Array(path.dropFirst()), value)
        }
        return .mapping(mapping)
    }

    /// `env_file` entries (a string, a list of strings or of `{path, required}`) absolute.
    static func envFiles(_ node: YAMLNode, paths: PathResolver) -> Node {
        if let path = node.string { return Node(paths.absolute(path, writtenIn: node.location.file)) }
        return .sequence(Node.Sequence((node.items ?? []).map { item in
            if let path = item.string { return Node(paths.absolute(path, writtenIn: item.location.file)) }
            return mapping(item) { key, value in key == "path" ? value.string.map { Node(paths.absolute($0, writtenIn: value.location.file)) } : nil }
        }))
    }

    /// Bind mounts' sources absolute: `./data:/var/lib/x` and `{type: bind, source: ./data}`.
    static func volumes(_ node: YAMLNode, paths: PathResolver) -> Node {
        .sequence(Node.Sequence((node.items ?? []).map { item in
            if let text = item.string {
                let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, PathResolver.isRelativePath(parts[0]) else { return item.node }
                return Node(paths.absolute(parts[0], writtenIn: item.location.file) + ":" + parts[1], Tag(.str), .doubleQuoted)
            }
            guard item["type"]?.string == "bind" else { return item.node }
            return mapping(item) { key, value in
                guard key == "source", let source = value.string, PathResolver.isRelativePath(source) else { return nil }
                return Node(paths.absolute(source, writtenIn: value.location.file))
            }
        }))
    }

    /// Top-level `secrets` and `configs`: each one's `file` absolute.
    static func resources(_ node: YAMLNode, paths: PathResolver) -> Node {
        .mapping(Node.Mapping((node.pairs ?? []).map { pair in
            (pair.key.node, mapping(pair.value) { key, value in
                key == "file" ? value.string.map { Node(paths.absolute($0, writtenIn: value.location.file)) } : nil
            })
        }))
    }

    /// A mapping with the values `replace` returns in place of the originals (nil: kept).
    static func mapping(_ node: YAMLNode, _ replace: (String, YAMLNode) -> Node?) -> Node {
        guard let pairs = node.pairs else { return node.node }
        return .mapping(Node.Mapping(pairs.map { pair in (pair.key.node, pair.key.string.flatMap { replace($0, pair.value) } ?? pair.value.node) }))
    }

    /// Makes a compose file's relative paths absolute.
    struct PathResolver {
        let root: String
        let relativeBase: [String: String]

        func absolute(_ path: String, writtenIn file: String) -> String {
            if path.hasPrefix("/") { return path }
            let base = relativeBase[file] ?? WorkspacePath.directory(of: file)
            let joined = WorkspacePath.join(base, path) ?? (base.isEmpty ? path : "\(base)/\(path)")
            return joined.isEmpty ? root : "\(root)/\(joined)"
        }

        /// A bind mount's source as Compose tells it from a volume name: starting `.` or `/`.
        static func isRelativePath(_ source: String) -> Bool {
            source.hasPrefix("./") || source.hasPrefix("../") || source == "." || source == ".."
        }
    }
}

extension YAMLNode {
    /// The node as Yams emits it: the same scalars with their quoting (so each reads back as the
    /// same YAML type), every `$` written `$$` (the values are interpolated already).
    var node: Node {
        switch kind {
        case .scalar(let scalar):
            let text = scalar.string.replacingOccurrences(of: "$", with: "$$")
            if isNull { return Node("null", Tag(.null), .plain) }
            let style: Node.Scalar.Style = switch scalar.style {
            case .plain: text == scalar.string ? .plain : .doubleQuoted
            case .singleQuoted: .singleQuoted
            case .doubleQuoted: .doubleQuoted
            case .literal: .literal
            case .folded: .folded
            }
            // A quoted scalar is a string; a plain one keeps the type YAML reads in it.
            return Node(text, style == .plain ? Tag(.implicit) : Tag(.str), style)
        case .mapping(let pairs):
            return .mapping(Node.Mapping(pairs.map { ($0.key.node, $0.value.node) }))
        case .sequence(let items):
            return .sequence(Node.Sequence(items.map(\.node)))
        }
    }
}
