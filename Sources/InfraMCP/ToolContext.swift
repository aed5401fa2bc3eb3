import InfraCore

/// What tools work on: the operations on the workspace (read afresh by every call), with the
/// parts of the machine they read given real defaults.
public struct ToolContext: Sendable {
    public var workspace: Workspace
    /// Today's date as `YYYY-MM-DD`, for changelog entries.
    public var today: @Sendable () -> String
    /// What holds ports on this host; `allocation` is true for the allocator.
    public var hostPorts: @Sendable (_ allocation: Bool) -> any HostPorts
    /// Masks error messages (reports mask themselves).
    public var masker: SecretMasker
    /// What a change records in the history as its command line; the tool call sets it.
    public var invocation: String = "infractl mcp"

    public init(
        workspace: Workspace, today: @escaping @Sendable () -> String = Operations.localDate,
        hostPorts: @escaping @Sendable (_ allocation: Bool) -> any HostPorts = Operations.hostPorts,
        masker: SecretMasker = SecretMasker()
    ) {
        self.workspace = workspace
        self.today = today
        self.hostPorts = hostPorts
        self.masker = masker
    }

    /// The operations every tool calls, as the CLI's commands do.
    public var operations: Operations {
        var operations = Operations(workspace: workspace, hostPorts: hostPorts, today: today)
        operations.invocation = invocation
        return operations
    }
}
