import Foundation

/// An error a person sees: the CLI prints it on standard error and exits with status 2, the
/// MCP server returns it as a tool error, both with the same `printedMessage`.
public protocol InfraError: LocalizedError {
    /// What kind of failure this is, for scripts and agents; never changes once given
    /// (`workspace.not-found`, `engine.unreachable`).
    var code: String { get }
    /// The message as the front ends print it: `error: ` and the description, or a message
    /// that already says where it is (`file:line:column: error: message`).
    var printedMessage: String { get }
}

extension InfraError {
    public var printedMessage: String { "error: \(errorDescription ?? String(describing: self))" }
}
