/// A place in a workspace file: the file relative to the workspace root, 1-based line and
/// column, and the YAML key path of the value there (`services.web.ports[0]`).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var keyPath: String?

    public init(file: String, line: Int, column: Int, keyPath: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
    }

    /// `file:line:column`, the form editors and terminals link.
    public var description: String { "\(file):\(line):\(column)" }
}
