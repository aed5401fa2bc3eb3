import Dispatch
import Foundation
import InfraCore

/// What tools work on: the workspace (read afresh by every call), and the parts of the machine
/// they read, with real defaults.
public struct ToolContext: Sendable {
    public var workspace: Workspace
    /// Today's date as `YYYY-MM-DD`, for changelog entries.
    public var today: @Sendable () -> String
    /// What holds ports on this host, read when a tool needs it; `allocation` is true for the
    /// allocator, which needs only whether a port is held.
    public var hostPorts: @Sendable (_ allocation: Bool) -> any HostPorts
    /// Masks error messages (reports mask themselves).
    public var masker: SecretMasker

    public init(
        workspace: Workspace, today: @escaping @Sendable () -> String = ToolContext.localDate,
        hostPorts: @escaping @Sendable (_ allocation: Bool) -> any HostPorts = { allocation in
            allocation ? HostPortSnapshot(reader: SocketTableReader()) : HostPortSnapshot()
        },
        masker: SecretMasker = SecretMasker()
    ) {
        self.workspace = workspace
        self.today = today
        self.hostPorts = hostPorts
        self.masker = masker
    }

    /// The workspace's context for a tool that reads: nothing is written, not even the lock
    /// file, and a change an earlier run left half-done is read as finished, left for a writer.
    func read() throws -> (ValidationContext, ChangeJournal.Recovery) {
        try EditSession(workspace: workspace).read()
    }

    /// Today's date in the local time zone.
    @Sendable public static func localDate() -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// Runs synchronous work (loading and validating a workspace, waiting for its lock) on a
    /// Dispatch thread, so it never holds up a thread of Swift's cooperative pool.
    public static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
