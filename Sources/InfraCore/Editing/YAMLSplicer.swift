/// One `key: value` line of a YAML fragment, the value already written as YAML.
public struct YAMLField: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// The shared machinery of the YAML editors: a document's text as lines and its located tree,
/// re-parsed after every splice so that the next edit sees true line numbers.
struct YAMLSplicer {
    let file: String
    private(set) var buffer: LineBuffer
    private(set) var root: YAMLNode?

    init(text: String, file: String) throws(EditError) {
        self.file = file
        self.buffer = LineBuffer(text)
        self.root = try Self.parse(text, file: file)
    }

    var text: String { buffer.text }
    var layout: YAMLLayout { YAMLLayout(buffer) }
    var topPairs: [YAMLNode.Pair] { root?.pairs ?? [] }
    var step: Int { root.map { layout.indentStep($0) } ?? 2 }

    /// Inserts `lines` before line `number` and re-parses.
    mutating func insert(_ lines: [String], before number: Int) throws(EditError) {
        buffer.insert(lines, before: number)
        try reparse()
    }

    /// Removes lines `range` and re-parses.
    mutating func remove(_ range: ClosedRange<Int>) throws(EditError) {
        buffer.remove(range)
        try reparse()
    }

    /// Replaces lines `range` and re-parses.
    mutating func replace(_ range: ClosedRange<Int>, with lines: [String]) throws(EditError) {
        buffer.replace(range, with: lines)
        try reparse()
    }

    /// Appends a top-level block at the end of the document, after a blank line.
    mutating func appendTopLevel(_ lines: [String]) throws(EditError) {
        var block = lines
        if buffer.count > 0, !buffer.isBlank(buffer.count) { block.insert("", at: 0) }
        try insert(block, before: buffer.count + 1)
    }

    private mutating func reparse() throws(EditError) {
        root = try Self.parse(buffer.text, file: file)
    }

    private static func parse(_ text: String, file: String) throws(EditError) -> YAMLNode? {
        do {
            return try YAMLParser.parse(text, file: file)
        } catch {
            throw EditError("cannot edit \(error.description)")
        }
    }

    /// The entry under `key` in `pairs`.
    static func pair(_ pairs: [YAMLNode.Pair], _ key: String) -> YAMLNode.Pair? {
        pairs.first { $0.key.string == key }
    }

    /// Makes the value of `pair` ready to receive block children: `key:`, `key: ~` and
    /// `key: {}` / `key: []` become `key:` (a trailing comment kept). Returns the line after
    /// which children go. A flow collection with content cannot be extended in place.
    mutating func openBlock(_ pair: YAMLNode.Pair, what: String) throws(EditError) -> Int {
        let line = pair.key.location.line
        let value = pair.value
        let empty = value.isNull || (value.pairs?.isEmpty ?? false) || (value.items?.isEmpty ?? false)
        if !empty {
            if layout.isFlow(value) {
                throw EditError.unsupportedLayout(file, line: value.location.line, "\(what) is written in flow style ({…} or […])")
            }
            return layout.span(of: pair).upperBound
        }
        guard value.location.line == line, !(value.isNull && buffer.content(line).hasSuffix(":")) else { return line }
        try replace(line...line, with: [Self.openKeyLine(buffer.content(line), keyColumn: pair.key.location.column)])
        return line
    }

    /// Line `content` cut after the colon that ends the key starting at `keyColumn`, keeping a
    /// trailing comment.
    static func openKeyLine(_ content: String, keyColumn: Int) -> String {
        let characters = Array(content)
        var index = max(keyColumn - 1, 0)
        if index < characters.count, characters[index] == "\"" || characters[index] == "'" {
            let quote = characters[index]
            index += 1
            while index < characters.count, characters[index] != quote { index += 1 }
        }
        while index < characters.count, characters[index] != ":" { index += 1 }
        guard index < characters.count else { return content }
        let head = String(characters[...index])
        let rest = characters[(index + 1)...]
        var comment = ""
        if let hash = rest.indices.first(where: { rest[$0] == "#" && ($0 == rest.startIndex || rest[$0 - 1] == " ") }) {
            var start = hash
            while start > rest.startIndex, rest[start - 1] == " " { start -= 1 }
            comment = String(rest[start...])
        }
        return head + comment
    }

    /// Writes the value of `pair` back as an empty flow collection (`key: {}`), keeping a
    /// trailing comment; for a mapping or list whose last child was just removed.
    mutating func closeEmptyBlock(_ pair: YAMLNode.Pair, empty: String) throws(EditError) {
        let line = pair.key.location.line
        let open = Self.openKeyLine(buffer.content(line), keyColumn: pair.key.location.column)
        guard let colon = open.firstIndex(of: ":") else { return }
        let head = open[...colon]
        let comment = open[open.index(after: colon)...]
        try replace(line...line, with: [head + " " + empty + comment])
    }

    /// The first comment line in `range` at indentation `indent` that names `word` (as a
    /// whole word, any case), and the last line of the comment block it starts.
    func comment(naming word: String, in range: ClosedRange<Int>, indent: Int) -> Int? {
        guard !word.isEmpty, range.lowerBound <= range.upperBound else { return nil }
        for number in range where buffer.isComment(number) && buffer.indentation(number) == indent {
            guard Self.containsWord(word, in: buffer.content(number)) else { continue }
            var end = number
            while end + 1 <= range.upperBound, buffer.isComment(end + 1), buffer.indentation(end + 1) == indent { end += 1 }
            return end
        }
        return nil
    }

    static func containsWord(_ word: String, in text: String) -> Bool {
        let haystack = Array(text.lowercased())
        let needle = Array(word.lowercased())
        guard needle.count <= haystack.count else { return false }
        func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" || character == "-" }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle {
            let before = start == 0 || !isWordCharacter(haystack[start - 1])
            let afterIndex = start + needle.count
            let after = afterIndex == haystack.count || !isWordCharacter(haystack[afterIndex])
            if before && after { return true }
        }
        return false
    }

    /// `fields` as block lines at `indent` (`key: value`).
    static func blockLines(_ fields: [YAMLField], indent: Int) -> [String] {
        fields.map { String(repeating: " ", count: indent) + "\($0.key): \($0.value)" }
    }

    /// `fields` as a flow mapping `{ key: value, … }`.
    static func flowMapping(_ fields: [YAMLField]) -> String {
        "{ " + fields.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + " }"
    }

    /// A block sequence item of `fields`: `- first: v` at `dashIndent`, the others aligned under it.
    static func itemLines(_ fields: [YAMLField], dashIndent: Int) -> [String] {
        guard let first = fields.first else { return [] }
        let head = String(repeating: " ", count: dashIndent) + "- \(first.key): \(first.value)"
        return [head] + blockLines(Array(fields.dropFirst()), indent: dashIndent + 2)
    }
}
