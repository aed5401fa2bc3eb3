import Synchronization

/// What becomes of the large values an operation is done with, such as the loaded workspace
/// behind a validation.
public enum Retirement: Sendable {
    /// Released at once: a front end that answers request after request (the MCP server, a
    /// watch loop) must give its memory back.
    case free
    /// Kept until the process exits, which gives all of its memory back in one step. For a
    /// command that runs one operation and exits: freeing a workspace of a thousand services
    /// value by value took a tenth of `validate`'s time, on the thread that then prints.
    case atExit

    /// Hands `value` over as this policy says.
    func retire(_ value: some Sendable) {
        guard self == .atExit else { return }
        Self.kept.withLock { $0.append(value) }
    }

    /// Values kept for the exit; a global, so never released.
    private static let kept = Mutex<[any Sendable]>([])
}
