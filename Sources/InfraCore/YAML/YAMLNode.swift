/// A YAML value with the place it was written: the tree every loader reads, with aliases
/// already expanded (within a budget) and merge keys (`<<`) applied.
public struct YAMLNode: Sendable {
    /// What a node holds.
    public enum Kind: Sendable {
        case scalar(Scalar)
        case mapping([Pair])
        case sequence([YAMLNode])
    }

    /// A scalar as written: its text and how it was quoted.
    public struct Scalar: Sendable, Hashable {
        /// Quoting style of a scalar.
        public enum Style: Sendable, Hashable {
            case plain, singleQuoted, doubleQuoted, literal, folded
        }

        public var string: String
        public var style: Style
        /// An explicit tag such as `!!str`, when one was written.
        public var tag: String?
        /// The text as written, when a later step (Compose interpolation) changed `string`.
        public var raw: String?

        public init(_ string: String, style: Style = .plain, tag: String? = nil, raw: String? = nil) {
            self.string = string
            self.style = style
            self.tag = tag
            self.raw = raw
        }

        /// The text as written in the file.
        public var written: String { raw ?? string }
    }

    /// One `key: value` entry of a mapping.
    public struct Pair: Sendable {
        public var key: YAMLNode
        public var value: YAMLNode

        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    public var kind: Kind
    /// Where the node starts; `keyPath` says how it is reached from the document root.
    public var location: SourceLocation
    /// An explicit tag on the node (`!reset`, `!override`, `!!str`), when one was written.
    public var tag: String?

    public init(_ kind: Kind, location: SourceLocation, tag: String? = nil) {
        self.kind = kind
        self.location = location
        self.tag = tag
    }
}

extension YAMLNode {
    /// The scalar, when this node is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    /// The text of a scalar node that is not null.
    public var string: String? {
        guard let scalar, !isNull else { return nil }
        return scalar.string
    }

    /// The entries of a mapping node.
    public var pairs: [Pair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The items of a sequence node.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// Whether this is YAML null: `~`, `null`, or nothing at all (plain style, no `!!str` tag).
    public var isNull: Bool {
        guard let scalar, scalar.style == .plain else { return false }
        // The length first (every key is asked, and most text is longer than `null`), then the
        // text, then the dearer tag comparison.
        guard scalar.string.utf8.count <= 4 else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return scalar.tag == nil || scalar.tag == "tag:yaml.org,2002:null"
        default: return false
        }
    }

    /// A YAML 1.2 boolean (`true`/`false` in any of the three capitalisations).
    public var bool: Bool? {
        guard let scalar, scalar.style == .plain else { return nil }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A YAML integer (decimal, `0x`, `0o`), plain style only.
    public var int: Int? {
        guard let scalar, scalar.style == .plain else { return nil }
        return YAMLNode.parseInt(scalar.string)
    }

    /// The value under `key` in a mapping node.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar?.string == key }?.value
    }

    /// A word for the node's type in error messages: "a mapping", "a list", "a string".
    public var typeDescription: String {
        switch kind {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar:
            if isNull { "null" } else if bool != nil { "a boolean" } else if int != nil { "a number" } else { "a string" }
        }
    }

    static func parseInt(_ text: String) -> Int? {
        // Plain decimal digits are by far the most common case; read them without Character work.
        let utf8 = text.utf8
        if let first = utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"), utf8.count < 19,
           utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return utf8.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        guard let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
            return nil
        }
        // On bytes: the sign, the prefixes and the digits are ASCII.
        var digits = Substring(text)
        var sign = 1
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            if first == UInt8(ascii: "-") { sign = -1 }
            digits = digits.dropFirst()
        }
        let value: Int?
        if digits.utf8.starts(with: "0x".utf8) {
            value = Int(digits.dropFirst(2), radix: 16)
        } else if digits.utf8.starts(with: "0o".utf8) {
            value = Int(digits.dropFirst(2), radix: 8)
        } else if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            value = Int(digits)
        } else {
            value = nil
        }
        return value.map { $0 * sign }
    }
}
