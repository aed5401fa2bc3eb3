import DockerEngine
import InfraCore
import Testing

/// The classifier on log lines as real servers and clients write them.
@Suite("Root cause classifier")
struct RootCauseClassifierTests {
    struct Line: CustomTestStringConvertible, Sendable {
        var text: String
        var kind: RootCause.Kind
        var host: String? = nil
        var port: Int? = nil
        var path: String? = nil
        var user: String? = nil
        var testDescription: String { "\(kind): \(text.prefix(60))" }
    }

    static let lines: [Line] = [
        // Address already in use
        Line(text: #"2024-05-02 10:01:12.345 UTC [1] LOG:  could not bind IPv4 address "0.0.0.0": Address already in use"#, kind: .addressInUse, host: "0.0.0.0"),
        Line(text: "2024-05-02 10:01:12.345 UTC [1] HINT:  Is another postmaster already running on port 5432? If not, wait a few seconds and retry.", kind: .addressInUse, port: 5432),
        Line(text: "1:M 02 May 2024 10:01:12.345 # Warning: Could not create server TCP listening socket *:6379: bind: Address already in use", kind: .addressInUse, host: "*", port: 6379),
        Line(text: "1:M 02 May 2024 10:01:12.346 # Failed listening on port 6379 (tcp), aborting.", kind: .addressInUse, port: 6379),
        Line(text: "Error: listen EADDRINUSE: address already in use :::3000", kind: .addressInUse, port: 3000),
        Line(text: "ERROR:    [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use", kind: .addressInUse, host: "0.0.0.0", port: 8000),
        Line(text: "OSError: [Errno 98] Address already in use", kind: .addressInUse),
        Line(text: "2024/05/02 10:01:12 listen tcp :8080: bind: address already in use", kind: .addressInUse, port: 8080),
        Line(text: "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)", kind: .addressInUse, host: "0.0.0.0", port: 80),
        Line(text: "nc: bind: Address already in use", kind: .addressInUse),
        Line(text: "httpd: bind: Address already in use", kind: .addressInUse),
        // Host port already allocated (the engine's start error)
        Line(text: "driver failed programming external connectivity on endpoint web (3f2a): Bind for 0.0.0.0:8080 failed: port is already allocated", kind: .portAllocated, host: "0.0.0.0", port: 8080),
        // Connection refused to a named service
        Line(text: #"psycopg2.OperationalError: connection to server at "forge-postgres" (172.18.0.2), port 5432 failed: Connection refused"#, kind: .connectionRefused, host: "forge-postgres", port: 5432),
        Line(text: "redis.exceptions.ConnectionError: Error 111 connecting to forge-redis:6379. Connection refused.", kind: .connectionRefused, host: "forge-redis", port: 6379),
        Line(text: "Error: connect ECONNREFUSED 172.18.0.3:5432", kind: .connectionRefused, host: "172.18.0.3", port: 5432),
        Line(text: "panic: dial tcp 172.18.0.4:6379: connect: connection refused", kind: .connectionRefused, host: "172.18.0.4", port: 6379),
        Line(text: #"2024/05/02 10:01:12 [error] 29#29: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://172.18.0.5:8000/", host: "localhost""#, kind: .connectionRefused, host: "172.18.0.5", port: 8000),
        Line(text: "nc: can't connect to remote host (172.18.0.2): Connection refused", kind: .connectionRefused, host: "172.18.0.2"),
        // localhost used for another container
        Line(text: "Error: connect ECONNREFUSED 127.0.0.1:5432", kind: .localhost, host: "127.0.0.1", port: 5432),
        Line(text: "[ioredis] Unhandled error event: Error: connect ECONNREFUSED ::1:6379", kind: .localhost, host: "::1", port: 6379),
        Line(text: "dial tcp [::1]:5432: connect: connection refused", kind: .localhost, host: "::1", port: 5432),
        Line(text: "psql: error: could not connect to server: Connection refused", kind: .connectionRefused),
        Line(text: "OSError: Multiple exceptions: [Errno 111] Connect call failed ('127.0.0.1', 5432)", kind: .localhost, host: "127.0.0.1", port: 5432),
        Line(text: "wget: can't connect to remote host (127.0.0.1): Connection refused", kind: .localhost, host: "127.0.0.1"),
        Line(text: "curl: (7) Failed to connect to localhost port 8000 after 0 ms: Connection refused", kind: .localhost, host: "localhost", port: 8000),
        // Host name that does not resolve
        Line(text: "nc: bad address 'forge-postgres'", kind: .hostNotFound, host: "forge-postgres"),
        Line(text: "wget: bad address 'forge-api:8000'", kind: .hostNotFound, host: "forge-api", port: 8000),
        Line(text: #"psql: error: could not translate host name "forge-postgres" to address: Name or service not known"#, kind: .hostNotFound, host: "forge-postgres"),
        Line(text: "Error: getaddrinfo ENOTFOUND forge-postgres", kind: .hostNotFound, host: "forge-postgres"),
        Line(text: "Error: getaddrinfo EAI_AGAIN forge-redis", kind: .hostNotFound, host: "forge-redis"),
        Line(text: "failed to connect to `host=forge-postgres user=app database=app`: hostname resolving error (lookup forge-postgres on 127.0.0.11:53: no such host)", kind: .hostNotFound, host: "forge-postgres"),
        Line(text: #"nginx: [emerg] host not found in upstream "synapse-backend:8000" in /etc/nginx/conf.d/default.conf:3"#, kind: .hostNotFound, host: "synapse-backend", port: 8000),
        Line(text: "redis.exceptions.ConnectionError: Error -2 connecting to forge-redis:6379. Name or service not known.", kind: .hostNotFound, host: "forge-redis", port: 6379),
        Line(text: "** server can't find forge-postgres: NXDOMAIN", kind: .hostNotFound, host: "forge-postgres"),
        Line(text: "socket.gaierror: [Errno -3] Temporary failure in name resolution", kind: .hostNotFound),
        // Authentication failed
        Line(text: #"2024-05-02 10:01:12.345 UTC [42] FATAL:  password authentication failed for user "synapse""#, kind: .authenticationFailed, user: "synapse"),
        Line(text: #"sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "forge-postgres" (172.18.0.2), port 5432 failed: FATAL:  password authentication failed for user "app""#, kind: .authenticationFailed, user: "app"),
        Line(text: "ReplyError: WRONGPASS invalid username-password pair or user is disabled.", kind: .authenticationFailed),
        Line(text: "redis.exceptions.AuthenticationError: NOAUTH Authentication required.", kind: .authenticationFailed),
        Line(text: #"FATAL:  role "prism" does not exist"#, kind: .authenticationFailed, user: "prism"),
        // Missing file or volume mount
        Line(text: "FileNotFoundError: [Errno 2] No such file or directory: '/app/config/settings.yml'", kind: .missingFile, path: "/app/config/settings.yml"),
        Line(text: "python: can't open file '/app/main.py': [Errno 2] No such file or directory", kind: .missingFile, path: "/app/main.py"),
        Line(text: "Error: ENOENT: no such file or directory, open '/app/config.json'", kind: .missingFile, path: "/app/config.json"),
        Line(text: "Error: Cannot find module '/app/dist/server.js'", kind: .missingFile, path: "/app/dist/server.js"),
        Line(text: "panic: open /config/app.yaml: no such file or directory", kind: .missingFile, path: "/config/app.yaml"),
        Line(text: #"nginx: [emerg] open() "/etc/nginx/conf.d/app.conf" failed (2: No such file or directory) in /etc/nginx/nginx.conf:31"#, kind: .missingFile, path: "/etc/nginx/conf.d/app.conf"),
        Line(text: "cat: can't open '/config/app.yml': No such file or directory", kind: .missingFile, path: "/config/app.yml"),
        Line(text: "sh: /app/start.sh: not found", kind: .missingFile, path: "/app/start.sh"),
        Line(text: #"exec: "/docker-entrypoint.sh": stat /docker-entrypoint.sh: no such file or directory"#, kind: .missingFile, path: "/docker-entrypoint.sh"),
        // Permission denied
        Line(text: "PermissionError: [Errno 13] Permission denied: '/data/app.db'", kind: .permissionDenied, path: "/data/app.db"),
        Line(text: "Error: EACCES: permission denied, open '/app/data/db.json'", kind: .permissionDenied, path: "/app/data/db.json"),
        Line(text: "Error: listen EACCES: permission denied 0.0.0.0:80", kind: .permissionDenied, port: 80),
        Line(text: #"nginx: [emerg] open() "/var/log/nginx/error.log" failed (13: Permission denied)"#, kind: .permissionDenied, path: "/var/log/nginx/error.log"),
        Line(text: #"2024-05-02 10:01:12.345 UTC [1] FATAL:  data directory "/var/lib/postgresql/data" has wrong ownership"#, kind: .permissionDenied, path: "/var/lib/postgresql/data"),
        Line(text: "mkdir: cannot create directory '/var/lib/postgresql/data': Permission denied", kind: .permissionDenied, path: "/var/lib/postgresql/data"),
        Line(text: "sh: can't create /data/out.txt: Permission denied", kind: .permissionDenied, path: "/data/out.txt"),
        Line(text: "1:M 02 May 2024 10:01:12.345 # Failed opening the temp RDB file temp-1.rdb (in server root dir /data) for saving: Permission denied", kind: .permissionDenied, path: "/data"),
        Line(text: "touch: /config/x: Read-only file system", kind: .permissionDenied, path: "/config/x"),
        // Out of memory
        Line(text: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", kind: .outOfMemory),
        Line(text: "fatal error: runtime: out of memory", kind: .outOfMemory),
        Line(text: "MemoryError", kind: .outOfMemory),
        Line(text: "Killed", kind: .outOfMemory),
    ]

    @Test("a real-looking line", arguments: lines)
    func classifies(_ line: Line) throws {
        let cause = try #require(RootCauseClassifier.classify(line: line.text), "no cause in: \(line.text)")
        #expect(cause.kind == line.kind)
        if let host = line.host { #expect(cause.host == host) }
        if let port = line.port { #expect(cause.port == port) }
        if let path = line.path { #expect(cause.path == path) }
        if let user = line.user { #expect(cause.user == user) }
        #expect(cause.evidence == [line.text])
    }

    @Test func everyPatternCompiles() {
        #expect(RootCauseClassifier.invalidPatterns.isEmpty)
    }

    @Test func ordinaryLinesAreNoCause() {
        let lines = [
            "2024-05-02 10:01:12.345 UTC [1] LOG:  database system is ready to accept connections",
            "1:M 02 May 2024 10:01:12.345 * Ready to accept connections tcp",
            "Listening on http://0.0.0.0:8000",
            "INFO:     Application startup complete.",
            "GET /health 200 1.2ms",
        ]
        for line in lines { #expect(RootCauseClassifier.classify(line: line) == nil, "\(line)") }
    }

    @Test func libpqContinuationLinesAreReadTogether() throws {
        let causes = RootCauseClassifier.classify(logLines: [
            "psql: error: could not connect to server: Connection refused",
            "\tIs the server running on host \"localhost\" (127.0.0.1) and accepting",
            "\tTCP/IP connections on port 5432?",
        ])
        let first = try #require(causes.first)
        #expect(first.kind == .localhost)
        #expect(first.host == "localhost")
        #expect(first.port == 5432)
    }

    @Test func theMostTellingCauseComesFirstWithItsLastLines() throws {
        let causes = RootCauseClassifier.classify(logLines: [
            "Starting worker",
            "Error: connect ECONNREFUSED 172.18.0.3:5432",
            "retrying in 1s",
            "Error: connect ECONNREFUSED 172.18.0.3:5432",
            "FileNotFoundError: [Errno 2] No such file or directory: '/app/config.yml'",
            "Error: connect ECONNREFUSED 172.18.0.3:5432",
            "Error: connect ECONNREFUSED 172.18.0.3:5432",
        ])
        #expect(causes.map(\.kind) == [.connectionRefused, .missingFile])
        #expect(causes.first?.evidence.count == 3)
    }

    @Test func stateShowsOOMKillsEngineErrorsAndMissingCommands() {
        let oom = RootCauseClassifier.classify(state: ContainerState(status: .exited, oomKilled: true, exitCode: 137))
        #expect(oom.map(\.kind) == [.outOfMemory])
        let port = RootCauseClassifier.classify(state: ContainerState(
            status: .created, exitCode: 128,
            error: "driver failed programming external connectivity on endpoint web (ab12): failed to bind port 0.0.0.0:8080/tcp: Error starting userland proxy: listen tcp4 0.0.0.0:8080: bind: address already in use"))
        #expect(port.map(\.kind) == [.portAllocated])
        #expect(port.first?.port == 8080)
        let missing = RootCauseClassifier.classify(state: ContainerState(status: .exited, exitCode: 127))
        #expect(missing.map(\.kind) == [.missingFile])
        #expect(RootCauseClassifier.classify(state: ContainerState(status: .exited, exitCode: 1)).isEmpty)
    }

    @Test func healthCheckOutputIsTheEvidence() throws {
        let health = ContainerHealth(status: .unhealthy, failingStreak: 3, log: [
            HealthProbeResult(exitCode: 0, output: "ok"),
            HealthProbeResult(exitCode: 1, output: "wget: can't connect to remote host (127.0.0.1): Connection refused\n"),
            HealthProbeResult(exitCode: 1, output: "wget: can't connect to remote host (127.0.0.1): Connection refused\n"),
        ])
        let cause = try #require(RootCauseClassifier.classify(health: health))
        #expect(cause.kind == .healthCheckFailed)
        #expect(cause.host == "127.0.0.1")
        #expect(cause.evidence == Array(repeating: "Health check (exit 1): wget: can't connect to remote host (127.0.0.1): Connection refused", count: 2))
        #expect(RootCauseClassifier.classify(health: ContainerHealth(status: .healthy, log: [HealthProbeResult(exitCode: 0, output: "")])) == nil)
    }
}
