/// A place in a workspace file: the file relative to the workspace root, 1-based line and
/// column, and the YAML key path of the value there (`services.web.ports[0]`).
///
/// A location read from YAML does not hold its key path as text: it points into its
/// document's `KeyPathTable`, which spells the path when someone asks (a report does, for a
/// few findings). Every node of a tree has a location, and spelling each path up front was an
/// allocation and a copy of the whole path per node.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// How the key path is held.
    var path: KeyPathReference

    public init(file: String, line: Int, column: Int, keyPath: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.path = keyPath.map(KeyPathReference.text) ?? .none
    }

    init(file: String, line: Int, column: Int, path: KeyPathReference) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
    }

    /// The YAML key path of the value here, when known.
    public var keyPath: String? {
        get { path.text }
        set { path = newValue.map(KeyPathReference.text) ?? .none }
    }

    /// `file:line:column`, the form editors and terminals link.
    public var description: String { "\(file):\(line):\(column)" }

    public static func == (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.line == rhs.line && lhs.column == rhs.column && lhs.file == rhs.file && lhs.path.spellsTheSame(as: rhs.path)
    }

    /// Locations that are equal have the same file, line and column; the key path, which is
    /// spelt only on demand, is left to `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(line)
        hasher.combine(column)
    }

    private enum CodingKeys: String, CodingKey {
        case file, line, column, keyPath
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try container.decode(String.self, forKey: .file), line: try container.decode(Int.self, forKey: .line),
            column: try container.decode(Int.self, forKey: .column), keyPath: try container.decodeIfPresent(String.self, forKey: .keyPath))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encodeIfPresent(keyPath, forKey: .keyPath)
    }
}

/// A key path: none, text, or an entry of a document's table.
enum KeyPathReference: Sendable {
    case none
    case text(String)
    case table(KeyPathTable, Int32)

    /// The path as text (`services.web.ports[0]`).
    var text: String? {
        switch self {
        case .none: nil
        case .text(let text): text
        case .table(let table, let index): table.spell(index)
        }
    }

    /// Whether both spell the same path; entries of one table compare without spelling.
    func spellsTheSame(as other: KeyPathReference) -> Bool {
        switch (self, other) {
        case (.none, .none): return true
        case (.none, _), (_, .none): return false
        case (.table(let a, let i), .table(let b, let j)) where a === b && i == j: return true
        default: return text == other.text
        }
    }
}

/// The key paths of one YAML document as a tree of steps: each entry is a step (a key, or an
/// item's index) from its parent entry; entry 0 is the document root, whose path is empty.
/// Paths are spelt only when asked.
///
/// Appended to only while its document is parsed, by the one thread parsing it; read-only once
/// the tree is handed out, which is what makes sharing it between threads safe.
final class KeyPathTable: @unchecked Sendable {
    private struct Step {
        var parent: Int32
        /// The item's index, or -1 for a key step.
        var index: Int32
        var key: String
    }

    private var steps: [Step] = [Step(parent: -1, index: -1, key: "")]

    /// The root's entry.
    static let root: Int32 = 0

    /// The entry of the value under `key` in the mapping at `parent`.
    func child(_ parent: Int32, key: String) -> Int32 {
        steps.append(Step(parent: parent, index: -1, key: key))
        return Int32(steps.count - 1)
    }

    /// The entry of item `index` of the list at `parent`.
    func item(_ parent: Int32, index: Int) -> Int32 {
        steps.append(Step(parent: parent, index: Int32(clamping: index), key: ""))
        return Int32(steps.count - 1)
    }

    /// The path of `entry`, as the parser has always spelt it: keys joined by `.` (a key under
    /// the root, or under an empty path, without one), items as `[index]`.
    func spell(_ entry: Int32) -> String {
        var chain: [Int32] = []
        var current = entry
        while current > 0 {
            chain.append(current)
            current = steps[Int(current)].parent
        }
        var path = ""
        for position in chain.reversed() {
            let step = steps[Int(position)]
            if step.index >= 0 {
                path += "[" + String(step.index) + "]"
            } else {
                path = path.isEmpty ? step.key : path + "." + step.key
            }
        }
        return path
    }
}
