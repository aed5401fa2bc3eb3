/// Substitutes `$VAR`, `${VAR}` and the `${VAR:-default}` family in compose values, the way
/// compose-go's `template` package does, noting every variable it looks up.
public struct Interpolator: Sendable {
    /// Why a template cannot be substituted.
    public enum Failure: Error, Sendable, Equatable {
        /// `${VAR:?message}` or `${VAR?message}` with the variable missing.
        case required(name: String, message: String)
        /// `${` not followed by a valid name and operator, or never closed.
        case invalidTemplate(String)

        /// The message Compose prints.
        public var message: String {
            switch self {
            case .required(let name, let message):
                message.isEmpty
                    ? "required variable \(name) is missing a value"
                    : "required variable \(name) is missing a value: \(message)"
            case .invalidTemplate(let text):
                "invalid interpolation format: \"\(text)\"; you may need to escape any $ with another $"
            }
        }
    }

    /// A variable looked up while substituting.
    public struct Lookup: Sendable, Hashable {
        public var name: String
        public var hasDefault: Bool
        public var isDefined: Bool

        public init(name: String, hasDefault: Bool, isDefined: Bool) {
            self.name = name
            self.hasDefault = hasDefault
            self.isDefined = isDefined
        }
    }

    /// The variables in scope.
    public var variables: [String: String]

    public init(variables: [String: String]) { self.variables = variables }

    /// `text` with every substitution applied, and the variables it looked up.
    public func interpolate(_ text: String) -> Result<(value: String, lookups: [Lookup]), Failure> {
        var lookups: [Lookup] = []
        do {
            // Unicode scalars, as compose-go reads runes: no grapheme breaking on every value.
            let value = try substitute(Array(text.unicodeScalars), whole: text, lookups: &lookups)
            return .success((value, lookups))
        } catch {
            return .failure(error)
        }
    }

    private func substitute(_ chars: [Unicode.Scalar], whole: String, lookups: inout [Lookup]) throws(Failure) -> String {
        var output = ""
        func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(scalars)) }
        var index = 0
        while index < chars.count {
            let char = chars[index]
            guard char == "$", index + 1 < chars.count else {
                // Everything up to the next `$` at once.
                let end = chars[(index + 1)...].firstIndex(of: "$") ?? chars.count
                output.unicodeScalars.append(contentsOf: chars[index..<end])
                index = end
                continue
            }
            let next = chars[index + 1]
            if next == "$" {
                output.append("$")
                index += 2
            } else if next == "{" {
                guard let close = Interpolator.closingBrace(chars, from: index + 2) else { throw .invalidTemplate(whole) }
                output += try braced(Array(chars[(index + 2)..<close]), whole: whole, lookups: &lookups)
                index = close + 1
            } else if Interpolator.isNameStart(next) {
                var end = index + 1
                while end < chars.count, Interpolator.isNameChar(chars[end]) { end += 1 }
                let name = text(chars[(index + 1)..<end])
                let value = variables[name]
                lookups.append(Lookup(name: name, hasDefault: false, isDefined: value != nil))
                output += value ?? ""
                index = end
            } else {
                output.unicodeScalars.append(char)
                index += 1
            }
        }
        return output
    }

    /// The contents of `${…}`: a name, then optionally an operator and its word.
    private func braced(_ body: [Unicode.Scalar], whole: String, lookups: inout [Lookup]) throws(Failure) -> String {
        guard let first = body.first, Interpolator.isNameStart(first) else { throw .invalidTemplate(whole) }
        var end = 1
        while end < body.count, Interpolator.isNameChar(body[end]) { end += 1 }
        let name = String(String.UnicodeScalarView(body[..<end]))
        let value = variables[name]
        let isSet = value != nil
        let isNonEmpty = !(value ?? "").isEmpty
        if end == body.count {
            lookups.append(Lookup(name: name, hasDefault: false, isDefined: isSet))
            return value ?? ""
        }
        var rest = body[end...]
        let colon = rest.first == ":"
        if colon { rest = rest.dropFirst() }
        guard let op = rest.first, op == "-" || op == "?" || op == "+" else { throw .invalidTemplate(whole) }
        let word = Array(rest.dropFirst())
        let present = colon ? isNonEmpty : isSet
        switch op {
        case "-":
            lookups.append(Lookup(name: name, hasDefault: true, isDefined: isSet))
            return present ? (value ?? "") : try substitute(word, whole: whole, lookups: &lookups)
        case "+":
            lookups.append(Lookup(name: name, hasDefault: true, isDefined: isSet))
            return present ? try substitute(word, whole: whole, lookups: &lookups) : ""
        default:
            lookups.append(Lookup(name: name, hasDefault: false, isDefined: isSet))
            if present { return value ?? "" }
            throw .required(name: name, message: try substitute(word, whole: whole, lookups: &lookups))
        }
    }

    /// The index of the `}` closing a `${` whose body starts at `start`, skipping nested ones.
    private static func closingBrace(_ chars: [Unicode.Scalar], from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < chars.count {
            switch chars[index] {
            case "$" where index + 1 < chars.count && chars[index + 1] == "{":
                depth += 1
                index += 1
            case "}":
                if depth == 0 { return index }
                depth -= 1
            default: break
            }
            index += 1
        }
        return nil
    }

    static func isNameStart(_ char: Unicode.Scalar) -> Bool { char == "_" || ("a"..."z").contains(char) || ("A"..."Z").contains(char) }
    static func isNameChar(_ char: Unicode.Scalar) -> Bool { isNameStart(char) || ("0"..."9").contains(char) }
}
