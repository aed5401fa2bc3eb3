import DockerEngine
import InfraCore

/// Why a tool could not do its job: the message the client sees in a tool error (`isError`),
/// worded as the CLI words it on standard error.
public struct ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    /// A message as the CLI prints it: `error: ` is added unless it names a file already.
    public init(_ message: String) {
        self.message = message.hasPrefix("error: ") ? message : "error: \(message)"
    }

    public var description: String { message }

    /// The CLI's wording of `error`: input errors as `file:line:column: error: message`, one
    /// a line, every other problem as `error: message`.
    public static func message(for error: any Error) -> String {
        switch error {
        case let failure as ToolError: failure.message
        case let failure as InputErrors: failure.description
        case let failure as InputError: failure.description
        case let failure as EditError: "error: \(failure.message)"
        case let failure as WorkspaceError: "error: \(failure.description)"
        case let failure as DockerEngineError: "error: \(failure.description)"
        case let failure as DiagnosisError: "error: \(failure.description)"
        default: "error: \(String(describing: error))"
        }
    }
}
