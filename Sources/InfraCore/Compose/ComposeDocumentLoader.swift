/// Turns compose files into one merged, interpolated `YAMLNode` tree, as compose-go's loader
/// does before it builds a project: parse, interpolate, resolve `extends` and `include`,
/// merge the files in order and keep list entries unique.
struct ComposeDocumentLoader {
    let workspace: Workspace
    var errors: [InputError] = []
    var references: [VariableReference] = []
    /// The folder each loaded file resolves its relative paths against: the project folder
    /// for the files given on the command line, their own folder for `extends` and `include`
    /// targets.
    var relativeBase: [String: String] = [:]
    /// Files being loaded, to refuse `include` and `extends` cycles.
    private var loading: [String] = []
    /// Files already parsed for their `name`, not yet interpolated.
    private var parsed: [String: YAMLNode] = [:]
    /// `COMPOSE_PROJECT_NAME` as the project sets it, for included files too.
    private var projectName: String?

    /// Files parsed ahead of the loader.
    private let prefetched: ComposePrefetch?

    init(workspace: Workspace, prefetched: ComposePrefetch? = nil) {
        self.workspace = workspace
        self.prefetched = prefetched
    }

    /// The project's variables: the workspace environment over the `.env` in `directory`.
    mutating func variables(directory: String, envFiles: [String]? = nil, referencedAt location: SourceLocation? = nil) -> [String: String] {
        var variables: [String: String] = [:]
        let paths = envFiles ?? [WorkspacePath.join(directory, ".env") ?? ".env"]
        for path in paths {
            do {
                guard let text = try workspace.readIfPresent(path, referencedAt: location) else {
                    if envFiles != nil { fail(location, file: path, "env file \(path) not found") }
                    continue
                }
                let lookup = variables.merging(workspace.environment) { _, process in process }
                for entry in try EnvFileParser(lookup: lookup).parse(text, file: path) {
                    variables[entry.name] = entry.value
                }
            } catch {
                errors.append(error)
            }
        }
        return variables.merging(workspace.environment) { _, process in process }
    }

    /// `variables` with `COMPOSE_PROJECT_NAME` set as Compose sets it before interpolating
    /// (compose-go `projectName`): a non-empty value already there wins; else the last
    /// non-empty top-level `name` of `files`, interpolated and normalised; else the name of the
    /// project folder, normalised.
    mutating func settingProjectName(_ variables: [String: String], files: [String], directory: String) -> [String: String] {
        let key = "COMPOSE_PROJECT_NAME"
        if let explicit = variables[key], !explicit.isEmpty {
            projectName = explicit
            return variables
        }
        var declared = ""
        for file in files {
            // A file that cannot be read or parsed is reported by `load`, as compose-go does.
            guard let root = prefetched?.take(file) ?? Self.tree(of: file, in: workspace) else { continue }
            parsed[file] = root
            if let name = root["name"]?.scalar?.string, !name.isEmpty { declared = name }
        }
        if case .success(let result) = Interpolator(variables: variables).interpolate(declared) { declared = result.value }
        declared = ComposeProject.normalizedName(declared)
        let name = declared.isEmpty ? ComposeProject.normalizedName(ComposeProject.folderName(of: directory, workspaceRoot: workspace.root)) : declared
        projectName = name
        var variables = variables
        variables[key] = name
        return variables
    }

    /// `file` read and parsed; `nil` when it cannot be read or parsed (left for `load` to report).
    static func tree(of file: String, in workspace: Workspace) -> YAMLNode? {
        (try? workspace.read(file, referencedAt: nil)).flatMap { try? YAMLParser.parse($0, file: file) }
    }

    /// The files merged in order into one tree; `nil` when none could be read.
    mutating func load(_ files: [String], directory: String, variables: [String: String], referencedAt location: SourceLocation?) -> YAMLNode? {
        var merged: YAMLNode?
        var documents = 0
        for file in files {
            if relativeBase[file] == nil { relativeBase[file] = directory }
            guard let document = loadDocument(file, variables: variables, referencedAt: location) else { continue }
            merged = merged.map { ComposeMerger.merge($0, document) } ?? document
            documents += 1
        }
        // Each document's lists are unique already; only merging several can repeat an entry.
        return merged.map { ComposeMerger.removingResets(documents > 1 ? ComposeMerger.enforceUnicity($0) : $0) }
    }

    /// One file: parsed, interpolated, with its `extends` and `include` resolved.
    mutating func loadDocument(_ file: String, variables: [String: String], referencedAt location: SourceLocation?) -> YAMLNode? {
        guard !loading.contains(file) else {
            fail(location, file: file, "include cycle: \((loading + [file]).joined(separator: " -> "))")
            return nil
        }
        guard var document = parse(file, variables: variables, referencedAt: location) else { return nil }
        loading.append(file)
        defer { loading.removeLast() }
        document = resolveExtends(in: document, file: file, variables: variables)
        document = resolveIncludes(in: document, file: file)
        return ComposeMerger.enforceUnicity(consume document)
    }

    /// A file parsed and interpolated; errors recorded.
    private mutating func parse(_ file: String, variables: [String: String], referencedAt location: SourceLocation?) -> YAMLNode? {
        let found: YAMLNode?
        if let prefetched = parsed.removeValue(forKey: file) {
            found = prefetched
        } else {
            do {
                let text = try workspace.read(file, referencedAt: location)
                found = try YAMLParser.parse(text, file: file)
            } catch {
                errors.append(error)
                return nil
            }
        }
        // Consumed: the tree has one owner, so interpolating it changes it in place (a second
        // reference made every mapping in it a copy).
        guard var root = consume found, !root.isNull else {
            errors.append(InputError(file: file, line: 1, column: 1, message: "empty compose file"))
            return nil
        }
        guard root.pairs != nil else {
            errors.append(InputError(root.location, "top-level object must be a mapping, found \(root.typeDescription)"))
            return nil
        }
        let before = errors.count
        checkKeysAreStrings(root)
        guard errors.count == before else { return nil }
        var path: [String] = []
        interpolate(&root, path: &path, interpolator: Interpolator(variables: variables))
        return root
    }

    /// compose-go refuses mapping keys that YAML reads as numbers, booleans or null. The
    /// message names the mapping by the key path the parser gave it.
    private mutating func checkKeysAreStrings(_ node: YAMLNode) {
        switch node.kind {
        case .scalar: return
        case .sequence(let items):
            for item in items { checkKeysAreStrings(item) }
        case .mapping(let pairs):
            // By index: a pair is looked at in place rather than copied.
            for index in pairs.indices {
                guard Self.isStringKey(pairs[index].key) else {
                    let key = pairs[index].key
                    let path = node.location.keyPath ?? ""
                    let place = path.isEmpty ? "at top level" : "in \(path)"
                    fail(key.location, "non-string key \(place): \(key.scalar?.string ?? key.typeDescription)")
                    continue
                }
                checkKeysAreStrings(pairs[index].value)
            }
        }
    }

    /// Whether compose-go reads `key` as a string: a scalar that is not null, a boolean or a
    /// number. Nearly every key is a plain word whose first letter says so at once.
    static func isStringKey(_ key: YAMLNode) -> Bool {
        guard case .scalar(let scalar) = key.kind else { return false }
        guard scalar.style == .plain else { return true }
        if let first = scalar.string.utf8.first {
            switch first {
            // Null, booleans and numbers start with one of n N t T f F i I, a digit, a sign,
            // `.` or `~`.
            case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
                 UInt8(ascii: "i"), UInt8(ascii: "I"):
                break
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                return true
            default:
                break
            }
        }
        return !(key.isNull || key.bool != nil || key.int != nil || (mayBeNumber(scalar.string) && Double(scalar.string) != nil))
    }

    /// Whether `Double(text)` can read `text`: it starts as a number, `inf`, `infinity` or `nan`
    /// do. Asked first because nearly every key starts otherwise, and parsing costs more.
    static func mayBeNumber(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            return true
        default:
            return false
        }
    }

    /// Substitutes the variables of every scalar under `node`, in place, and casts values where
    /// compose-go casts. `path` holds the keys down to `node` (`[]` for a list item); it is
    /// left as it was given.
    private mutating func interpolate(_ node: inout YAMLNode, path: inout [String], interpolator: Interpolator) {
        // A collection is taken out of the node while its values change (an empty list holds
        // its place), so that it changes in place instead of being copied.
        switch node.kind {
        case .mapping(var pairs):
            node.kind = .sequence([])
            for index in pairs.indices {
                path.append(pairs[index].key.string ?? "")
                interpolate(&pairs[index].value, path: &path, interpolator: interpolator)
                path.removeLast()
            }
            node.kind = .mapping(pairs)
        case .sequence(var items):
            node.kind = .sequence([])
            path.append("[]")
            for index in items.indices { interpolate(&items[index], path: &path, interpolator: interpolator) }
            path.removeLast()
            node.kind = .sequence(items)
        case .scalar(var scalar):
            if scalar.string.utf8.contains(UInt8(ascii: "$")), !node.isNull {
                switch interpolator.interpolate(scalar.string) {
                case .failure(let failure):
                    fail(node.location, failure.message)
                    return
                case .success(let result):
                    for lookup in result.lookups {
                        references.append(VariableReference(name: lookup.name, hasDefault: lookup.hasDefault, isDefined: lookup.isDefined, location: node.location))
                    }
                    if result.value != scalar.string {
                        scalar.raw = scalar.string
                        scalar.string = result.value
                        scalar.style = .doubleQuoted
                        node.kind = .scalar(scalar)
                    }
                }
            }
            // Only text that is not plain is cast (a plain scalar already reads as YAML types).
            guard scalar.style != .plain, let cast = ComposeSchema.cast(at: path) else { return }
            node = castScalar(node, to: cast)
        }
    }

    /// A quoted or interpolated value where compose-go wants a number or boolean: converted
    /// (as a plain scalar) or refused with compose-go's message.
    private mutating func castScalar(_ node: YAMLNode, to cast: ComposeSchema.Cast) -> YAMLNode {
        guard var scalar = node.scalar else { return node }
        let text = scalar.string
        let valid: Bool
        switch cast {
        case .int: valid = Int(text) != nil
        case .float: valid = Double(text) != nil
        case .bool: valid = ["true", "false", "True", "False", "TRUE", "FALSE", "1", "0", "t", "f", "T", "F"].contains(text)
        }
        guard valid else {
            let kind = cast == .bool ? "strconv.ParseBool" : cast == .float ? "strconv.ParseFloat" : "strconv.Atoi"
            fail(node.location, "failed to cast to expected type: \(kind): parsing \"\(text)\": invalid syntax")
            return node
        }
        if cast == .bool { scalar.string = ["true", "True", "TRUE", "1", "t", "T"].contains(text) ? "true" : "false" }
        scalar.style = .plain
        return YAMLNode(.scalar(scalar), location: node.location, tag: node.tag)
    }

    // MARK: extends

    private mutating func resolveExtends(in document: YAMLNode, file: String, variables: [String: String]) -> YAMLNode {
        guard let services = document["services"]?.pairs, services.contains(where: { $0.value["extends"] != nil }) else { return document }
        var resolved: [String: YAMLNode] = [:]
        var result: [YAMLNode.Pair] = []
        for pair in services {
            var visiting: [String] = []
            let name = pair.key.string ?? ""
            let service = resolveService(name, services: services, file: file, variables: variables, resolved: &resolved, visiting: &visiting)
            result.append(YAMLNode.Pair(key: pair.key, value: service ?? pair.value))
        }
        return replacing("services", in: document, with: YAMLNode(.mapping(result), location: document["services"]?.location ?? document.location))
    }

    private mutating func resolveService(
        _ name: String, services: [YAMLNode.Pair], file: String, variables: [String: String],
        resolved: inout [String: YAMLNode], visiting: inout [String]
    ) -> YAMLNode? {
        if let done = resolved[name] { return done }
        guard let service = services.first(where: { $0.key.string == name })?.value else { return nil }
        guard let extends = service["extends"] else { return service }
        guard !visiting.contains(name) else {
            fail(extends.location, "circular reference with extends: \((visiting + [name]).joined(separator: " -> "))")
            return service
        }
        visiting.append(name)
        defer { visiting.removeLast() }
        var baseName: String?
        var baseFile: String?
        if let text = extends.string, extends.scalar?.style != .plain || extends.int == nil {
            baseName = text
        } else if let pairs = extends.pairs {
            var reader = NodeReader()
            reader.checkKeys(pairs, known: ComposeSchema.extendsKeys, allowExtensions: true)
            baseName = extends["service"]?.string
            baseFile = extends["file"]?.string
        }
        guard let baseName else {
            fail(extends.location, "services.\(name).extends must name a service")
            return service
        }
        var base: YAMLNode?
        if let baseFile {
            let directory = relativeBase[file] ?? WorkspacePath.directory(of: file)
            guard let path = WorkspacePath.join(directory, baseFile) else {
                fail(extends.location, "path \(baseFile) leaves the workspace")
                return service
            }
            if relativeBase[path] == nil { relativeBase[path] = WorkspacePath.directory(of: path) }
            guard !loading.contains(path) else {
                fail(extends.location, "circular reference with extends: \((loading + [path]).joined(separator: " -> "))")
                return service
            }
            loading.append(path)
            defer { loading.removeLast() }
            guard let other = parse(path, variables: variables, referencedAt: extends.location) else { return service }
            let otherDocument = resolveExtends(in: other, file: path, variables: variables)
            base = otherDocument["services"]?[baseName]
        } else {
            base = resolveService(baseName, services: services, file: file, variables: variables, resolved: &resolved, visiting: &visiting)
        }
        guard let base, base.pairs != nil else {
            fail(extends.location, "cannot extend service \"\(name)\": service \"\(baseName)\" not found\(baseFile.map { " in \($0)" } ?? "")")
            return service
        }
        let own = YAMLNode(.mapping((service.pairs ?? []).filter { $0.key.string != "extends" }), location: service.location, tag: service.tag)
        let baseWithoutExtends = YAMLNode(.mapping((base.pairs ?? []).filter { $0.key.string != "extends" }), location: base.location)
        let merged = ComposeMerger.merge(baseWithoutExtends, own, path: ["services", name])
        // The service keeps its own place; the merged fields keep theirs.
        let result = YAMLNode(.mapping(merged.pairs ?? []), location: service.location, tag: service.tag)
        resolved[name] = result
        return result
    }

    // MARK: include

    private mutating func resolveIncludes(in document: YAMLNode, file: String) -> YAMLNode {
        guard let include = document["include"] else { return document }
        guard let entries = include.items else {
            fail(include.location, "include must be a list, found \(include.typeDescription)")
            return document
        }
        var result = document
        let directory = relativeBase[file] ?? WorkspacePath.directory(of: file)
        for entry in entries {
            var paths: [YAMLNode] = []
            var envFiles: [String]?
            var projectDirectory: String?
            if entry.string != nil {
                paths = [entry]
            } else if let pairs = entry.pairs {
                var reader = NodeReader()
                reader.checkKeys(pairs, known: ComposeSchema.includeKeys, allowExtensions: true)
                if let path = entry["path"] { paths = path.items ?? [path] }
                if let env = entry["env_file"] {
                    envFiles = (env.items ?? [env]).compactMap(\.string).compactMap { WorkspacePath.join(directory, $0) }
                }
                projectDirectory = entry["project_directory"]?.string.flatMap { WorkspacePath.join(directory, $0) }
            }
            guard !paths.isEmpty else {
                fail(entry.location, "include entry needs a path")
                continue
            }
            var files: [String] = []
            for path in paths {
                guard let text = path.string, let joined = WorkspacePath.join(directory, text) else {
                    fail(path.location, "include path \(path.string ?? "") leaves the workspace")
                    continue
                }
                files.append(joined)
            }
            guard let first = files.first else { continue }
            let includedDirectory = projectDirectory ?? WorkspacePath.directory(of: first)
            var includeVariables = variables(directory: includedDirectory, envFiles: envFiles, referencedAt: entry.location)
            if includeVariables["COMPOSE_PROJECT_NAME", default: ""].isEmpty { includeVariables["COMPOSE_PROJECT_NAME"] = projectName }
            for included in files where relativeBase[included] == nil { relativeBase[included] = includedDirectory }
            var merged: YAMLNode?
            for included in files {
                guard let document = loadDocument(included, variables: includeVariables, referencedAt: paths.first { $0.string.flatMap { WorkspacePath.join(directory, $0) } == included }?.location ?? entry.location) else { continue }
                merged = merged.map { ComposeMerger.merge($0, document) } ?? document
            }
            guard let merged = merged.map({ ComposeMerger.removingResets(ComposeMerger.enforceUnicity($0)) }) else { continue }
            for section in ["services", "networks", "volumes", "secrets", "configs"] {
                guard let imported = merged[section]?.pairs, !imported.isEmpty else { continue }
                var pairs = result[section]?.pairs ?? []
                for pair in imported {
                    if pairs.contains(where: { $0.key.string == pair.key.string }) {
                        fail(pair.key.location, "imported compose file \(first) defines conflicting \(section.dropLast()) \(pair.key.string ?? "")")
                        continue
                    }
                    pairs.append(pair)
                }
                result = replacing(section, in: result, with: YAMLNode(.mapping(pairs), location: result[section]?.location ?? include.location))
            }
        }
        return result
    }

    private func replacing(_ key: String, in document: YAMLNode, with value: YAMLNode) -> YAMLNode {
        var pairs = document.pairs ?? []
        if let index = pairs.firstIndex(where: { $0.key.string == key }) {
            pairs[index].value = value
        } else {
            pairs.append(YAMLNode.Pair(key: ComposeMerger.synthetic(key, at: value.location), value: value))
        }
        return YAMLNode(.mapping(pairs), location: document.location, tag: document.tag)
    }

    private mutating func fail(_ location: SourceLocation, _ message: String) {
        errors.append(InputError(location, message))
    }

    private mutating func fail(_ location: SourceLocation?, file: String, _ message: String) {
        errors.append(location.map { InputError($0, message) } ?? InputError(file: file, message: message))
    }
}
