/// Why a container is not working, as its state, its logs or its health-check output show it:
/// what kind of failure, the host, port, path or user the text names, and the lines that show
/// it. `RootCauseClassifier` finds these; the diagnosis then explains them against the registry
/// and the compose files.
public struct RootCause: Sendable, Hashable {
    /// The failures diagnosis recognises (spec/rules.md, "Root causes").
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The engine could not publish a host port: another process or container holds it.
        case portAllocated = "port-allocated"
        /// The kernel killed the container for exceeding its memory limit, or the process ran
        /// out of memory.
        case outOfMemory = "out-of-memory"
        /// A process inside the container could not listen: the address is already in use.
        case addressInUse = "address-in-use"
        /// A server refused the credentials.
        case authenticationFailed = "authentication-failed"
        /// A host name did not resolve (on Docker networks: no container of that name on a
        /// network the container shares).
        case hostNotFound = "host-not-found"
        /// A connection to localhost was refused: inside a container that is the container itself.
        case localhost
        /// A connection to another host was refused.
        case connectionRefused = "connection-refused"
        /// A file, folder or command does not exist (often a missing volume mount).
        case missingFile = "missing-file"
        /// The process may not read or write a path, or bind a port.
        case permissionDenied = "permission-denied"
        /// The container's health-check command fails.
        case healthCheckFailed = "health-check-failed"
        /// A service it needs is not running.
        case dependencyDown = "dependency-down"

        /// Most telling first: when a container shows several, the first is its root cause.
        public var rank: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }

        /// A few words for reports.
        public var title: String {
            switch self {
            case .portAllocated: "host port already allocated"
            case .outOfMemory: "out of memory"
            case .addressInUse: "address already in use"
            case .authenticationFailed: "authentication failed"
            case .hostNotFound: "host name does not resolve"
            case .localhost: "localhost used for another container"
            case .connectionRefused: "connection refused"
            case .missingFile: "missing file or volume mount"
            case .permissionDenied: "permission denied"
            case .healthCheckFailed: "health check failing"
            case .dependencyDown: "dependency down"
            }
        }
    }

    public var kind: Kind
    /// The host named (lower-cased), for connection and name-resolution failures.
    public var host: String?
    public var port: Int?
    /// The file or folder named, for missing files and denied permissions.
    public var path: String?
    /// The user named, for authentication failures.
    public var user: String?
    /// The lines that show it, as the container wrote them (unmasked: reports mask them).
    public var evidence: [String]

    public init(
        _ kind: Kind, host: String? = nil, port: Int? = nil, path: String? = nil, user: String? = nil,
        evidence: [String] = []
    ) {
        self.kind = kind
        self.host = host
        self.port = port
        self.path = path
        self.user = user
        self.evidence = evidence
    }
}
