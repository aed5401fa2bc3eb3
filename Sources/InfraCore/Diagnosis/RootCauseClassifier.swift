import DockerEngine
import Foundation

/// Recognises root causes in what a container left behind: its log lines, its state (OOM kill,
/// the engine's start error, the exit code) and its health-check output. Pure text work: the
/// patterns are the messages PostgreSQL, Redis, Node.js, Python, Go, nginx, curl and busybox
/// actually print.
public enum RootCauseClassifier {
    /// The causes the lines show, most telling first (by `RootCause.Kind.rank`, then the most
    /// recent). Each cause keeps its last three lines as evidence. A line starting with a tab
    /// continues the line before it (libpq, Go), and is read together with it.
    public static func classify(logLines: [String]) -> [RootCause] {
        var found: [CauseKey: (cause: RootCause, lastLine: Int)] = [:]
        for (index, line) in joinedContinuations(logLines).enumerated() {
            guard let cause = classify(line: line) else { continue }
            let key = CauseKey(kind: cause.kind, host: cause.host)
            if var existing = found[key] {
                existing.cause.evidence = Array((existing.cause.evidence + [line]).suffix(3))
                existing.cause.port = cause.port ?? existing.cause.port
                existing.cause.path = cause.path ?? existing.cause.path
                existing.cause.user = cause.user ?? existing.cause.user
                existing.lastLine = index
                found[key] = existing
            } else {
                found[key] = (cause, index)
            }
        }
        return found.values.sorted {
            $0.cause.kind.rank != $1.cause.kind.rank ? $0.cause.kind.rank < $1.cause.kind.rank : $0.lastLine > $1.lastLine
        }.map(\.cause)
    }

    /// The cause one line shows, if any.
    public static func classify(line: String) -> RootCause? {
        let lowered = line.lowercased()
        for pattern in patterns where pattern.keywords.contains(where: lowered.contains) {
            guard let match = try? pattern.regex.firstMatch(in: line) else { continue }
            func capture(_ name: String) -> String? {
                guard let text = match.output[name]?.substring, !text.isEmpty else { return nil }
                return String(text)
            }
            var host = capture("host").map(normalizedHost)
            var kind = pattern.kind
            if kind == .connectionRefused, let name = host, isLoopback(name) { kind = .localhost }
            if kind == .localhost, host == nil { host = "localhost" }
            return RootCause(
                kind, host: host, port: capture("port").flatMap { Int($0) }, path: capture("path"),
                user: capture("user"), evidence: [line])
        }
        return nil
    }

    /// The causes a container's state shows: an OOM kill, the engine's own start error (a host
    /// port already allocated, a missing mount source or command), the exit codes of a command
    /// that was not found (127) or not executable (126).
    public static func classify(state: ContainerState) -> [RootCause] {
        var causes: [RootCause] = []
        if state.oomKilled {
            causes.append(RootCause(.outOfMemory, evidence: ["State: OOMKilled (exit code \(state.exitCode))"]))
        }
        let error = state.error.trimmingCharacters(in: .whitespacesAndNewlines)
        if !error.isEmpty {
            let lowered = error.lowercased()
            let evidence = "Engine error: \(error)"
            if lowered.contains("port is already allocated") || lowered.contains("external connectivity")
                || (lowered.contains("address already in use") && lowered.contains("listen tcp"))
            {
                let port = classify(line: error)?.port ?? portAllocatedPort(error)
                causes.append(RootCause(.portAllocated, port: port, evidence: [evidence]))
            } else if var cause = classify(line: error) {
                cause.evidence = [evidence]
                causes.append(cause)
            }
        }
        if causes.isEmpty, !state.running {
            switch state.exitCode {
            case 127: causes.append(RootCause(.missingFile, evidence: ["Exit code 127: the command was not found"]))
            case 126: causes.append(RootCause(.permissionDenied, evidence: ["Exit code 126: the command is not executable"]))
            default: break
            }
        }
        return causes
    }

    /// The failing health check of a container that has one: its last failed probes' output
    /// as evidence, with the host, port or path the output names.
    public static func classify(health: ContainerHealth) -> RootCause? {
        let failed = health.log.filter { $0.exitCode != 0 }
        guard health.status == .unhealthy || health.failingStreak > 0, !failed.isEmpty else { return nil }
        var outputs: [String] = []
        for probe in failed.suffix(3) {
            let text = probe.output.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingSpaces().isEmpty }.joined(separator: " ")
            let shown = text.isEmpty ? "(no output)" : text
            outputs.append("Health check (exit \(probe.exitCode)): \(shown)")
        }
        var cause = RootCause(.healthCheckFailed, evidence: outputs)
        if let last = failed.last, let inner = classify(logLines: last.output.split(whereSeparator: \.isNewline).map(String.init)).first {
            cause.host = inner.host
            cause.port = inner.port
            cause.path = inner.path
        }
        return cause
    }

    /// Whether a host name or address means the container itself.
    public static func isLoopback(_ host: String) -> Bool {
        let host = normalizedHost(host)
        return ["localhost", "::1", "0.0.0.0", "::", "ip6-localhost", "ip6-loopback"].contains(host)
            || host.hasPrefix("127.") || host.hasSuffix(".localhost")
    }

    // MARK: Patterns

    private struct CauseKey: Hashable {
        var kind: RootCause.Kind
        var host: String?
    }

    /// One way of writing one kind of failure: cheap lower-case keywords that must appear, then
    /// a case-insensitive regular expression with optional `host`, `port`, `path`, `user` groups.
    private struct Pattern {
        var kind: RootCause.Kind
        var keywords: [String]
        var regex: Regex<AnyRegexOutput>
    }

    /// Every pattern as written, in the order lines are tried: by kind rank, specific forms
    /// before generic ones.
    private static let table: [(kind: RootCause.Kind, keywords: [String], source: String)] = [
        // Engine: publishing a host port failed.
        (.portAllocated, ["port is already allocated"], #"Bind for (?<host>[^\s]*):(?<port>\d+) failed"#),
        (.portAllocated, ["port is already allocated"], #"port is already allocated"#),

        (.outOfMemory, ["heap out of memory"], #"JavaScript heap out of memory"#),
        (.outOfMemory, ["out of memory"], #"runtime: out of memory|\bout of memory\b"#),
        (.outOfMemory, ["memoryerror", "outofmemoryerror"], #"\b(?:MemoryError|java\.lang\.OutOfMemoryError)\b"#),
        (.outOfMemory, ["cannot allocate memory"], #"Cannot allocate memory"#),
        (.outOfMemory, ["killed"], #"^\s*Killed\s*$"#),

        // nginx: bind() to 0.0.0.0:80 failed (98: Address already in use)
        (.addressInUse, ["in use"], #"bind\(\) to (?<host>\S+?):(?<port>\d+) failed \(98: Address (?:already )?in use\)"#),
        // Go: listen tcp :8080: bind: address already in use
        (.addressInUse, ["in use"], #"listen (?:tcp|udp)[46]? (?<host>\S*):(?<port>\d+): bind: address already in use"#),
        // Redis: Could not create server TCP listening socket *:6379: bind: Address already in use
        (.addressInUse, ["in use"], #"listening socket (?<host>\S*?):(?<port>\d+): bind: Address already in use"#),
        (.addressInUse, ["failed listening on port"], #"Failed listening on port (?<port>\d+)"#),
        // uvicorn: [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use
        (.addressInUse, ["in use"], #"bind on address \('(?<host>[^']*)', (?<port>\d+)\)"#),
        // PostgreSQL: could not bind IPv4 address "0.0.0.0": Address already in use; HINT: ... on port 5432?
        (.addressInUse, ["in use"], #"could not bind IPv[46] address "(?<host>[^"]+)": Address already in use"#),
        (.addressInUse, ["another postmaster"], #"another postmaster already running on port (?<port>\d+)"#),
        // Node.js: Error: listen EADDRINUSE: address already in use :::3000
        (.addressInUse, ["eaddrinuse"], #"EADDRINUSE[^\n]*?(?<host>[0-9a-f.:]*):(?<port>\d+)\s*$"#),
        (.addressInUse, ["in use", "eaddrinuse", "errno 98"], #"address already in use|address in use|EADDRINUSE|Errno 98"#),

        (.authenticationFailed, ["authentication failed"], #"password authentication failed for user "(?<user>[^"]+)""#),
        (.authenticationFailed, ["does not exist"], #"FATAL:\s+role "(?<user>[^"]+)" does not exist"#),
        (.authenticationFailed, ["access denied"], #"Access denied for user '(?<user>[^']+)'"#),
        (.authenticationFailed, ["wrongpass", "noauth", "username-password"],
         #"WRONGPASS|NOAUTH|invalid username-password pair"#),
        (.authenticationFailed, ["authentication failed", "auth failed", "invalid password"],
         #"authentication failed|auth failed|invalid password"#),

        // busybox: nc: bad address 'forge-postgres'; wget: bad address 'forge-postgres:5432'
        (.hostNotFound, ["bad address"], #"bad address '(?<host>[^':]+)(?::(?<port>\d+))?'"#),
        // libpq: could not translate host name "forge-postgres" to address: Name or service not known
        (.hostNotFound, ["translate host name"], #"could not translate host name "(?<host>[^"]+)""#),
        // Node.js: getaddrinfo ENOTFOUND forge-postgres
        (.hostNotFound, ["getaddrinfo"], #"getaddrinfo (?:ENOTFOUND|EAI_AGAIN) (?<host>[\w.-]+)"#),
        // Go: dial tcp: lookup forge-postgres on 127.0.0.11:53: no such host
        (.hostNotFound, ["lookup"], #"lookup (?<host>[\w.-]+)(?: on \S+)?: (?:no such host|server misbehaving|Temporary failure)"#),
        // nginx: host not found in upstream "backend:8000"
        (.hostNotFound, ["host not found"], #"host not found in upstream "(?<host>[^":]+)(?::(?<port>\d+))?""#),
        // redis-py: Error -2 connecting to forge-redis:6379. Name or service not known.
        (.hostNotFound, ["connecting to"], #"Error -[235] connecting to (?<host>[\w.-]+):(?<port>\d+)"#),
        // busybox nslookup: ** server can't find forge-postgres: NXDOMAIN
        (.hostNotFound, ["nxdomain"], #"can't find (?<host>[\w.-]+): NXDOMAIN"#),
        (.hostNotFound, ["unknownhostexception"], #"UnknownHostException:? (?<host>[\w.-]+)"#),
        (.hostNotFound, ["failed to resolve host"], #"failed to resolve host '(?<host>[^']+)'"#),
        (.hostNotFound, ["not known", "name resolution", "servname", "does not resolve", "no such host"],
         #"Name or service not known|Temporary failure in name resolution|nodename nor servname|Name does not resolve|no such host"#),

        // Node.js: connect ECONNREFUSED 127.0.0.1:5432
        (.connectionRefused, ["econnrefused"], #"ECONNREFUSED (?<host>\S+):(?<port>\d+)"#),
        // Go: dial tcp 172.18.0.2:5432: connect: connection refused
        (.connectionRefused, ["refused"], #"dial tcp (?<host>\S+):(?<port>\d+): connect: connection refused"#),
        // libpq: connection to server at "forge-postgres" (172.18.0.2), port 5432 failed: Connection refused
        (.connectionRefused, ["refused"], #"connection to server at "(?<host>[^"]+)"(?: \([^)]*\))?, port (?<port>\d+) failed"#),
        // libpq before 14: Is the server running on host "localhost" (127.0.0.1) and accepting TCP/IP connections on port 5432?
        (.connectionRefused, ["server running on host"], #"running on host "(?<host>[^"]+)"[^\n]*?on port (?<port>\d+)"#),
        (.connectionRefused, ["server running on host"], #"running on host "(?<host>[^"]+)""#),
        // redis-py: Error 111 connecting to forge-redis:6379. Connection refused.
        (.connectionRefused, ["error 111"], #"Error 111 connecting to (?<host>[\w.-]+):(?<port>\d+)"#),
        // asyncio: Connect call failed ('127.0.0.1', 5432)
        (.connectionRefused, ["connect call failed"], #"Connect call failed \('(?<host>[^']+)', (?<port>\d+)\)"#),
        // busybox: nc: can't connect to remote host (127.0.0.1): Connection refused
        (.connectionRefused, ["can't connect to remote host"], #"can't connect to remote host \((?<host>[^)]+)\)"#),
        // nginx: connect() failed (111: Connection refused) while connecting to upstream, ..., upstream: "http://172.18.0.4:8000/"
        (.connectionRefused, ["refused"], #"Connection refused\)[^\n]*upstream: "\w+://(?<host>[^:/"]+):(?<port>\d+)"#),
        // redis-cli: Could not connect to Redis at 127.0.0.1:6379: Connection refused
        (.connectionRefused, ["could not connect to"], #"Could not connect to \w+ at (?<host>[^:\s]+):(?<port>\d+)"#),
        // curl: (7) Failed to connect to localhost port 8000 after 0 ms: Connection refused
        (.connectionRefused, ["failed to connect to"], #"Failed to connect to (?<host>\S+) port (?<port>\d+)"#),
        (.connectionRefused, ["refused", "errno 111"], #"connection refused|ECONNREFUSED|Errno 111"#),

        // nginx: open() "/etc/nginx/conf.d/app.conf" failed (2: No such file or directory)
        (.missingFile, ["no such file"], #"open\(\) "(?<path>[^"]+)" failed \(2: No such file"#),
        // Node.js: ENOENT: no such file or directory, open '/app/config.json'
        (.missingFile, ["enoent"], #"ENOENT: no such file or directory, \w+ '(?<path>[^']+)'"#),
        // Python: [Errno 2] No such file or directory: '/app/config.yml'; can't open file '/app/main.py'
        (.missingFile, ["no such file"], #"No such file or directory: '(?<path>[^']+)'"#),
        (.missingFile, ["can't open file"], #"can't open file '(?<path>[^']+)'"#),
        // busybox: cat: can't open '/config/app.yml': No such file or directory
        (.missingFile, ["no such file"], #"can't open '(?<path>[^']+)': No such file"#),
        // Go: open /config/app.yaml: no such file or directory
        (.missingFile, ["no such file"], #"(?:open|stat|lstat|mkdir) (?<path>/[^\s:]+): no such file or directory"#),
        // Engine: exec: "/app/start.sh": stat /app/start.sh: no such file or directory
        (.missingFile, ["exec"], #"exec: "(?<path>[^"]+)": (?:executable file not found|stat)"#),
        // PostgreSQL: could not open file "postgresql.conf": No such file or directory
        (.missingFile, ["no such file"], #"could not open (?:configuration )?file "(?<path>[^"]+)""#),
        (.missingFile, ["cannot find module"], #"Cannot find module '(?<path>[^']+)'"#),
        // sh: /app/start.sh: not found
        (.missingFile, ["not found"], #"^(?:/bin/)?sh: (?:\d+: )?(?<path>[^\s:]+): not found"#),
        (.missingFile, ["no such file"], #"(?<path>/[^\s:'"]+): No such file or directory"#),
        (.missingFile, ["no such file", "enoent"], #"No such file or directory|ENOENT"#),

        // nginx: open() "/var/log/nginx/error.log" failed (13: Permission denied)
        (.permissionDenied, ["permission denied"], #"open\(\) "(?<path>[^"]+)" failed \(13: Permission denied\)"#),
        // Node.js: EACCES: permission denied, open '/data/db.json'; listen EACCES: permission denied 0.0.0.0:80
        (.permissionDenied, ["eacces"], #"EACCES: permission denied, \w+ '(?<path>[^']+)'"#),
        (.permissionDenied, ["eacces"], #"listen EACCES: permission denied (?<host>\S*?):(?<port>\d+)"#),
        // Python: PermissionError: [Errno 13] Permission denied: '/data/app.db'
        (.permissionDenied, ["permission denied"], #"Permission denied: '(?<path>[^']+)'"#),
        // Go: open /data/x: permission denied
        (.permissionDenied, ["permission denied"], #"(?:open|mkdir|stat) (?<path>/[^\s:]+): permission denied"#),
        // busybox: sh: can't create /data/x: Permission denied
        (.permissionDenied, ["permission denied"], #"can't create (?<path>[^:]+): Permission denied"#),
        (.permissionDenied, ["permission denied"], #"cannot create directory '(?<path>[^']+)': Permission denied"#),
        // PostgreSQL: data directory "/var/lib/postgresql/data" has wrong ownership
        (.permissionDenied, ["wrong ownership"], #"data directory "(?<path>[^"]+)" has wrong ownership"#),
        (.permissionDenied, ["permission denied", "not permitted"],
         #"could not (?:change permissions of|create|open|access) (?:directory|file) "(?<path>[^"]+)": (?:Permission denied|Operation not permitted)"#),
        (.permissionDenied, ["read-only file system"], #"(?<path>/[^\s:]+): Read-only file system"#),
        // Redis: Failed opening the temp RDB file temp-1.rdb (in server root dir /data) for saving: Permission denied
        (.permissionDenied, ["permission denied"], #"in server root dir (?<path>[^)\s]+)\)"#),
        (.permissionDenied, ["permission denied", "eacces", "not permitted", "read-only file system"],
         #"Permission denied|EACCES|Operation not permitted|Read-only file system"#),
    ]

    /// The patterns compiled, case-insensitive.
    nonisolated(unsafe) private static let patterns: [Pattern] = table.compactMap { entry in
        (try? Regex("(?i)" + entry.source)).map { Pattern(kind: entry.kind, keywords: entry.keywords, regex: $0) }
    }

    /// Patterns that do not compile (a test checks there are none).
    public static var invalidPatterns: [String] {
        table.map(\.source).filter { (try? Regex("(?i)" + $0)) == nil }
    }

    /// The port of `Bind for 0.0.0.0:8080 failed` or `listen tcp4 0.0.0.0:8080: bind`.
    private static func portAllocatedPort(_ text: String) -> Int? {
        guard let match = try? hostPortInText.firstMatch(in: text) else { return nil }
        return Int(match.output.port)
    }

    nonisolated(unsafe) private static let hostPortInText = #/(?:Bind for|listen tcp[46]?|listen udp[46]?) \S*:(?<port>\d+)/#

    /// `[::1]` as `::1`, `LOCALHOST` as `localhost`.
    private static func normalizedHost(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    /// Lines with a tab-indented continuation joined to the line they continue.
    private static func joinedContinuations(_ lines: [String]) -> [String] {
        var result: [String] = []
        for line in lines {
            if line.hasPrefix("\t"), let last = result.last, last.count < 400 {
                result[result.count - 1] = last + " " + line.trimmingSpaces()
            } else {
                result.append(line)
            }
        }
        return result
    }
}
