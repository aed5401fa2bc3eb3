internal import CYaml

/// Parses YAML text into located `YAMLNode` trees, refusing documents whose aliases would
/// expand past a fixed budget.
///
/// The tree is built straight from libyaml's events (Yams vendors libyaml as `CYaml`), in one
/// pass: no intermediate tree. It reads YAML as Yams's composer with the basic resolver did
/// before (the loaders and the Compose conformance corpus depend on that): quoted scalars are
/// tagged `!!str`, mapping keys are compared by text and resolved tag, aliases copy the
/// anchored node with its own marks, and merge keys (`<<`) are applied with explicit keys
/// winning.
public enum YAMLParser {
    /// Nodes that aliases may add on top of what the text itself holds (a node takes at least
    /// one byte of text, so a document without aliases never comes near its own size).
    public static let defaultNodeBudget = 100_000

    /// Parses one YAML document; `nil` for an empty document.
    ///
    /// - Parameter file: the path used in locations, relative to the workspace root.
    public static func parse(_ text: String, file: String, nodeBudget: Int = defaultNodeBudget) throws(InputError) -> YAMLNode? {
        var text = text
        let outcome = text.withUTF8 { bytes in
            Result { () throws(InputError) in
                var builder = try YAMLTreeBuilder(bytes, file: file, budget: nodeBudget + bytes.count)
                return try builder.document()
            }
        }
        return try outcome.get()
    }
}

/// Turns libyaml's events into one `YAMLNode` tree.
private struct YAMLTreeBuilder: ~Copyable {
    /// A node with an anchor, and how many nodes it counts for wherever an alias repeats it.
    private struct Anchored {
        var node: YAMLNode
        var expandedSize: Int
    }

    private var events: LibYAMLEvents
    private let file: String
    /// The document's key paths, which every location points into.
    private let paths = KeyPathTable()
    /// The most nodes the document may hold once its aliases are expanded.
    private let budget: Int
    /// Nodes read so far, each alias counted as the whole node it repeats.
    private var expandedSize = 0
    private var anchors: [String: Anchored] = [:]
    /// Where the document first went past its budget. Past it, aliases are no longer copied,
    /// so reading the rest of the text (for a syntax error that comes first) costs no more
    /// than the text.
    private var overBudgetAt: SourceLocation?
    /// The first misused merge key. Like the budget it is reported once the whole text has
    /// parsed, so that a syntax error anywhere still comes first, as it did with Yams.
    private var mergeError: InputError?

    init(_ bytes: UnsafeBufferPointer<UInt8>, file: String, budget: Int) throws(InputError) {
        events = try LibYAMLEvents(bytes, file: file)
        self.file = file
        self.budget = budget
    }

    /// The stream's only document; `nil` when it holds none.
    mutating func document() throws(InputError) -> YAMLNode? {
        try events.advance()
        guard events.type == YAML_DOCUMENT_START_EVENT else { return nil }
        try events.advance()
        let root = try node(at: KeyPathTable.root, isKey: false)
        try events.advance()
        try events.advance()
        guard events.type == YAML_STREAM_END_EVENT else {
            throw InputError(location(), "invalid YAML: but found another document (expected a single document in the stream)")
        }
        if let overBudgetAt {
            throw InputError(overBudgetAt, "document expands past \(budget) nodes through aliases; refusing to load it")
        }
        if let mergeError { throw mergeError }
        return root
    }

    /// The node whose first event is the current one, read up to its last event. `path` is its
    /// key path; a key's own tags are resolved (`!!str` for a plain scalar) as Yams's composer
    /// did when it compared keys.
    private mutating func node(at path: Int32, isKey: Bool) throws(InputError) -> YAMLNode {
        let location = location(path: path)
        let anchor = events.anchor
        let start = expandedSize
        switch events.type {
        case YAML_ALIAS_EVENT:
            guard let anchored = anchor.flatMap({ anchors[$0] }) else {
                throw InputError(location, "invalid YAML: found undefined alias")
            }
            count(anchored.expandedSize, at: location)
            var node = overBudgetAt == nil ? anchored.node.relocated(to: path, in: paths) : anchored.node
            if isKey { node.resolveKeyTags() }
            return node
        case YAML_SCALAR_EVENT:
            count(1, at: location)
            var scalar = events.scalar
            if isKey, scalar.tag == nil { scalar.tag = YAMLNode.Tags.string }
            let tag = scalar.tag
            return remembered(YAMLNode(.scalar(scalar), location: location, tag: tag), anchor: anchor, sizeFrom: start)
        case YAML_SEQUENCE_START_EVENT:
            count(1, at: location)
            let tag = events.collectionTag ?? (isKey ? YAMLNode.Tags.sequence : nil)
            var items: [YAMLNode] = []
            try events.advance()
            while events.type != YAML_SEQUENCE_END_EVENT {
                items.append(try self.node(at: paths.item(path, index: items.count), isKey: isKey))
                try events.advance()
            }
            return remembered(YAMLNode(.sequence(items), location: location, tag: tag), anchor: anchor, sizeFrom: start)
        default:
            count(1, at: location)
            let node = try mapping(at: location, path: path, tag: events.collectionTag ?? (isKey ? YAMLNode.Tags.mapping : nil), isKey: isKey)
            return remembered(node, anchor: anchor, sizeFrom: start)
        }
    }

    /// `node`, kept under `anchor` when it has one (with the nodes read since `start`): the
    /// node is handed through, copied only for an anchor.
    private mutating func remembered(_ node: consuming YAMLNode, anchor: String?, sizeFrom start: Int) -> YAMLNode {
        if let anchor { anchors[anchor] = Anchored(node: copy node, expandedSize: expandedSize - start) }
        return node
    }

    /// A mapping from its start event to its end event, merge keys applied: explicit keys
    /// first, in order, then merged keys they do not already have.
    private mutating func mapping(at location: SourceLocation, path: Int32, tag: String?, isKey: Bool) throws(InputError) -> YAMLNode {
        var pairs: [YAMLNode.Pair] = []
        var merged: [YAMLNode.Pair] = []
        var keys = MappingKeys()
        var repeated: YAMLNode?
        try events.advance()
        while events.type != YAML_MAPPING_END_EVENT {
            var key = try node(at: path, isKey: true)
            try events.advance()
            if !keys.insert(key), repeated == nil { repeated = key }
            if let text = key.scalar?.string, text == "<<", key.scalar?.style == .plain {
                let sources = try node(at: path, isKey: isKey)
                merged.append(contentsOf: mergedPairs(sources, at: location, path: path))
            } else {
                let childPath = paths.child(path, key: key.scalar?.string ?? "")
                key.relocate(to: childPath, in: paths)
                pairs.append(YAMLNode.Pair(key: key, value: try node(at: childPath, isKey: isKey)))
            }
            try events.advance()
        }
        if let repeated {
            throw InputError(repeated.location, "duplicate key '\(repeated.scalar?.string ?? repeated.typeDescription)'")
        }
        if !merged.isEmpty {
            var seen = Set(pairs.compactMap { $0.key.scalar?.string })
            for pair in merged {
                guard let name = pair.key.scalar?.string, seen.insert(name).inserted else { continue }
                pairs.append(pair)
            }
        }
        return YAMLNode(.mapping(pairs), location: location, tag: tag)
    }

    /// The pairs a `<<` value contributes, earlier mappings taking precedence; a value that is
    /// not a mapping or a list of mappings is an error of the mapping at `location`.
    private mutating func mergedPairs(_ sources: YAMLNode, at location: SourceLocation, path: Int32) -> [YAMLNode.Pair] {
        let mappings = sources.items ?? [sources]
        guard mappings.allSatisfy({ $0.pairs != nil }) else {
            if mergeError == nil { mergeError = InputError(location, "merge key `<<` needs a mapping or a list of mappings") }
            return []
        }
        return mappings.flatMap { $0.relocated(to: path, in: paths).pairs ?? [] }
    }

    /// Counts `size` more nodes, noting the place of the first past the budget.
    private mutating func count(_ size: Int, at location: SourceLocation) {
        expandedSize += size
        if expandedSize > budget, overBudgetAt == nil { overBudgetAt = location }
    }

    private func location() -> SourceLocation {
        let mark = events.mark
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private func location(path: Int32) -> SourceLocation {
        let mark = events.mark
        return SourceLocation(file: file, line: mark.line, column: mark.column, path: .table(paths, path))
    }
}

/// The keys of one mapping so far, to find one written twice. Keys are equal when they have
/// the same text and the same resolved tag (`a`, `"a"` and `!!str a` are one key), or for
/// keys that are lists or mappings, the same structure.
private struct MappingKeys {
    private struct ScalarKey: Hashable {
        var text: String
        var tag: String?
    }

    /// Small mappings are searched in order; a set takes over when one grows.
    private var few: [ScalarKey] = []
    private var many: Set<ScalarKey>?
    private var collections: [YAMLNode] = []

    /// Adds `key`; false when the mapping already has it.
    mutating func insert(_ key: YAMLNode) -> Bool {
        guard let scalar = key.scalar else {
            if collections.contains(where: { $0.isSameKey(as: key) }) { return false }
            collections.append(key)
            return true
        }
        let entry = ScalarKey(text: scalar.string, tag: key.tag)
        if many != nil { return many!.insert(entry).inserted }
        if few.contains(entry) { return false }
        few.append(entry)
        if few.count > 16 { many = Set(few) }
        return true
    }
}

extension YAMLNode {
    /// Well-known tags.
    enum Tags {
        static let string = "tag:yaml.org,2002:str"
        static let sequence = "tag:yaml.org,2002:seq"
        static let mapping = "tag:yaml.org,2002:map"
    }

    /// The node as if written at entry `path` of `paths`: the same marks, key paths under it.
    func relocated(to path: Int32, in paths: KeyPathTable) -> YAMLNode {
        var copy = self
        copy.relocate(to: path, in: paths)
        return copy
    }

    // The collections below are taken out of `kind` while they change (a placeholder holds
    // its place), so that they are changed in place rather than copied.

    mutating func relocate(to path: Int32, in paths: KeyPathTable) {
        location.path = .table(paths, path)
        switch kind {
        case .scalar:
            return
        case .sequence(var items):
            kind = .scalar(Scalar(""))
            for index in items.indices { items[index].relocate(to: paths.item(path, index: index), in: paths) }
            kind = .sequence(items)
        case .mapping(var pairs):
            kind = .scalar(Scalar(""))
            for index in pairs.indices {
                let childPath = paths.child(path, key: pairs[index].key.scalar?.string ?? "")
                pairs[index].key.relocate(to: childPath, in: paths)
                pairs[index].value.relocate(to: childPath, in: paths)
            }
            kind = .mapping(pairs)
        }
    }

    /// Gives this key (an alias's copy) and everything in it its resolved tag where none was
    /// written, as Yams's composer did when it compared keys: a key is never null.
    mutating func resolveKeyTags() {
        switch kind {
        case .scalar(var scalar):
            guard tag == nil else { return }
            tag = Tags.string
            scalar.tag = Tags.string
            kind = .scalar(scalar)
        case .sequence(var items):
            if tag == nil { tag = Tags.sequence }
            kind = .scalar(Scalar(""))
            for index in items.indices { items[index].resolveKeyTags() }
            kind = .sequence(items)
        case .mapping(var pairs):
            if tag == nil { tag = Tags.mapping }
            kind = .scalar(Scalar(""))
            for index in pairs.indices {
                pairs[index].key.resolveKeyTags()
                pairs[index].value.resolveKeyTags()
            }
            kind = .mapping(pairs)
        }
    }

    /// Whether two keys are the same key: same kind, text and tag, all the way down.
    func isSameKey(as other: YAMLNode) -> Bool {
        guard tag == other.tag else { return false }
        switch (kind, other.kind) {
        case (.scalar(let a), .scalar(let b)):
            return a.string == b.string
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSameKey(as: $1) }
        case (.mapping(let a), .mapping(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key.isSameKey(as: $1.key) && $0.value.isSameKey(as: $1.value) }
        default:
            return false
        }
    }
}
