/// One check to run from the host: where to connect, what to ask, and how long to wait.
public struct ProbeTarget: Sendable, Hashable {
    /// What the probe asks once connected.
    public enum Request: Sendable, Hashable {
        /// The PostgreSQL startup handshake `pg_isready` uses, as `user` for `database`.
        case postgres(user: String, database: String)
        /// A RESP `PING`.
        case redis
        /// `GET path`; over TLS with `https`, presenting `serverName` (SNI, Host, certificate
        /// check) while connecting to the target's host.
        case http(path: String, https: Bool, serverName: String?)
        /// A TCP connection, nothing more.
        case tcp
    }

    public var request: Request
    /// The address to connect to (`127.0.0.1` for ports published on the host).
    public var host: String
    public var port: Int
    /// The bound on the whole check.
    public var timeout: Duration

    public init(request: Request, host: String = "127.0.0.1", port: Int, timeout: Duration = .milliseconds(3000)) {
        self.request = request
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    /// The probe's name as reports show it: `postgres`, `redis`, `http`, `https`, `tcp`.
    public var probeName: String {
        switch request {
        case .postgres: "postgres"
        case .redis: "redis"
        case .http(_, let https, _): https ? "https" : "http"
        case .tcp: "tcp"
        }
    }

    /// `127.0.0.1:5433`, or the URL for HTTP.
    public var endpoint: String {
        switch request {
        case .http(let path, let https, let serverName):
            let name = serverName ?? host
            let authority = name.contains(":") ? "[\(name)]" : name
            let defaultPort = https ? 443 : 80
            return "\(https ? "https" : "http")://\(authority)\(port == defaultPort ? "" : ":\(port)")\(path)"
        default:
            return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// The command a person would run by hand for the same check, as an argument list joined
    /// for display.
    public var manualCommand: String {
        let seconds = max(1, Int((Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18).rounded(.up)))
        switch request {
        case .postgres(let user, let database):
            return "pg_isready -h \(host) -p \(port) -U \(user) -d \(database) -t \(seconds)"
        case .redis:
            return "redis-cli -h \(host) -p \(port) ping"
        case .http(_, let https, let serverName):
            var command = "curl -sS -o /dev/null -w '%{http_code} %{time_total}s\\n' -m \(seconds)"
            if https, let serverName, serverName != host { command += " --resolve \(serverName):\(port):\(host)" }
            return command + " \(endpoint)"
        case .tcp:
            return "nc -z -w \(seconds) \(host) \(port)"
        }
    }
}

/// What a probe found: whether the server answered as a live one, what it said, and how long
/// it took.
public struct ProbeOutcome: Sendable, Hashable {
    /// Whether the server is up and accepting (an authentication request counts).
    public var succeeded: Bool
    /// What it said, or why it failed: `pg_isready: accepting connections`, `PONG`, `HTTP 200`,
    /// `connection refused`, `no answer within 3s`.
    public var detail: String
    /// Time to the answer; for a failure, the time until it failed.
    public var latency: Duration?
    /// Whether the deadline ended the check.
    public var timedOut: Bool

    public init(succeeded: Bool, detail: String, latency: Duration?, timedOut: Bool = false) {
        self.succeeded = succeeded
        self.detail = detail
        self.latency = latency
        self.timedOut = timedOut
    }

    /// A live answer.
    public static func success(_ detail: String, latency: Duration) -> ProbeOutcome {
        ProbeOutcome(succeeded: true, detail: detail, latency: latency)
    }

    /// No answer, or one that says the server is not ready.
    public static func failure(_ reason: String, latency: Duration?, timedOut: Bool = false) -> ProbeOutcome {
        ProbeOutcome(succeeded: false, detail: reason, latency: latency, timedOut: timedOut)
    }
}
