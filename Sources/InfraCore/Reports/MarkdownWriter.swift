/// Builds a Markdown document block by block, so every layout spaces headings, lists and code
/// the same way and shows a finding the same way.
public struct MarkdownWriter: Sendable {
    public private(set) var lines: [String] = []

    public init() {}

    /// The document, without a trailing newline.
    public var text: String {
        var lines = lines
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// `## text` (for level 2), set apart by blank lines.
    public mutating func heading(_ level: Int, _ text: String) {
        blankLine()
        lines.append(String(repeating: "#", count: level) + " " + text)
        lines.append("")
    }

    /// A paragraph, set apart by blank lines.
    public mutating func paragraph(_ text: String) {
        blankLine()
        lines.append(text)
        lines.append("")
    }

    /// A list item; `depth` 1 nests it under the previous item; `marker` `1.` numbers it.
    public mutating func bullet(_ text: String, depth: Int = 0, marker: String = "-") {
        lines.append(String(repeating: "  ", count: depth) + marker + " " + text)
    }

    /// Lines shown one below the other (hard line breaks, two trailing spaces), as one block.
    public mutating func lineBlock(_ texts: [String]) {
        for (index, text) in texts.enumerated() {
            lines.append(index == texts.count - 1 ? text : text + "  ")
        }
    }

    /// A fenced code block, indented to belong to a list item of `depth - 1` when `depth` > 0;
    /// the fence is longer than any run of backticks in `code`.
    public mutating func codeBlock(_ code: String, language: String = "", depth: Int = 0) {
        let indent = String(repeating: "  ", count: depth)
        let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(code) + 1))
        lines.append(indent + fence + language)
        lines += code.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { $0.isEmpty ? "" : indent + $0 }
        lines.append(indent + fence)
    }

    /// A finding as a list item: marker, **RULE**, message and place, then its evidence, fix
    /// (explanation and a fenced YAML block) and verification commands nested below.
    public mutating func finding(_ finding: Finding) {
        var head = "\(finding.severity.emoji) **\(finding.rule)** \(finding.message)"
        if let location = finding.location { head += " — " + Self.codeSpan("\(location.file):\(location.line)") }
        bullet(head)
        if !finding.evidence.isEmpty {
            bullet("Evidence:", depth: 1)
            for line in finding.evidence { bullet(Self.codeSpan(line), depth: 2) }
        }
        if let fix = finding.fix {
            var text = "Fix: \(fix.explanation)"
            if let file = fix.file { text += " — " + Self.codeSpan(fix.line.map { "\(file):\($0)" } ?? file) }
            bullet(text, depth: 1)
            if let replace = fix.replace, !replace.isEmpty { codeBlock(replace, language: "yaml", depth: 2) }
        }
        if !finding.verify.isEmpty {
            bullet("Verify:", depth: 1)
            for command in finding.verify { bullet(Self.codeSpan(command), depth: 2) }
        }
    }

    /// Ends the current block with one blank line (none at the start of the document).
    public mutating func blankLine() {
        if let last = lines.last, !last.isEmpty { lines.append("") }
    }

    /// `text` as inline code, with a delimiter longer than any backtick run inside it.
    public static func codeSpan(_ text: String) -> String {
        let ticks = String(repeating: "`", count: longestBacktickRun(text) + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return ticks + pad + text + pad + ticks
    }

    private static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
