import Foundation
import TOMLKit

/// Reads a Traefik configuration file, YAML or TOML by its extension, into the located node
/// tree the YAML loaders use. Traefik matches option names without regard to case, so lookups
/// go through `YAMLNode.traefik(_:)`.
public enum TraefikConfigParser {
    /// The extensions Traefik's file provider loads from a directory.
    public static let extensions = ["yml", "yaml", "toml"]

    /// Whether Traefik's file provider reads `path` when it sits in a watched directory.
    public static func isConfigFile(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), let slash = path.lastIndex(of: "/") ?? path.indices.first, dot > slash else { return false }
        return extensions.contains(path[path.index(after: dot)...].lowercased())
    }

    /// The document of `text`; `nil` for an empty one. `file` is the workspace path used in
    /// locations and chooses the syntax (`.toml`, else YAML).
    public static func parse(_ text: String, file: String) throws(InputError) -> YAMLNode? {
        if file.lowercased().hasSuffix(".toml") { return try parseTOML(text, file: file) }
        return try YAMLParser.parse(text, file: file)
    }

    /// TOML through TOMLKit. TOMLKit keeps no positions for values, so each value is placed at
    /// the line that writes its key (and, for strings, its value), found by scanning the text.
    static func parseTOML(_ text: String, file: String) throws(InputError) -> YAMLNode? {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw InputError(file: file, line: error.source.begin.line, column: error.source.begin.column, message: "cannot parse TOML: \(error.description)")
        } catch {
            throw InputError(file: file, message: "cannot parse TOML: \(error)")
        }
        guard !table.keys.isEmpty else { return nil }
        var locator = TOMLLocator(text: text, file: file)
        return locator.node(table, path: "", at: SourceLocation(file: file, line: 1, column: 1, keyPath: ""))
    }
}

extension YAMLNode {
    /// The value under `key` compared without case, as Traefik reads its options.
    public func traefik(_ key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar?.string.lowercased() == key.lowercased() }?.value
    }

    /// The value at a dotted path of keys (`tls.stores`), compared without case.
    public func traefik(path: String) -> YAMLNode? {
        path.split(separator: ".").reduce(Optional(self)) { node, key in node?.traefik(String(key)) }
    }

    /// A scalar's text, whether written as a string, number or boolean.
    var scalarText: String? { isNull ? nil : scalar?.string }
}

/// Finds where the keys of a TOML document are written.
private struct TOMLLocator {
    /// One `key = value` or `[table]` header in the text.
    struct Place {
        var line: Int
        var column: Int
        var key: String
        var lineText: Substring
        var isHeader: Bool
        var claimed = false
    }

    let file: String
    var places: [Place] = []

    init(text: String, file: String) {
        self.file = file
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            places.append(contentsOf: Self.scan(line, number: index + 1))
        }
    }

    /// The keys assigned on a line (bare or quoted, the last part of a dotted key), and the
    /// last part of a table header's name.
    static func scan(_ line: Substring, number: Int) -> [Place] {
        let chars = Array(line)
        var places: [Place] = []
        var index = 0
        while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
        if index < chars.count, chars[index] == "[" {
            let inner = String(chars[index...]).trimmingCharacters(in: CharacterSet(charactersIn: "[] \t"))
            let name = inner.split(separator: "]").first.map(String.init) ?? inner
            let last = name.split(separator: ".").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")) } ?? name
            places.append(Place(line: number, column: index + 1, key: last, lineText: line, isHeader: true))
            return places
        }
        var quote: Character?
        var keyStart: Int?
        var keyText = ""
        var position = 0
        while position < chars.count {
            let char = chars[position]
            if let open = quote {
                if char == "\\", open == "\"" { position += 2; continue }
                if char == open { quote = nil }
                if keyStart != nil { keyText.append(char) }
                position += 1
                continue
            }
            switch char {
            case "#":
                return places
            case "\"", "'":
                quote = char
                if keyStart == nil { keyStart = position; keyText = "" }
                keyText.append(char)
            case "=":
                if let start = keyStart {
                    let last = keyText.split(separator: ".").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t")) } ?? keyText
                    places.append(Place(line: number, column: start + 1, key: last, lineText: line, isHeader: false))
                }
                keyStart = nil
                keyText = ""
            case "{", ",", "[", "]", "}":
                keyStart = nil
                keyText = ""
            case " ", "\t":
                if keyStart != nil { keyText.append(char) }
            default:
                if keyStart == nil { keyStart = position; keyText = "" }
                keyText.append(char)
            }
            position += 1
        }
        return places
    }

    /// The first unclaimed place of `key` (a header for tables when `header`), preferring one
    /// whose line also holds `value`.
    mutating func claim(_ key: String, value: String?, header: Bool?) -> SourceLocation? {
        let candidates = places.indices.filter {
            !places[$0].claimed && places[$0].key == key && (header == nil || places[$0].isHeader == header)
        }
        let chosen = value.flatMap { value in candidates.first { places[$0].lineText.contains(value) } } ?? candidates.first
        guard let chosen else { return nil }
        places[chosen].claimed = true
        return SourceLocation(file: file, line: places[chosen].line, column: places[chosen].column)
    }

    mutating func node(_ value: TOMLValueConvertible, path: String, at location: SourceLocation) -> YAMLNode {
        var location = location
        location.keyPath = path
        if let table = value.table {
            var pairs: [YAMLNode.Pair] = []
            for key in table.keys {
                guard let child = table[key] else { continue }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                let found: SourceLocation?
                if child.table != nil {
                    found = claim(key, value: nil, header: true) ?? claim(key, value: nil, header: false)
                } else {
                    // An array of tables claims its `[[key]]` headers element by element.
                    found = claim(key, value: child.string, header: false)
                }
                var place = found ?? location
                place.keyPath = childPath
                pairs.append(YAMLNode.Pair(
                    key: YAMLNode(.scalar(.init(key)), location: place),
                    value: node(child, path: childPath, at: place)))
            }
            return YAMLNode(.mapping(pairs), location: location)
        }
        if let array = value.array {
            var items: [YAMLNode] = []
            for (index, item) in array.enumerated() {
                var itemLocation = location
                // An array of tables (`[[tls.certificates]]`) has one header per element.
                if item.table != nil, let header = claim(path.split(separator: ".").last.map(String.init) ?? "", value: nil, header: true) {
                    itemLocation = header
                }
                items.append(node(item, path: "\(path)[\(index)]", at: itemLocation))
            }
            return YAMLNode(.sequence(items), location: location)
        }
        if let string = value.string { return YAMLNode(.scalar(.init(string, style: .doubleQuoted)), location: location) }
        if let bool = value.bool { return YAMLNode(.scalar(.init(bool ? "true" : "false")), location: location) }
        if let int = value.int { return YAMLNode(.scalar(.init(String(int))), location: location) }
        if let double = value.double { return YAMLNode(.scalar(.init(String(double))), location: location) }
        return YAMLNode(.scalar(.init(value.debugDescription, style: .doubleQuoted)), location: location)
    }
}
