/// Why a change to the workspace was refused or could not be made. Every case means exit
/// status 2 and no file written.
public struct EditError: InfraError, Sendable, Hashable, CustomStringConvertible {
    /// One line (or a few) saying what is wrong and what to do.
    public var message: String
    /// The findings a refused change would have added to `validate`, when that is the reason.
    public var findings: [Finding]

    public init(_ message: String, findings: [Finding] = []) {
        self.message = message
        self.findings = findings
    }

    public var description: String { message }
    public var code: String { "edit" }
    public var errorDescription: String? { message }

    /// `what` is not among `known`, with the nearest known name when it looks like a typo.
    static func unknown(_ kind: String, _ what: String, among known: [String], hint: String? = nil) -> EditError {
        EditError(UnknownName(kind, what, among: known, hint: hint).description)
    }

    /// A place in a file the editors cannot change without rewriting more than the entry.
    static func unsupportedLayout(_ file: String, line: Int, _ what: String) -> EditError {
        EditError("\(file):\(line): \(what); rewrite it in block style (one key per line) and run the command again")
    }
}
