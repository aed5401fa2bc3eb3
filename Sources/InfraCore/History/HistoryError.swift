/// Why `history show` or `undo` cannot do what was asked. `undo` of a change whose files were
/// changed since exits 1 (a refusal, like a finding); the other cases exit 2.
public struct HistoryError: InfraError, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for scripts and agents.
    public enum Kind: String, Sendable, Hashable {
        /// No change with that id, or nothing left to undo.
        case notFound = "history.not-found"
        /// A file of the change no longer holds what the change wrote.
        case modifiedSince = "history.modified-since"
    }

    /// What went wrong.
    public var kind: Kind
    /// One line saying what is wrong and what to do.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
    public var code: String { kind.rawValue }
    public var errorDescription: String? { message }
}
