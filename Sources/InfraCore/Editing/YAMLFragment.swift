/// A block of YAML to insert, written without indentation: each line has a nesting depth, and
/// block sequence items are marked so that a document's own style (items indented under their
/// key, or not) can be followed when it is written at a place.
public struct YAMLFragment: Sendable, Hashable {
    /// One line: its depth below the fragment's first line, its text, whether it is a `- ` item.
    public struct Line: Sendable, Hashable {
        public var depth: Int
        public var text: String
        public var isItem: Bool
    }

    public private(set) var lines: [Line] = []

    public init() {}

    /// Adds `key: value`, or `key:` when `value` is nil.
    public mutating func field(_ key: String, _ value: String? = nil, depth: Int) {
        lines.append(Line(depth: depth, text: value.map { "\(key): \($0)" } ?? "\(key):", isItem: false))
    }

    /// Adds a block sequence item `- value`, an item of the key at `depth - 1`.
    public mutating func item(_ value: String, depth: Int) {
        lines.append(Line(depth: depth, text: "- \(value)", isItem: true))
    }

    /// The lines indented for a place whose first line stands at `indent`, `step` spaces per
    /// depth; with `indentedItems` false, `- ` items stand at their key's indentation.
    public func rendered(indent: Int, step: Int, indentedItems: Bool = true) -> [String] {
        lines.map { line in
            let depth = line.isItem && !indentedItems ? line.depth - 1 : line.depth
            return String(repeating: " ", count: max(indent + depth * step, 0)) + line.text
        }
    }
}
