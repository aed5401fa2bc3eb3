import Foundation

extension ValidationContext {
    /// The text of the line `location` points at, without its line end; `nil` when the file or
    /// the line cannot be read.
    func sourceLine(at location: SourceLocation) -> String? {
        let lines = sourceLines(of: location.file)
        return lines.indices.contains(location.line - 1) ? lines[location.line - 1] : nil
    }

    /// The file's lines without their line ends; empty when it cannot be read.
    func sourceLines(of file: String) -> [String] {
        guard let text = try? files.text(of: file) else { return [] }
        // "\r\n" is one Character in Swift: split on both line ends.
        return text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
    }

    /// The whole line at `location` as it reads once the scalar starting there says `value`,
    /// in the file's own quoting and indentation; `nil` when the line cannot be read.
    func line(at location: SourceLocation, replacingScalarWith value: String) -> String? {
        sourceLine(at: location).flatMap { SourceLine.replacingScalar(in: $0, at: location.column, with: value) }
    }

    /// The fix text for moving a compose port entry to `port`: its whole line as it will read,
    /// else (the file unreadable) the quoted entry.
    func portFix(_ entry: ComposePort, publishing port: Int) -> String? {
        line(of: entry, publishing: port) ?? entry.replacingHostPort(with: port)
    }

    /// The fix text for a port number written at `location` (an allocation's key, an item of a
    /// service's `ports`): its whole line with `port` instead.
    func portFix(at location: SourceLocation, _ port: Int) -> String {
        line(at: location, replacingScalarWith: String(port)) ?? String(port)
    }

    /// The line of a compose port entry as it reads once it publishes `port` instead: the
    /// short syntax keeps its quotes, the long syntax gets a new `published:` value.
    func line(of entry: ComposePort, publishing port: Int) -> String? {
        guard let line = sourceLine(at: entry.location) else { return nil }
        if let scalar = entry.hostPortReplaced(with: port),
            let replaced = SourceLine.replacingScalar(in: line, at: entry.location.column, with: scalar, expecting: entry.raw)
        {
            return replaced
        }
        // Written with a variable (`"${ATLAS_PORT:-6000}:8000"`): the variable stays, its default moves.
        if let published = entry.published, published.count == 1,
            let written = SourceLine.scalarText(in: line, at: entry.location.column), written.contains("$"),
            let range = ImpactAnalysis.tokenRange(of: String(published.lowerBound), in: Substring(written))
        {
            return SourceLine.replacingScalar(in: line, at: entry.location.column, with: written.replacingCharacters(in: range, with: String(port)))
        }
        guard let published = longSyntaxValue(of: entry, key: "published") else { return nil }
        return SourceLine.replacingScalar(in: published.line, at: published.column, with: String(port), flow: published.line.contains("{"))
    }

    /// The line of a long-syntax port entry that sets `key`, and the column of its value: on
    /// the entry's first line (flow) or on a line below it indented like its first key (block).
    func longSyntaxValue(of entry: ComposePort, key: String) -> (line: String, column: Int)? {
        let lines = sourceLines(of: entry.location.file)
        var number = entry.location.line
        while lines.indices.contains(number - 1) {
            let current = lines[number - 1]
            let indent = current.prefix { $0 == " " }.count
            if number > entry.location.line, indent < entry.location.column - 1 || current.trimmingCharacters(in: .whitespaces).hasPrefix("-") { break }
            let code = current.firstIndex(of: "#").map { current[..<$0] } ?? current[...]
            if let found = code.range(of: "\(key):") {
                let valueStart = current[found.upperBound...].firstIndex { $0 != " " } ?? current.endIndex
                return (current, current.distance(from: current.startIndex, to: valueStart) + 1)
            }
            number += 1
        }
        return nil
    }
}

extension ValidationContext {
    /// The whole line that defines `variable` with another value: `NAME=value` in an env file;
    /// in compose `environment`, the line's own indentation, list or mapping form and quotes.
    func environmentLine(of variable: EnvironmentVariable, value: String) -> String {
        if variable.envFile != nil { return "\(variable.name)=\(value)" }
        guard let line = sourceLine(at: variable.location) else { return "\(variable.name): \(value)" }
        let column = variable.location.column
        if line.prefix(max(0, column - 1)).contains(where: { $0 == "{" || $0 == "[" }) {
            // A flow collection (`environment: { A: b, C: d }`): the entry rewritten where it stands.
            let rest = line.dropFirst(max(0, column - 1))
            if let colon = rest.firstIndex(of: ":"), rest[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")) == variable.name {
                let valueStart = rest[rest.index(after: colon)...].firstIndex { $0 != " " } ?? rest.endIndex
                let valueColumn = line.distance(from: line.startIndex, to: valueStart) + 1
                if let rewritten = SourceLine.replacingScalar(in: line, at: valueColumn, with: value, flow: true) { return rewritten }
            }
            if let rewritten = SourceLine.replacingScalar(in: line, at: column, with: "\(variable.name)=\(value)", flow: true) { return rewritten }
        }
        let indent = String(line.prefix { $0 == " " })
        let rest = line.dropFirst(indent.count)
        if rest.hasPrefix("- ") {
            let item = rest.dropFirst(2).drop { $0 == " " }
            let quote = item.first.flatMap { $0 == "\"" || $0 == "'" ? String($0) : nil } ?? ""
            return "\(indent)- \(quote)\(variable.name)=\(value)\(quote)"
        }
        let written = rest.firstRange(of: ":").map { rest[$0.upperBound...].drop { $0 == " " } } ?? ""
        let quote = written.first.flatMap { $0 == "\"" || $0 == "'" ? String($0) : nil } ?? ""
        return "\(indent)\(variable.name): \(quote)\(value)\(quote)"
    }
}

/// Edits of one line of YAML that keep everything around the edited scalar as it was.
enum SourceLine {
    /// Replaces the scalar that starts at 1-based `column`: a quoted scalar keeps its quote
    /// character, a plain one ends where YAML ends it (`,` `]` `}` in flow, `: ` after a key,
    /// ` #` before a comment). With `expecting`, only when the scalar there reads so.
    static func replacingScalar(in line: String, at column: Int, with value: String, expecting: String? = nil, flow: Bool = false) -> String? {
        let characters = Array(line)
        let start = column - 1
        guard let scalar = extent(of: characters, at: start) else { return nil }
        if let expecting, scalar.text != expecting { return nil }
        var replacement = value
        if let quote = scalar.quote {
            replacement = "\(quote)\(value)\(quote)"
        } else {
            // A plain scalar cannot hold what would end it; quote such a value.
            let inFlow = flow || characters[..<start].contains { $0 == "{" || $0 == "[" }
            if inFlow && value.contains(where: { ",[]{}".contains($0) }) || value.contains(": ") || value.contains(" #") {
                replacement = "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            }
        }
        return String(characters[..<start]) + replacement + String(characters[scalar.end...])
    }

    /// The text of the scalar that starts at 1-based `column`, without its quotes.
    static func scalarText(in line: String, at column: Int) -> String? {
        extent(of: Array(line), at: column - 1)?.text
    }

    /// Where the scalar starting at `start` ends (exclusive), its quote, and its text.
    private static func extent(of characters: [Character], at start: Int) -> (end: Int, quote: Character?, text: String)? {
        guard start >= 0, start < characters.count else { return nil }
        var end = start
        if characters[start] == "\"" || characters[start] == "'" {
            let quote = characters[start]
            end = start + 1
            while end < characters.count {
                if characters[end] == "\\" && quote == "\"" { end += 2; continue }
                if characters[end] == quote {
                    if quote == "'", end + 1 < characters.count, characters[end + 1] == "'" { end += 2; continue }
                    break
                }
                end += 1
            }
            guard end < characters.count else { return nil }
            return (end + 1, quote, String(characters[(start + 1)..<end]))
        }
        while end < characters.count {
            let character = characters[end]
            if ",]}".contains(character) { break }
            let next = end + 1 < characters.count ? characters[end + 1] : " "
            if character == ":", next == " " { break }
            if character == " ", next == "#" { break }
            end += 1
        }
        while end > start, characters[end - 1] == " " { end -= 1 }
        return (end, nil, String(characters[start..<end]))
    }
}

extension ComposePort {
    /// The short-syntax text of this entry with another host port, unquoted; `nil` when the
    /// entry publishes a range.
    func hostPortReplaced(with port: Int) -> String? {
        guard let published, published.count == 1, target.count == 1 else { return nil }
        var text = ""
        if let hostIP, !hostIP.isEmpty { text += hostIP.contains(":") ? "[\(hostIP)]:" : "\(hostIP):" }
        text += "\(port):\(target.lowerBound)"
        if self.protocol != "tcp" { text += "/\(self.protocol)" }
        return text
    }
}
