/// Where things stand in the text of a YAML document, worked out from the located tree: the
/// lines a mapping entry or a sequence item spans and the indentation its children use. Editors
/// splice lines at these places instead of re-serialising the document.
struct YAMLLayout {
    let buffer: LineBuffer

    init(_ buffer: LineBuffer) { self.buffer = buffer }

    /// The last line of a block that starts on line `start` at indentation `indent`: the lines
    /// after it belong to it while they are blank, comments, or indented deeper (and, with
    /// `indentlessItems`, `-` items at the same indentation, as in `key:\n- a`). Trailing blank
    /// lines and comments at or left of `indent` belong to whatever follows.
    func blockEnd(from start: Int, indent: Int, indentlessItems: Bool = false) -> Int {
        var end = start
        var number = start + 1
        while number <= buffer.count {
            defer { number += 1 }
            if buffer.isBlank(number) { continue }
            let lineIndent = buffer.indentation(number)
            if buffer.isComment(number) {
                if lineIndent > indent { end = number }
                continue
            }
            if lineIndent > indent { end = number; continue }
            if indentlessItems, lineIndent == indent, isItemStart(number) { end = number; continue }
            if isDocumentMarker(number) { break }
            break
        }
        return end
    }

    /// The lines of a mapping entry: its key's line through the end of its value.
    func span(of pair: YAMLNode.Pair) -> ClosedRange<Int> {
        let start = pair.key.location.line
        let indent = pair.key.location.column - 1
        let indentless = pair.value.items.map { items in
            items.first.map { dash(of: $0).column - 1 == indent } ?? false
        } ?? false
        return start...blockEnd(from: start, indent: indent, indentlessItems: indentless)
    }

    /// The lines of a sequence item: its `-` line through the end of its value.
    func span(ofItem item: YAMLNode) -> ClosedRange<Int> {
        let dash = dash(of: item)
        return dash.line...blockEnd(from: dash.line, indent: dash.column - 1)
    }

    /// Where the `-` of a block sequence item stands (1-based line and column): before the
    /// item's text on its line, or alone on an earlier line.
    func dash(of item: YAMLNode) -> (line: Int, column: Int) {
        var line = item.location.line
        let text = Array(buffer.content(line))
        var index = min(item.location.column - 2, text.count - 1)
        while index >= 0, text[index] == " " { index -= 1 }
        if index >= 0, text[index] == "-" { return (line, index + 1) }
        // `-` alone on a line, the item below it.
        while line > 1 {
            line -= 1
            let content = buffer.content(line)
            let trimmed = content.drop { $0 == " " }
            if trimmed.hasPrefix("-") { return (line, content.count - trimmed.count + 1) }
            if !buffer.isBlank(line) && !buffer.isComment(line) { break }
        }
        return (item.location.line, max(item.location.column - 2, 1))
    }

    /// Whether the value of a node is written in flow style (`{…}` or `[…]`).
    func isFlow(_ node: YAMLNode) -> Bool {
        let text = Array(buffer.content(node.location.line))
        let index = node.location.column - 1
        guard index >= 0, index < text.count else { return false }
        return text[index] == "{" || text[index] == "["
    }

    /// Whether the value of `pair` is written on the key's own line (a scalar, a flow
    /// collection, or nothing at all).
    func valueIsInline(_ pair: YAMLNode.Pair) -> Bool {
        if pair.value.isNull { return true }
        return pair.value.location.line == pair.key.location.line && (pair.value.scalar != nil || isFlow(pair.value))
    }

    /// The indentation of the first child entry of a block mapping or of the first `-` of a
    /// block sequence, when it has one written in block style.
    func childIndent(of node: YAMLNode) -> Int? {
        if isFlow(node) { return nil }
        if let first = node.pairs?.first { return first.key.location.column - 1 }
        if let first = node.items?.first { return dash(of: first).column - 1 }
        return nil
    }

    /// The indent step of the document: the smallest difference between a block mapping key
    /// and its first child key, 2 when the document has none.
    func indentStep(_ root: YAMLNode) -> Int {
        var best: Int?
        func visit(_ node: YAMLNode, depth: Int) {
            guard depth < 12, let pairs = node.pairs, !isFlow(node) else { return }
            for pair in pairs {
                if let children = pair.value.pairs, let first = children.first, !isFlow(pair.value),
                   first.key.location.line > pair.key.location.line {
                    let step = first.key.location.column - pair.key.location.column
                    if step > 0 { best = min(best ?? step, step) }
                }
                visit(pair.value, depth: depth + 1)
            }
        }
        visit(root, depth: 0)
        return best ?? 2
    }

    private func isItemStart(_ number: Int) -> Bool {
        let trimmed = buffer.content(number).drop { $0 == " " }
        return trimmed == "-" || trimmed.hasPrefix("- ")
    }

    private func isDocumentMarker(_ number: Int) -> Bool {
        let content = buffer.content(number)
        return content.hasPrefix("---") || content.hasPrefix("...")
    }
}

/// Writing YAML scalars so that they read back as the same string.
enum YAMLText {
    /// `text` as a plain scalar when that reads back as the same string, otherwise
    /// double-quoted. `flow` is for scalars inside `[…]` or `{…}`.
    static func scalar(_ text: String, flow: Bool = false) -> String {
        isPlainSafe(text, flow: flow) ? text : quoted(text)
    }

    /// `text` in double quotes with YAML escapes.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20: out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A flow sequence `[a, b]`.
    static func flowList(_ items: [String]) -> String {
        "[" + items.map { scalar($0, flow: true) }.joined(separator: ", ") + "]"
    }

    static func isPlainSafe(_ text: String, flow: Bool) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        if text.contains(": ") || text.contains(" #") || text.contains("\t") || text.contains("\n") || text.contains("\r") { return false }
        if flow, text.contains(where: { ",[]{}".contains($0) }) { return false }
        let reserved = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]
        if reserved.contains(text.lowercased()) { return false }
        if YAMLNode.parseInt(text) != nil || Double(text) != nil { return false }
        if text.lowercased().hasPrefix("0x") || text.lowercased().hasPrefix("0o") || text.hasPrefix(".") { return false }
        return true
    }
}
