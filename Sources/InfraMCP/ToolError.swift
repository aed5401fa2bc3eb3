import InfraCore

/// Why a tool could not do its job: the message the client sees in a tool error (`isError`),
/// worded as the CLI words it on standard error.
public struct ToolError: InfraError, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    /// A message as the CLI prints it: `error: ` is added unless it names a file already.
    public init(_ message: String) {
        self.message = message.hasPrefix("error: ") ? message : "error: \(message)"
    }

    public var description: String { message }
    public var code: String { "tool" }
    public var errorDescription: String? { message.hasPrefix("error: ") ? String(message.dropFirst(7)) : message }
    public var printedMessage: String { message }

    /// The CLI's wording of `error`: an `InfraError`'s `printedMessage`, anything else as
    /// `error: ` and its description.
    public static func message(for error: any Error) -> String {
        (error as? any InfraError)?.printedMessage ?? "error: \(String(describing: error))"
    }
}
