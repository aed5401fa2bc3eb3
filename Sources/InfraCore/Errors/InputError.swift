/// A problem with an input file that stops a command from doing its job (exit status 2):
/// malformed YAML, a wrong type, a missing field, a path that leaves the workspace.
public struct InputError: InfraError, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is; the file alone when no line is known.
    public var file: String
    public var line: Int?
    public var column: Int?
    /// One line saying what is wrong.
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public init(_ location: SourceLocation, _ message: String) {
        self.init(file: location.file, line: location.line, column: location.column, message: message)
    }

    /// `file:line:col: error: message`.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let line, line > 0, let column { place += ":\(column)" }
        return "\(place): error: \(message)"
    }

    public var code: String { "input" }
    public var errorDescription: String? { description }
    /// The description alone: it names its place and says `error:` itself.
    public var printedMessage: String { description }
}

/// Every input problem found while loading, reported together.
public struct InputErrors: InfraError, Sendable, CustomStringConvertible {
    public var errors: [InputError]

    public init(_ errors: [InputError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }

    public var code: String { "input" }
    public var errorDescription: String? { description }
    /// One `file:line:column: error: message` line per error.
    public var printedMessage: String { description }
}
