/// A text file as lines that keep their own terminators, so that splicing lines in or out
/// leaves every other byte exactly as it was (CRLF files stay CRLF, a missing final newline
/// stays missing unless a line is added after it).
public struct LineBuffer: Sendable, Hashable {
    /// The lines, each with its terminator (`\n`, `\r\n`, or nothing for a last line without one).
    public private(set) var lines: [String]
    /// The terminator new lines get: the file's first one, `\n` when it has none.
    public let newline: String

    public init(_ text: String) {
        var lines: [String] = []
        let bytes = Array(text.utf8)
        var start = 0
        var crlf: Bool?
        for index in bytes.indices where bytes[index] == 10 {
            if crlf == nil { crlf = index > 0 && bytes[index - 1] == 13 }
            lines.append(String(decoding: bytes[start...index], as: UTF8.self))
            start = index + 1
        }
        if start < bytes.count { lines.append(String(decoding: bytes[start...], as: UTF8.self)) }
        self.lines = lines
        self.newline = crlf == true ? "\r\n" : "\n"
    }

    /// The whole text.
    public var text: String { lines.joined() }

    /// Number of lines.
    public var count: Int { lines.count }

    /// The content of line `number` (1-based) without its terminator.
    public func content(_ number: Int) -> String {
        guard number >= 1, number <= lines.count else { return "" }
        return Self.stripTerminator(lines[number - 1])
    }

    /// Inserts `newLines` (without terminators) before line `number` (1-based); `count + 1`
    /// appends at the end.
    public mutating func insert(_ newLines: [String], before number: Int) {
        guard !newLines.isEmpty else { return }
        let index = min(max(number - 1, 0), lines.count)
        if index == lines.count, let last = lines.last, last.utf8.last != UInt8(ascii: "\n") {
            lines[lines.count - 1] = last + newline
        }
        lines.insert(contentsOf: newLines.map { $0 + newline }, at: index)
    }

    /// Replaces lines `range` (1-based, inclusive) with `newLines` (without terminators); the
    /// last replaced line's terminator is kept on the last new line.
    public mutating func replace(_ range: ClosedRange<Int>, with newLines: [String]) {
        guard range.lowerBound >= 1, range.upperBound <= lines.count else { return }
        let lastTerminator = Self.terminator(of: lines[range.upperBound - 1])
        var replacement = newLines.map { $0 + newline }
        if !replacement.isEmpty { replacement[replacement.count - 1] = newLines[newLines.count - 1] + lastTerminator }
        lines.replaceSubrange((range.lowerBound - 1)...(range.upperBound - 1), with: replacement)
    }

    /// Removes lines `range` (1-based, inclusive).
    public mutating func remove(_ range: ClosedRange<Int>) {
        guard range.lowerBound >= 1, range.upperBound <= lines.count else { return }
        lines.removeSubrange((range.lowerBound - 1)...(range.upperBound - 1))
    }

    /// Number of leading spaces of line `number`.
    public func indentation(_ number: Int) -> Int {
        content(number).prefix { $0 == " " }.count
    }

    /// Whether line `number` is empty or only whitespace.
    public func isBlank(_ number: Int) -> Bool {
        content(number).allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// Whether line `number` holds only a YAML comment.
    public func isComment(_ number: Int) -> Bool {
        content(number).drop { $0 == " " || $0 == "\t" }.hasPrefix("#")
    }

    // `\r\n` is one Character in Swift, so terminators are looked at as UTF-8 bytes.
    private static func terminator(of line: String) -> String {
        let bytes = Array(line.utf8.suffix(2))
        if bytes == [13, 10] { return "\r\n" }
        if bytes.last == 10 { return "\n" }
        return ""
    }

    static func stripTerminator(_ line: String) -> String {
        var bytes = Substring(line).utf8[...]
        if bytes.last == 10 { bytes = bytes.dropLast() }
        if bytes.last == 13 { bytes = bytes.dropLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
