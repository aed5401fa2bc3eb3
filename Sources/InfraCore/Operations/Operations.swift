import DockerEngine
import Foundation

/// One operation per command, under every front end: the CLI, the MCP server and the front
/// ends still to come map their input to a request, call the operation, and render the
/// `Report` it returns. Names are resolved here (one "did you mean"), rule settings applied
/// here, locking and journaling done here, so a behaviour added to an operation reaches every
/// front end at once and a test of the operation covers them all.
public struct Operations: Sendable {
    /// The workspace every operation works on, read afresh by each call.
    public var workspace: Workspace
    /// What holds ports on this host; `allocation` is true for the allocator, which needs only
    /// whether a port is held, not by whom.
    public var hostPorts: @Sendable (_ allocation: Bool) -> any HostPorts
    /// Today's date as `YYYY-MM-DD`, for changelog entries.
    public var today: @Sendable () -> String
    /// The Docker engine the live operations read and drive.
    public var engine: any EngineConnector
    /// What a change records in the history as its command line (secrets masked): this
    /// process's arguments unless a front end says otherwise (the MCP server names its tool).
    public var invocation: String = HistoryStore.processCommand()
    /// What becomes of the loaded workspace once an operation has its report: freed (the
    /// default, for front ends that serve many requests), or left to the exit of a one-shot
    /// command.
    public var retirement: Retirement = .free

    public init(
        workspace: Workspace,
        hostPorts: @escaping @Sendable (_ allocation: Bool) -> any HostPorts = Operations.hostPorts,
        today: @escaping @Sendable () -> String = Operations.localDate,
        engine: (any EngineConnector)? = nil
    ) {
        self.workspace = workspace
        self.hostPorts = hostPorts
        self.today = today
        self.engine = engine ?? DockerEngineConnector(environment: workspace.environment)
    }

    /// This host's listening sockets from `/proc`; the allocator's reader skips naming holders.
    @Sendable public static func hostPorts(_ allocation: Bool) -> any HostPorts {
        allocation ? HostPortSnapshot(reader: ProcHostPortReader(readsOwners: false)) : HostPortSnapshot()
    }

    /// Today's date in the local time zone, as `YYYY-MM-DD`.
    @Sendable public static func localDate() -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}

/// How an operation reaches a Docker engine: the real client by default, another engine in
/// tests.
public protocol EngineConnector: Sendable {
    /// Runs `body` with an engine and the address it was reached at; an engine that cannot be
    /// reached is an `OperationError` naming the address tried.
    func with<T: Sendable>(
        _ body: @Sendable (any DockerEngine & DockerNetworkCreating, String) async throws -> T
    ) async throws -> T
}

/// The engine `DOCKER_HOST` names in an environment (default unix:///var/run/docker.sock).
public struct DockerEngineConnector: EngineConnector {
    public var environment: [String: String]
    /// Counts the requests made, for `diagnose --stats`.
    public var counter: EngineRequestCounter

    public init(environment: [String: String], counter: EngineRequestCounter = EngineRequestCounter()) {
        self.environment = environment
        self.counter = counter
    }

    public func with<T: Sendable>(
        _ body: @Sendable (any DockerEngine & DockerNetworkCreating, String) async throws -> T
    ) async throws -> T {
        do {
            return try await DockerEngineClient.withClient(environment: environment, requestCounter: counter) { client in
                try await body(client, client.host.description)
            }
        } catch let failure as DockerEngineError {
            throw OperationError(failure.description)
        }
    }
}

/// An operation that cannot do its job for a reason that is not bad input: an engine that
/// cannot be reached, a missing tool (exit 2).
public struct OperationError: InfraError, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
    public var errorDescription: String? { message }
    public var code: String { "operation" }
}

extension ChangeJournal.Recovery {
    /// What a person should know about the recovery, or `nil` when there was none.
    public var notice: String? {
        switch self {
        case .none: nil
        case .rolledForward(let files):
            "finished a change an interrupted infractl run left half-written" + (files.isEmpty ? "" : " (\(files.joined(separator: ", ")))")
        case .rolledBack:
            "discarded a change an interrupted infractl run had not started writing"
        case .pending(let files):
            "read a change an interrupted infractl run left half-written as finished (\(files.joined(separator: ", "))); "
                + "the next command that changes files (ports allocate|release, add-service, remove-service, undo, up, down) finishes it"
        }
    }
}
