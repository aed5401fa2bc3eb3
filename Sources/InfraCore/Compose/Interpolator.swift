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
        // UTF-8 bytes: every character with a meaning here (`$ { } : - ? +` and the letters,
        // digits and `_` of a name) is ASCII, and no byte of a multi-byte character is, so the
        // bytes say what compose-go's runes say, and text between `$`s is copied in one piece.
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "$")) else { return .success((text, [])) }
        var lookups: [Lookup] = []
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        do {
            try substitute(bytes[...], into: &output, whole: text, lookups: &lookups)
            return .success((String(decoding: output, as: UTF8.self), lookups))
        } catch {
            return .failure(error)
        }
    }

    private func substitute(
        _ chars: ArraySlice<UInt8>, into output: inout [UInt8], whole: String, lookups: inout [Lookup]
    ) throws(Failure) {
        var index = chars.startIndex
        while index < chars.endIndex {
            let char = chars[index]
            guard char == Self.dollar, index + 1 < chars.endIndex else {
                // Everything up to the next `$` at once.
                let end = chars[(index + 1)...].firstIndex(of: Self.dollar) ?? chars.endIndex
                output.append(contentsOf: chars[index..<end])
                index = end
                continue
            }
            let next = chars[index + 1]
            if next == Self.dollar {
                output.append(Self.dollar)
                index += 2
            } else if next == UInt8(ascii: "{") {
                guard let close = Interpolator.closingBrace(chars, from: index + 2) else { throw .invalidTemplate(whole) }
                try braced(chars[(index + 2)..<close], into: &output, whole: whole, lookups: &lookups)
                index = close + 1
            } else if Interpolator.isNameStart(next) {
                var end = index + 1
                while end < chars.endIndex, Interpolator.isNameChar(chars[end]) { end += 1 }
                let name = String(decoding: chars[(index + 1)..<end], as: UTF8.self)
                let value = variables[name]
                lookups.append(Lookup(name: name, hasDefault: false, isDefined: value != nil))
                output.append(contentsOf: (value ?? "").utf8)
                index = end
            } else {
                output.append(char)
                index += 1
            }
        }
    }

    /// The contents of `${…}`: a name, then optionally an operator and its word.
    private func braced(
        _ body: ArraySlice<UInt8>, into output: inout [UInt8], whole: String, lookups: inout [Lookup]
    ) throws(Failure) {
        guard let first = body.first, Interpolator.isNameStart(first) else { throw .invalidTemplate(whole) }
        var end = body.startIndex + 1
        while end < body.endIndex, Interpolator.isNameChar(body[end]) { end += 1 }
        let name = String(decoding: body[..<end], as: UTF8.self)
        let value = variables[name]
        let isSet = value != nil
        let isNonEmpty = !(value ?? "").isEmpty
        if end == body.endIndex {
            lookups.append(Lookup(name: name, hasDefault: false, isDefined: isSet))
            output.append(contentsOf: (value ?? "").utf8)
            return
        }
        var rest = body[end...]
        let colon = rest.first == UInt8(ascii: ":")
        if colon { rest = rest.dropFirst() }
        guard let op = rest.first, op == UInt8(ascii: "-") || op == UInt8(ascii: "?") || op == UInt8(ascii: "+") else {
            throw .invalidTemplate(whole)
        }
        let word = rest.dropFirst()
        let present = colon ? isNonEmpty : isSet
        switch op {
        case UInt8(ascii: "-"):
            lookups.append(Lookup(name: name, hasDefault: true, isDefined: isSet))
            if present {
                output.append(contentsOf: (value ?? "").utf8)
            } else {
                try substitute(word, into: &output, whole: whole, lookups: &lookups)
            }
        case UInt8(ascii: "+"):
            lookups.append(Lookup(name: name, hasDefault: true, isDefined: isSet))
            if present { try substitute(word, into: &output, whole: whole, lookups: &lookups) }
        default:
            lookups.append(Lookup(name: name, hasDefault: false, isDefined: isSet))
            if present {
                output.append(contentsOf: (value ?? "").utf8)
                return
            }
            var message: [UInt8] = []
            try substitute(word, into: &message, whole: whole, lookups: &lookups)
            throw .required(name: name, message: String(decoding: message, as: UTF8.self))
        }
    }

    /// The index of the `}` closing a `${` whose body starts at `start`, skipping nested ones.
    private static func closingBrace(_ chars: ArraySlice<UInt8>, from start: Int) -> Int? {
        var depth = 0
        var index = start
        while index < chars.endIndex {
            switch chars[index] {
            case dollar where index + 1 < chars.endIndex && chars[index + 1] == UInt8(ascii: "{"):
                depth += 1
                index += 1
            case UInt8(ascii: "}"):
                if depth == 0 { return index }
                depth -= 1
            default: break
            }
            index += 1
        }
        return nil
    }

    private static let dollar = UInt8(ascii: "$")

    static func isNameStart(_ char: UInt8) -> Bool {
        char == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(char) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(char)
    }

    static func isNameChar(_ char: UInt8) -> Bool { isNameStart(char) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(char) }
}
