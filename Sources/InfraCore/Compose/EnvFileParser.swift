/// Reads `.env` and `env_file` files as Compose's dotenv parser does: `KEY=VALUE` (or
/// `KEY: VALUE`), an optional `export`, single quotes literal, double quotes with escapes,
/// `#` comments, `${VAR}` substitution in unquoted and double-quoted values.
public struct EnvFileParser: Sendable {
    /// One variable of an env file.
    public struct Entry: Sendable, Hashable {
        public var name: String
        /// `nil` for a bare `NAME` whose value is not in the lookup environment.
        public var value: String?
        public var location: SourceLocation
    }

    /// Variables a value may refer to besides the file's own earlier lines.
    public var lookup: [String: String]

    public init(lookup: [String: String] = [:]) { self.lookup = lookup }

    /// The entries of `text` (the file `file`), in order; later duplicates win when turned into
    /// a dictionary. The error points at the offending line.
    public func parse(_ text: String, file: String) throws(InputError) -> [Entry] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var entries: [Entry] = []
        var scope = lookup
        var index = 0
        while index < lines.count {
            let lineNumber = index + 1
            var line = Substring(lines[index])
            index += 1
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            line = line.dropFirst(indent)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export "), line.dropFirst(7).contains(where: { $0 == "=" || $0 == ":" }) {
                line = line.dropFirst(7).drop { $0 == " " || $0 == "\t" }
            }
            let location = SourceLocation(file: file, line: lineNumber, column: indent + 1)
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                let name = line.trimmingTrailingSpace
                try checkName(name, at: location)
                // An inherited variable: its value comes from the environment, when set there.
                if let value = scope[name] { entries.append(Entry(name: name, value: value, location: location)) }
                continue
            }
            let name = line[..<separator].trimmingTrailingSpace
            try checkName(name, at: location)
            var rest = line[line.index(after: separator)...].drop { $0 == " " || $0 == "\t" }
            let value: String
            if let quote = rest.first, quote == "'" || quote == "\"" {
                // A quoted value may run over several lines.
                rest = rest.dropFirst()
                var body = String(rest)
                while Self.closingQuote(quote, in: body) == nil, index < lines.count {
                    body += "\n" + lines[index]
                    index += 1
                }
                guard let close = Self.closingQuote(quote, in: body) else {
                    throw InputError(location, "unterminated quoted value for \(name)")
                }
                let inner = String(body[..<close])
                value = quote == "'" ? inner : try expand(Self.unescape(inner), at: location, scope: scope)
            } else {
                var raw = String(rest)
                if let comment = raw.range(of: " #") { raw = String(raw[..<comment.lowerBound]) }
                if raw.hasPrefix("#") { raw = "" }
                value = try expand(String(Substring(raw).trimmingTrailingSpace), at: location, scope: scope)
            }
            scope[name] = value
            entries.append(Entry(name: name, value: value, location: location))
        }
        return entries
    }

    private func checkName(_ name: String, at location: SourceLocation) throws(InputError) {
        guard !name.isEmpty else { throw InputError(location, "missing variable name") }
        if let bad = name.first(where: { !($0.isLetter || $0.isNumber || "_.-[]".contains($0)) }) {
            throw InputError(location, "unexpected character \"\(bad)\" in variable name \"\(name)\"")
        }
    }

    private func expand(_ text: String, at location: SourceLocation, scope: [String: String]) throws(InputError) -> String {
        switch Interpolator(variables: scope).interpolate(text) {
        case .success(let result): return result.value
        case .failure(let failure): throw InputError(location, failure.message)
        }
    }

    private static func closingQuote(_ quote: Character, in text: String) -> String.Index? {
        var escaped = false
        for index in text.indices {
            let char = text[index]
            if escaped { escaped = false; continue }
            if char == "\\" && quote == "\"" { escaped = true; continue }
            if char == quote { return index }
        }
        return nil
    }

    private static func unescape(_ text: String) -> String {
        var output = ""
        var escaped = false
        for char in text {
            if escaped {
                switch char {
                case "n": output.append("\n")
                case "t": output.append("\t")
                case "r": output.append("\r")
                case "\"", "\\": output.append(char)
                case "$": output += "$$"
                default: output.append("\\"); output.append(char)
                }
                escaped = false
            } else if char == "\\" {
                escaped = true
            } else {
                output.append(char)
            }
        }
        return output
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpace: String {
        var end = endIndex
        while end > startIndex, let previous = Optional(index(before: end)), self[previous] == " " || self[previous] == "\t" { end = previous }
        return String(self[..<end])
    }
}
