import Yams

/// Parses YAML text into located `YAMLNode` trees, refusing documents whose aliases would
/// expand past a fixed budget before anything is decoded.
public enum YAMLParser {
    /// The most nodes a document may hold once its aliases are expanded.
    /// Nodes that aliases may add on top of what the text itself holds (a node takes at least
    /// one byte of text, so a document without aliases never comes near its own size).
    public static let defaultNodeBudget = 100_000

    /// Parses one YAML document; `nil` for an empty document.
    ///
    /// - Parameter file: the path used in locations, relative to the workspace root.
    public static func parse(_ text: String, file: String, nodeBudget: Int = defaultNodeBudget) throws(InputError) -> YAMLNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw inputError(error, text: text, file: file)
        } catch {
            throw InputError(file: file, message: "cannot parse YAML: \(error)")
        }
        guard let root else { return nil }
        let budget = nodeBudget + text.utf8.count
        var remaining = budget
        // Without a `*` there is no alias, and the text alone stays within the budget.
        if text.utf8.contains(UInt8(ascii: "*")), let place = firstNodePastBudget(root, remaining: &remaining) {
            throw InputError(
                file: file, line: place.line, column: place.column,
                message: "document expands past \(budget) nodes through aliases; refusing to load it")
        }
        var converter = Converter(file: file, budget: budget)
        return try converter.convert(root, path: "")
    }

    /// Counts nodes as aliases expand them, stopping at the first one past the budget; cheap
    /// enough to run before any conversion, so a billion-laughs document costs milliseconds.
    private static func firstNodePastBudget(_ node: Node, remaining: inout Int) -> Mark? {
        remaining -= 1
        if remaining < 0 { return node.mark }
        switch node {
        case .scalar, .alias:
            return nil
        case .sequence(let sequence):
            for item in sequence {
                if let mark = firstNodePastBudget(item, remaining: &remaining) { return mark }
            }
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let mark = firstNodePastBudget(key, remaining: &remaining) ?? firstNodePastBudget(value, remaining: &remaining) {
                    return mark
                }
            }
        }
        return nil
    }

    private struct Converter {
        let file: String
        var budget: Int

        init(file: String, budget: Int) {
            self.file = file
            self.budget = budget
        }

        mutating func convert(_ node: Node, path: String) throws(InputError) -> YAMLNode {
            let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, keyPath: path)
            budget -= 1
            if budget < 0 {
                throw InputError(
                    location,
                    "document expands past its node budget through aliases; refusing to load it")
            }
            switch node {
            case .scalar(let scalar):
                let tag = explicitTag(scalar.tag)
                return YAMLNode(.scalar(YAMLNode.Scalar(scalar.string, style: style(scalar.style), tag: tag)), location: location, tag: tag)
            case .alias:
                throw InputError(location, "unresolved alias")
            case .sequence(let sequence):
                var items: [YAMLNode] = []
                items.reserveCapacity(sequence.count)
                for (index, item) in sequence.enumerated() {
                    items.append(try convert(item, path: "\(path)[\(index)]"))
                }
                return YAMLNode(.sequence(items), location: location, tag: explicitTag(sequence.tag))
            case .mapping(let mapping):
                var explicit: [YAMLNode.Pair] = []
                var merged: [YAMLNode.Pair] = []
                for (key, value) in mapping {
                    if case .scalar(let scalar) = key, scalar.string == "<<", scalar.style == .plain {
                        merged.append(contentsOf: try mergeSources(value, path: path, at: location))
                        continue
                    }
                    let keyText = key.scalar?.string ?? ""
                    let childPath = path.isEmpty ? keyText : "\(path).\(keyText)"
                    let keyNode = try convert(key, path: childPath)
                    explicit.append(YAMLNode.Pair(key: keyNode, value: try convert(value, path: childPath)))
                }
                let tag = explicitTag(mapping.tag)
                guard !merged.isEmpty else { return YAMLNode(.mapping(explicit), location: location, tag: tag) }
                var seen = Set(explicit.compactMap { $0.key.scalar?.string })
                for pair in merged {
                    guard let name = pair.key.scalar?.string, !seen.contains(name) else { continue }
                    seen.insert(name)
                    explicit.append(pair)
                }
                return YAMLNode(.mapping(explicit), location: location, tag: tag)
            }
        }

        /// The pairs a `<<` value contributes, earlier mappings taking precedence.
        private mutating func mergeSources(_ value: Node, path: String, at location: SourceLocation) throws(InputError) -> [YAMLNode.Pair] {
            switch value {
            case .mapping:
                return try convert(value, path: path).pairs ?? []
            case .sequence(let sequence):
                var pairs: [YAMLNode.Pair] = []
                for item in sequence {
                    guard case .mapping = item else {
                        throw InputError(location, "merge key `<<` needs a mapping or a list of mappings")
                    }
                    pairs.append(contentsOf: try convert(item, path: path).pairs ?? [])
                }
                return pairs
            default:
                throw InputError(location, "merge key `<<` needs a mapping or a list of mappings")
            }
        }

        private func style(_ style: Node.Scalar.Style) -> YAMLNode.Scalar.Style {
            switch style {
            case .singleQuoted: .singleQuoted
            case .doubleQuoted: .doubleQuoted
            case .literal: .literal
            case .folded: .folded
            case .plain, .any: .plain
            }
        }

        private func explicitTag(_ tag: Tag) -> String? {
            let name = tag.rawValue
            return name == Tag.Name.implicit.rawValue || name == Tag.Name.nonSpecific.rawValue || name.isEmpty ? nil : name
        }
    }

    private static func inputError(_ error: YamlError, text: String, file: String) -> InputError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = problem
            if let context, !context.text.isEmpty { message = "\(problem) (\(context.text))" }
            return InputError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(message)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let first = (line: context.mark.line, column: context.mark.column)
            let place = secondOccurrence(of: key, after: first, in: text) ?? first
            return InputError(file: file, line: place.line, column: place.column, message: "duplicate key '\(key)'")
        case .reader(let problem, _, _, _):
            return InputError(file: file, line: 1, column: 1, message: "cannot read YAML: \(problem)")
        default:
            return InputError(file: file, message: "cannot parse YAML")
        }
    }

    /// Where a duplicated key is written again: the next line at the first one's indentation
    /// that starts with the same key.
    private static func secondOccurrence(of key: String, after first: (line: Int, column: Int), in text: String) -> (line: Int, column: Int)? {
        let indent = first.column - 1
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard lineNumber > first.line else { continue }
            let body = line.dropFirst(indent)
            guard line.prefix(indent).allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where body.hasPrefix(candidate + ":") {
                return (lineNumber, first.column)
            }
        }
        return nil
    }
}
