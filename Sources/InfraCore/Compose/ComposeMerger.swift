/// Merges compose files at the `YAMLNode` level with compose-go's `override` rules, so every
/// value keeps the place in the file that wrote it.
enum ComposeMerger {
    /// `override` merged over `base`; `path` is where they sit in the document.
    static func merge(_ base: YAMLNode, _ override: YAMLNode, path: [String] = []) -> YAMLNode {
        if override.tag == "!reset" || override.tag == "!override" || base.tag == "!reset" { return override }
        switch pattern(path) {
        case "services.*.command", "services.*.entrypoint", "services.*.healthcheck.test":
            return override
        case "services.*.environment", "services.*.labels", "services.*.annotations", "services.*.sysctls",
             "services.*.tmpfs", "services.*.dns", "services.*.dns_opt", "services.*.dns_search", "services.*.env_file",
             "services.*.label_file", "services.*.extra_hosts", "services.*.build.args", "services.*.build.labels",
             "services.*.build.additional_contexts", "services.*.build.extra_hosts", "services.*.deploy.labels",
             "networks.*.labels", "volumes.*.labels":
            if override.isNull { return base }
            return YAMLNode(.sequence(asSequence(base) + asSequence(override)), location: base.location)
        case "services.*.depends_on":
            return mergeMappings(dependencies(base), dependencies(override), path: path)
        case "services.*.networks":
            return mergeMappings(asMapping(base), asMapping(override), path: path)
        case "services.*.build":
            return mergeMappings(buildMapping(base), buildMapping(override), path: path)
        case "services.*.logging":
            if let old = base["driver"]?.string, let new = override["driver"]?.string, old != new { return override }
        case "services.*.ulimits.*":
            if base.pairs == nil || override.pairs == nil { return override }
        default:
            break
        }
        if override.isNull { return base }
        switch (base.kind, override.kind) {
        case (.mapping, .mapping):
            return mergeMappings(base, override, path: path)
        case (.sequence(let old), .sequence(let new)):
            return YAMLNode(.sequence(old + new), location: base.location, tag: base.tag)
        default:
            return override
        }
    }

    private static func mergeMappings(_ base: YAMLNode, _ override: YAMLNode, path: [String]) -> YAMLNode {
        guard var pairs = base.pairs, let extra = override.pairs else { return override }
        for pair in extra {
            let key = pair.key.string ?? ""
            if let index = pairs.firstIndex(where: { $0.key.string == key }) {
                pairs[index].value = merge(pairs[index].value, pair.value, path: path + [key])
            } else {
                pairs.append(pair)
            }
        }
        return YAMLNode(.mapping(pairs), location: base.location, tag: base.tag)
    }

    /// A compose path with the names of services, networks and volumes replaced by `*`, and
    /// ulimit names too (`services.*.ulimits.*`).
    static func pattern(_ path: [String]) -> String {
        var parts = path
        if parts.count >= 2, ["services", "networks", "volumes", "secrets", "configs"].contains(parts[0]) { parts[1] = "*" }
        if parts.count == 4, parts[0] == "services", parts[2] == "ulimits" { parts[3] = "*" }
        return parts.joined(separator: ".")
    }

    /// A mapping or list as a list of `KEY=VALUE` (or `KEY`) items, located at each key.
    static func asSequence(_ node: YAMLNode) -> [YAMLNode] {
        switch node.kind {
        case .sequence(let items): return items
        case .mapping(let pairs):
            return pairs.map { pair in
                let key = pair.key.string ?? ""
                let text = pair.value.isNull ? key : "\(key)=\(pair.value.scalar?.string ?? "")"
                let raw = pair.value.isNull ? key : "\(key)=\(pair.value.scalar?.written ?? "")"
                return YAMLNode(.scalar(YAMLNode.Scalar(text, style: .doubleQuoted, raw: raw)), location: pair.key.location)
            }
        case .scalar: return node.isNull ? [] : [node]
        }
    }

    /// A list of names as a mapping of name to null.
    static func asMapping(_ node: YAMLNode) -> YAMLNode {
        guard let items = node.items else { return node }
        let pairs = items.map { YAMLNode.Pair(key: $0, value: YAMLNode(.scalar(YAMLNode.Scalar("")), location: $0.location)) }
        return YAMLNode(.mapping(pairs), location: node.location, tag: node.tag)
    }

    /// `depends_on` as a mapping; the list form means `service_started` and required.
    static func dependencies(_ node: YAMLNode) -> YAMLNode {
        guard let items = node.items else { return node }
        let pairs = items.map { item in
            let defaults = YAMLNode(.mapping([
                YAMLNode.Pair(key: synthetic("condition", at: item.location), value: synthetic("service_started", at: item.location)),
                YAMLNode.Pair(key: synthetic("required", at: item.location), value: synthetic("true", at: item.location, style: .plain)),
            ]), location: item.location)
            return YAMLNode.Pair(key: item, value: defaults)
        }
        return YAMLNode(.mapping(pairs), location: node.location, tag: node.tag)
    }

    private static func buildMapping(_ node: YAMLNode) -> YAMLNode {
        guard node.scalar != nil, !node.isNull else { return node }
        return YAMLNode(.mapping([YAMLNode.Pair(key: synthetic("context", at: node.location), value: node)]), location: node.location)
    }

    static func synthetic(_ text: String, at location: SourceLocation, style: YAMLNode.Scalar.Style = .doubleQuoted) -> YAMLNode {
        YAMLNode(.scalar(YAMLNode.Scalar(text, style: style)), location: location)
    }

    /// Removes duplicates from the lists Compose keeps unique (ports, volumes by target,
    /// environment and labels by key…): a later entry replaces an earlier one in its place.
    static func enforceUnicity(_ node: consuming YAMLNode) -> YAMLNode {
        var path: [String] = []
        enforceUnicity(&node, path: &path)
        return node
    }

    /// `enforceUnicity` in place: each collection is taken out of its node while it changes (an
    /// empty list holds its place), so that nothing is copied. `path` holds the keys down to
    /// `node` and is left as it was given.
    private static func enforceUnicity(_ node: inout YAMLNode, path: inout [String]) {
        switch node.kind {
        case .scalar:
            return
        case .mapping(var pairs):
            // Those lists are under `services` and `networks`, at most four keys deep.
            guard path.count < 4, path.first.map({ $0 == "services" || $0 == "networks" }) ?? true else { return }
            node.kind = .sequence([])
            for index in pairs.indices {
                path.append(pairs[index].key.string ?? "")
                enforceUnicity(&pairs[index].value, path: &path)
                path.removeLast()
            }
            node.kind = .mapping(pairs)
        case .sequence(let items):
            guard let indexer = uniqueIndexer(pattern(path)) else { return }
            var result: [YAMLNode] = []
            result.reserveCapacity(items.count)
            var seen: [String: Int] = [:]
            for item in items {
                guard let key = indexer(item) else {
                    result.append(item)
                    continue
                }
                if let index = seen[key] {
                    result[index] = item
                } else {
                    seen[key] = result.count
                    result.append(item)
                }
            }
            node.kind = .sequence(result)
        }
    }

    private static func uniqueIndexer(_ pattern: String) -> ((YAMLNode) -> String?)? {
        switch pattern {
        case "services.*.environment", "services.*.labels", "services.*.annotations", "services.*.dns", "services.*.dns_opt",
             "services.*.dns_search", "services.*.cap_add", "services.*.cap_drop", "services.*.profiles", "services.*.sysctls",
             "services.*.tmpfs", "services.*.links", "services.*.build.args", "services.*.build.labels", "services.*.build.tags",
             "services.*.deploy.labels", "networks.*.labels":
            return { node in node.scalar.map { String($0.string.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]) } }
        case "services.*.expose":
            return { $0.scalar?.string }
        case "services.*.ports":
            return { node in
                if let text = node.scalar?.string { return text }
                guard let target = node["target"]?.scalar?.string else { return nil }
                let host = node["host_ip"]?.scalar?.string ?? ""
                let published = node["published"]?.scalar?.string ?? ""
                return "\(host):\(published):\(target)/\(node["protocol"]?.scalar?.string ?? "tcp")"
            }
        case "services.*.volumes":
            return { node in
                if let text = node.scalar?.string { return try? VolumeSpec.parse(text).get().target }
                return node["target"]?.scalar?.string
            }
        case "services.*.env_file":
            return { node in node.scalar?.string ?? node["path"]?.scalar?.string }
        default:
            return nil
        }
    }

    /// The tree without the entries an overlay or `extends` reset with `!reset`.
    static func removingResets(_ node: YAMLNode) -> YAMLNode {
        guard hasReset(node) else { return node }
        switch node.kind {
        case .scalar:
            return node
        case .mapping(let pairs):
            let kept = pairs.filter { $0.value.tag != "!reset" }.map { YAMLNode.Pair(key: $0.key, value: removingResets($0.value)) }
            return YAMLNode(.mapping(kept), location: node.location, tag: node.tag)
        case .sequence(let items):
            let kept = items.filter { $0.tag != "!reset" }.map(removingResets)
            return YAMLNode(.sequence(kept), location: node.location, tag: node.tag)
        }
    }

    /// Whether a value under `node` is tagged `!reset` (most documents have none, and are
    /// then kept as they are rather than rebuilt).
    private static func hasReset(_ node: YAMLNode) -> Bool {
        // By index: values are looked at in place, not copied one by one.
        switch node.kind {
        case .scalar: false
        case .mapping(let pairs): pairs.indices.contains { pairs[$0].value.tag == "!reset" || hasReset(pairs[$0].value) }
        case .sequence(let items): items.indices.contains { items[$0].tag == "!reset" || hasReset(items[$0]) }
        }
    }
}
