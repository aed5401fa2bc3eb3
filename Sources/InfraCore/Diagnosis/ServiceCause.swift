import DockerEngine

/// A root cause explained against the workspace: what it means for this service, where to fix
/// it and how, and whose problem it really is when another service's failure explains it.
public struct ServiceCause: Sendable, Hashable {
    /// What the container showed.
    public var cause: RootCause
    /// One or two sentences for the finding's message, e.g. "It cannot resolve forge-postgres:
    /// it is on default only, and forge-postgres is on forge-network."
    public var explanation: String
    /// The change that removes the cause, when one is known.
    public var fix: Fix?
    /// Where the change is made, for the finding's location.
    public var location: SourceLocation?
    /// The registry service whose own failure explains this one (a dependency that is down);
    /// its finding comes first and this one is a consequence.
    public var blamedService: String?
    /// The network the service lacks, when a name does not resolve because of it.
    public var missingNetwork: String?
    /// The host port another holder keeps, when the engine could not publish it.
    public var heldPort: Int?
    /// Commands beyond the usual ones that show the cause is gone.
    public var verify: [String]

    public init(
        cause: RootCause, explanation: String, fix: Fix? = nil, location: SourceLocation? = nil,
        blamedService: String? = nil, missingNetwork: String? = nil, heldPort: Int? = nil, verify: [String] = []
    ) {
        self.cause = cause
        self.explanation = explanation
        self.fix = fix
        self.location = location
        self.blamedService = blamedService
        self.missingNetwork = missingNetwork
        self.heldPort = heldPort
        self.verify = verify
    }
}

/// What holds a host port: a container (of the registry or not) or a process on the host.
public enum PortHolder: Sendable, Hashable, CustomStringConvertible {
    case container(name: String, registryService: String?)
    case process(HostPortHolder)

    /// `container squatter` or `python3 (pid 812) on 0.0.0.0:8080/tcp`.
    public var description: String {
        switch self {
        case .container(let name, _): "container \(name)"
        case .process(let info): info.description
        }
    }
}
