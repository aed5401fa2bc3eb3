import Foundation
import InfraCore
import Testing
import TestSupport

/// `infractl health` against real servers on the real engine: PostgreSQL and Redis from the
/// host's Debian binaries bind-mounted into busybox containers, busybox `httpd` (a fast page, a
/// CGI that sleeps, a CGI that fails), `openssl s_server` with the AXIOM example's mkcert
/// certificate, a port that accepts and stays silent, a published port with nothing behind
/// it, and containers whose Docker health check passes, fails, or that exited. Without an
/// engine, the test image or the host binaries the test is skipped, except in CI (`CI=true`),
/// where it fails.
@Suite("Health against real servers", .serialized, .requires(.dockerEngine), .requires(.serverBinaries))
struct HealthRealServerTests {
    static let image = Prerequisite.testImage

    /// Host folders every server container mounts read-only (merged /usr: /lib is /usr/lib).
    static let libraries = ["-v", "/usr/lib:/usr/lib:ro", "-v", "/usr/lib:/lib:ro", "-v", "/usr/lib64:/lib64:ro"]

    @Test func probesEveryKindOfServerAtOnce() async throws {
        try Prerequisite.dockerEngine.require()
        try Prerequisite.serverBinaries.require()
        let postgresBin = try #require(Prerequisite.postgresBinaries)
        let platform = try await Platform.start(postgresBin: postgresBin)
        do {
            try await checkInProcess(platform)
            try await checkCommandLine(platform)
            try await checkWatch(platform)
        } catch {
            await platform.remove()
            throw error
        }
        await platform.remove()
    }

    // MARK: The checks

    /// The core: statuses, details, findings, and the time of the whole check.
    func checkInProcess(_ platform: Platform) async throws {
        let workspace = try Workspace.locate(explicitRoot: platform.workspace)
        let checker = try HealthChecker(workspace: workspace)
        let report = await checker.check()
        let byName = Dictionary(uniqueKeysWithValues: report.services.map { ($0.name, $0) })
        func service(_ suffix: String) throws -> ServiceHealth { try #require(byName[platform.name(suffix)], "\(suffix)") }
        let summary = report.services.map { "\($0.name): \($0.status) \($0.probe) \($0.detail)" }.joined(separator: "\n")

        let postgres = try service("pg")
        #expect(postgres.status == .healthy, "\(summary)")
        #expect(postgres.detail == "pg_isready: accepting connections (SCRAM authentication required)")
        #expect(try service("pg-reject").status == .healthy)
        #expect(try service("pg-reject").detail.contains("pg_hba.conf rejects connection"))
        #expect(try service("redis-auth").status == .healthy)
        #expect(try service("redis-auth").detail.hasPrefix("alive, authentication required (NOAUTH"))
        #expect(try service("redis").detail == "PONG")
        let web = try service("web")
        #expect(web.status == .healthy)
        #expect(web.detail == "HTTP 200")
        #expect(web.container?.health == "healthy")
        let slow = try service("web-slow")
        #expect(slow.status == .degraded, "\(summary)")
        #expect((slow.latency ?? .zero) >= .milliseconds(1500))
        #expect(try service("web-fail").status == .unhealthy)
        #expect(try service("web-fail").detail == "HTTP 500 Internal Server Error")
        #expect(try service("silent").status == .unhealthy)
        #expect(try service("silent").detail == "no answer within 1s")
        #expect(try service("silent-tcp").status == .healthy)
        #expect(try service("nothing-behind").status == .unhealthy)
        #expect(try service("nothing-behind").detail.hasPrefix("connection closed at once"))
        let sick = try service("sick")
        #expect(sick.status == .unhealthy)
        #expect(sick.probe == "docker")
        #expect(sick.detail.contains("db connection failed"))
        #expect(try service("exited").detail == "container exited (code 3)")
        let tls = try service("tls")
        #expect(tls.status == .healthy, "\(summary)")
        #expect(tls.probe == "https")
        #expect(tls.detail == "HTTP 200")
        #expect(try service("tls-untrusted").status == .unhealthy)
        #expect(try service("tls-untrusted").detail == "TLS certificate not trusted (certificate verify failed)", "\(summary)")
        #expect(byName["traefik"]?.status == .unknown)

        #expect(report.findings.contains { $0.rule == "HLT002" && $0.message == "\(platform.name("web-slow")): degraded (slow response time: \(ProbeFormat.seconds(slow.latency ?? .zero)))" })
        #expect(report.findings.contains { $0.message == "\(platform.name("web-fail")): http check failed: HTTP 500 Internal Server Error" })
        // The slowest single check is the 1.5 s CGI; everything else runs beside it, so the whole
        // check takes far less than its checks one after another.
        let sum = report.services.flatMap(\.checks).compactMap(\.latency).reduce(Duration.zero, +)
        print("health of \(report.services.count) real services took \(report.duration); slowest probe \(slow.latency ?? .zero); all checks add up to \(sum)")
        #expect(report.duration < sum, "the probes did not run at once: \(report.duration) against \(sum) in all")
    }

    /// The command: formats, exit statuses, masking, a subset, no engine, unknown names.
    func checkCommandLine(_ platform: Platform) async throws {
        let json = try await AsyncProcess.infractl(["health", "--workspace", platform.workspace, "--format", "json"])
        #expect(json.status == 1, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "health")
        #expect(object["result"] as? String == "fail")
        let services = try #require(object["services"] as? [[String: Any]])
        let pg = try #require(services.first { $0["name"] as? String == platform.name("pg") })
        #expect(pg["status"] as? String == "healthy")
        #expect(pg["probe"] as? String == "postgres")
        #expect(pg["latency_ms"] is Int)
        #expect(pg["detail"] as? String != nil)
        #expect(!json.stdout.contains(Platform.wrongPassword))
        #expect(!json.stdout.contains(Platform.healthCheckSecret))
        #expect(json.stdout.contains("password=****"))

        let markdown = try await AsyncProcess.infractl(["health", "--workspace", platform.workspace, "--format", "markdown"])
        #expect(markdown.status == 1)
        for heading in ["## Infrastructure Health Report — HEALTHTEST", "### Core Infrastructure", "### Applications", "### Warnings", "### Recommendations", "### Overall: UNHEALTHY ❌"] {
            #expect(markdown.stdout.contains(heading), "missing \(heading)")
        }
        #expect(markdown.stdout.contains("✅ \(platform.name("pg")): healthy (pg_isready: accepting connections (SCRAM authentication required))"))
        #expect(markdown.stdout.contains("⚠️ \(platform.name("web-slow")): degraded (slow response time: "))

        let subset = [platform.name("web"), platform.name("redis"), platform.name("pg")]
        let healthy = try await AsyncProcess.infractl(["health", "--workspace", platform.workspace, "--format", "text"] + subset)
        #expect(healthy.status == 0, "\(healthy.stdout)\(healthy.stderr)")
        #expect(healthy.stdout.contains("Overall: HEALTHY"))

        let noEngine = try await AsyncProcess.infractl(
            ["health", "--workspace", platform.workspace, "--format", "json"] + subset,
            environment: ["DOCKER_HOST": "unix:///nonexistent/docker.sock"])
        #expect(noEngine.status == 0, "probes alone decide without an engine: \(noEngine.stdout)")
        #expect(noEngine.stdout.contains(#""reachable": false"#))
        #expect(noEngine.stdout.contains("Docker status unknown"))

        let unknown = try await AsyncProcess.infractl(["health", "--workspace", platform.workspace, platform.name("pgg")])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean '\(platform.name("pg"))'?"))
    }

    /// `--watch` without a terminal: a line per service, a line per change, exit 0 on SIGINT.
    func checkWatch(_ platform: Platform) async throws {
        let watcher = try LaunchedProcess(
            CLI.executable.path, ["health", "--workspace", platform.workspace, "--watch", "0.3", platform.name("redis"), platform.name("web")])
        let first = await watcher.waitForOutput(timeout: .seconds(60)) { $0.split(separator: "\n").count >= 2 }
        #expect(first, "no first lines: \(watcher.stdout) \(watcher.stderr)")
        let stop = try await AsyncProcess.docker(["stop", "--time", "0", platform.name("redis")])
        #expect(stop.status == 0, "\(stop.stderr)")
        let changed = await watcher.waitForOutput(timeout: .seconds(60)) { $0.contains("\(platform.name("redis")) healthy → unhealthy") }
        #expect(changed, "no change line: \(watcher.stdout)")
        watcher.interrupt()
        let outcome = await watcher.finish()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.filter { $0.contains(" \(platform.name("web")) ") }.count == 1, "an unchanged service is printed once: \(outcome.stdout)")
    }
}

/// The containers and the workspace of one run, named uniquely.
struct Platform {
    static let wrongPassword = "wrong-password-7f3a"
    static let healthCheckSecret = "hunter2-sick-9c1d"

    let prefix: String
    let workspace: String
    let scratch: Scratch
    let containers: [String]

    func name(_ suffix: String) -> String { "\(prefix)-\(suffix)" }

    /// Starts every container at once, writes the workspace with their published ports, and
    /// waits until the servers answer and the Docker health checks have decided.
    static func start(postgresBin: String) async throws -> Platform {
        let prefix = "hlt-\(UUID().uuidString.prefix(8).lowercased())"
        func name(_ suffix: String) -> String { "\(prefix)-\(suffix)" }
        let scratch = try Scratch()
        let init_ = try await AsyncProcess.run(CLI.executable, ["init", "--example", "axiom", "ws"], directory: scratch.path)
        try #require(init_.status == 0, "\(init_.stderr)")
        let workspace = scratch.path + "/ws"
        let ids = try passwdIDs("postgres")
        // A certificate for the same names that no workspace CA signed.
        try FileManager.default.createDirectory(atPath: scratch.path + "/untrusted", withIntermediateDirectories: true)
        let selfSigned = try await AsyncProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["openssl",
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=untrusted.axiom.local",
            "-addext", "subjectAltName=DNS:*.axiom.local,IP:127.0.0.1",
            "-keyout", scratch.path + "/untrusted/key.pem", "-out", scratch.path + "/untrusted/cert.pem",
        ])
        try #require(selfSigned.status == 0, "\(selfSigned.stderr)")
        _ = try await AsyncProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["chmod", "644", scratch.path + "/untrusted/key.pem"])

        let postgresScript = { (hba: String) in
            """
            echo "$PGPW" > /tmp/pw && \(postgresBin)/initdb -D /tmp/data -U postgres --auth=scram-sha-256 --pwfile=/tmp/pw \
            --no-locale -E UTF8 >/tmp/initdb.log 2>&1 || { cat /tmp/initdb.log; exit 1; }
            echo '\(hba)' >> /tmp/data/pg_hba.conf
            exec \(postgresBin)/postgres -D /tmp/data -c listen_addresses='*' -c unix_socket_directories=/tmp
            """
        }
        let postgresMounts = HealthRealServerTests.libraries + [
            "-v", "/usr/share/postgresql:/usr/share/postgresql:ro", "-v", "/usr/share/zoneinfo:/usr/share/zoneinfo:ro",
            "-v", "/etc/passwd:/etc/passwd:ro", "-v", "/etc/group:/etc/group:ro",
        ]
        let web = """
            mkdir -p /www/cgi-bin && echo ok > /www/health
            printf '#!/bin/sh\\nsleep 1.5\\nprintf "Content-Type: text/plain\\\\r\\\\n\\\\r\\\\nslow\\\\n"\\n' > /www/cgi-bin/slow
            printf '#!/bin/sh\\nprintf "Status: 500 Internal Server Error\\\\r\\\\nContent-Type: text/plain\\\\r\\\\n\\\\r\\\\nfail\\\\n"\\n' > /www/cgi-bin/fail
            chmod 755 /www/cgi-bin/slow /www/cgi-bin/fail
            exec httpd -f -p 8080 -h /www
            """
        let runs: [(String, [String])] = [
            ("pg", ["--user", ids, "-e", "PGPW=correct-horse-battery", "-p", "127.0.0.1::5432"] + postgresMounts
                + [HealthRealServerTests.image, "sh", "-c", postgresScript("host all all all scram-sha-256")]),
            ("pg-reject", ["--user", ids, "-e", "PGPW=correct-horse-battery", "-p", "127.0.0.1::5432"] + postgresMounts
                + [HealthRealServerTests.image, "sh", "-c", postgresScript("host all all all reject")]),
            ("redis", ["-p", "127.0.0.1::6379", "-p", "127.0.0.1::6380"] + HealthRealServerTests.libraries
                + ["-v", "/usr/bin/redis-server:/usr/bin/redis-server:ro", HealthRealServerTests.image, "sh", "-c",
                   "redis-server --port 6380 --requirepass s3cret-redis --protected-mode no --save '' & exec redis-server --port 6379 --protected-mode no --save ''"]),
            ("web", ["-p", "127.0.0.1::8080", "--health-cmd", "wget -q -O /dev/null http://127.0.0.1:8080/health",
                     "--health-interval", "1s", "--health-retries", "1", HealthRealServerTests.image, "sh", "-c", web]),
            ("silent", ["-p", "127.0.0.1::8080", "-p", "127.0.0.1::9090", HealthRealServerTests.image, "sh", "-c",
                        "exec nc -ll -p 8080 -e sleep 100000"]),
            ("sick", ["--health-cmd", "echo 'db connection failed: password=\(healthCheckSecret)'; exit 1",
                      "--health-interval", "1s", "--health-retries", "1", HealthRealServerTests.image, "sleep", "100000"]),
            ("exited", [HealthRealServerTests.image, "sh", "-c", "exit 3"]),
            ("tls", ["-p", "127.0.0.1::8443"] + HealthRealServerTests.libraries + [
                "-v", "/usr/bin/openssl:/usr/bin/openssl:ro", "-v", "\(workspace)/forge/certs:/certs:ro", HealthRealServerTests.image,
                "openssl", "s_server", "-quiet", "-accept", "8443", "-cert", "/certs/axiom.local.pem", "-key", "/certs/axiom.local-key.pem", "-www",
            ]),
            ("tls-untrusted", ["-p", "127.0.0.1::8443"] + HealthRealServerTests.libraries + [
                "-v", "/usr/bin/openssl:/usr/bin/openssl:ro", "-v", "\(scratch.path)/untrusted:/certs:ro", HealthRealServerTests.image,
                "openssl", "s_server", "-quiet", "-accept", "8443", "-cert", "/certs/cert.pem", "-key", "/certs/key.pem", "-www",
            ]),
        ]
        let containers = runs.map { name($0.0) }
        let failures = await withTaskGroup(of: String?.self) { group in
            for (suffix, arguments) in runs {
                group.addTask {
                    do {
                        let outcome = try await AsyncProcess.docker(
                            ["run", "-d", "--name", name(suffix), "--label", "infractl-test=health"] + arguments)
                        return outcome.status == 0 ? nil : "docker run \(suffix) failed: \(outcome.stderr)"
                    } catch {
                        return "docker run \(suffix) failed: \(error)"
                    }
                }
            }
            var failures: [String] = []
            for await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        let platform = Platform(prefix: prefix, workspace: workspace, scratch: scratch, containers: containers)
        guard failures.isEmpty else {
            await platform.remove()
            throw ReadinessError(message: failures.joined(separator: "\n"))
        }
        do {
            try await platform.configure()
        } catch {
            await platform.remove()
            throw error
        }
        return platform
    }

    /// Writes the workspace with the ports the engine published, then waits for the servers.
    func configure() async throws {
        var ports: [String: Int] = [:]
        for (key, container, port) in [
            ("pg", "pg", 5432), ("pg-reject", "pg-reject", 5432), ("redis", "redis", 6379), ("redis-auth", "redis", 6380),
            ("web", "web", 8080), ("silent", "silent", 8080), ("nothing-behind", "silent", 9090), ("tls", "tls", 8443),
            ("tls-untrusted", "tls-untrusted", 8443),
        ] {
            ports[key] = try await Self.publishedPort(name(container), port)
        }
        try scratch.write("ws/.dev/infra/registry.yml", Self.registry(prefix: prefix, ports: ports))
        try scratch.write("ws/apps/test/docker-compose.yml", """
            services:
              pg:
                image: \(HealthRealServerTests.image)
                container_name: \(name("pg"))
                environment:
                  POSTGRES_USER: postgres
                  POSTGRES_PASSWORD: \(Self.wrongPassword)
            """)
        try await waitUntilReady(ports: ports)
    }

    static func registry(prefix: String, ports: [String: Int]) -> String {
        func name(_ suffix: String) -> String { "\(prefix)-\(suffix)" }
        func port(_ key: String) -> Int { ports[key] ?? 0 }
        return """
            version: 1
            platform: HEALTHTEST
            apps:
              forge: { ports: 1-65535 }
              shop: { ports: 1-65535 }
            port_registry:
              allocated:
                \(port("tls")): { service: \(name("tls")), app: shop, type: frontend, internal_port: 8443, protocol: https }
                \(port("tls-untrusted")): { service: \(name("tls-untrusted")), app: shop, type: frontend, internal_port: 8443, protocol: https }
            services:
              forge:
                dev:
                  - { name: traefik, type: proxy, compose_file: forge/docker-compose.traefik.yml, health: { probe: docker } }
                  - { name: \(name("pg")), type: database, ports: [\(port("pg"))], compose_file: apps/test/docker-compose.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: postgres } }
                  - { name: \(name("pg-reject")), type: database, ports: [\(port("pg-reject"))], compose_file: apps/test/other.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: postgres } }
                  - { name: \(name("redis")), type: cache, ports: [\(port("redis"))], compose_file: apps/test/other.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: redis } }
                  - { name: \(name("redis-auth")), type: cache, ports: [\(port("redis-auth"))], compose_file: apps/test/other.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: redis } }
              shop:
                dev:
                  - { name: \(name("web")), type: api, ports: [\(port("web"))], compose_file: apps/test/other.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: http, path: /health } }
                  - { name: \(name("web-slow")), type: api, ports: [\(port("web"))], compose_file: apps/test/other.yml, health: { timeout_ms: 10000, probe: http, path: /cgi-bin/slow } }
                  - { name: \(name("web-fail")), type: api, ports: [\(port("web"))], compose_file: apps/test/other.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: http, path: /cgi-bin/fail } }
                  - { name: \(name("silent")), type: api, ports: [\(port("silent"))], compose_file: apps/test/other.yml, health: { probe: http, path: /health, timeout_ms: 1000 } }
                  - { name: \(name("silent-tcp")), type: api, ports: [\(port("silent"))], compose_file: apps/test/other.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: tcp } }
                  - { name: \(name("nothing-behind")), type: api, ports: [\(port("nothing-behind"))], compose_file: apps/test/other.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: tcp } }
                  - { name: \(name("sick")), type: worker, compose_file: apps/test/other.yml, health: { probe: docker } }
                  - { name: \(name("exited")), type: worker, compose_file: apps/test/other.yml, health: { probe: docker } }
                  - { name: \(name("tls")), type: frontend, ports: [\(port("tls"))], domain: \(prefix).axiom.local, compose_file: apps/test/other.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: http, path: / } }
                  - { name: \(name("tls-untrusted")), type: frontend, ports: [\(port("tls-untrusted"))], domain: untrusted.axiom.local, compose_file: apps/test/other.yml, health: { timeout_ms: 10000, degraded_ms: 10000, probe: http, path: / } }
            rules:
              shared_apps: [forge]
            """
    }

    /// Waits for PostgreSQL (initdb takes a few seconds), the other servers, and the Docker
    /// health checks to have a verdict.
    func waitUntilReady(ports: [String: Int]) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        let probes: [(String, ProbeTarget)] = [
            ("pg", ProbeTarget(request: .postgres(user: "postgres", database: "postgres"), port: ports["pg"] ?? 0)),
            ("pg-reject", ProbeTarget(request: .postgres(user: "postgres", database: "postgres"), port: ports["pg-reject"] ?? 0)),
            ("redis", ProbeTarget(request: .redis, port: ports["redis"] ?? 0)),
            ("redis-auth", ProbeTarget(request: .redis, port: ports["redis-auth"] ?? 0)),
        ] + ["web", "silent", "tls", "tls-untrusted"].map { ($0, ProbeTarget(request: .tcp, port: ports[$0] ?? 0)) }
        func answers(_ target: ProbeTarget) async -> Bool {
            switch target.request {
            case .redis: await RedisProbe().check(target).succeeded
            case .postgres: await PostgresProbe().check(target).succeeded
            default: await TCPProbe().check(target).succeeded
            }
        }
        for (key, target) in probes {
            while !(await answers(target)) {
                guard ContinuousClock.now < deadline else {
                    let logs = try? await AsyncProcess.docker(["logs", "--tail", "20", name(key == "redis-auth" ? "redis" : key)])
                    throw ReadinessError(message: "\(key) never answered: \(logs?.stdout ?? "")\(logs?.stderr ?? "")")
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        for (container, wanted) in [("web", "healthy"), ("sick", "unhealthy")] {
            while try await AsyncProcess.docker(["inspect", "--format", "{{.State.Health.Status}}", name(container)])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines) != wanted {
                guard ContinuousClock.now < deadline else { throw ReadinessError(message: "\(container) never became \(wanted)") }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    func remove() async {
        _ = try? await AsyncProcess.docker(["rm", "-f"] + containers)
    }

    static func publishedPort(_ container: String, _ port: Int) async throws -> Int {
        let answer = try await AsyncProcess.docker(["port", container, "\(port)/tcp"])
        let line = answer.stdout.split(separator: "\n").first { $0.hasPrefix("127.0.0.1:") } ?? ""
        guard let number = line.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw ReadinessError(message: "no published port \(port) for \(container): \(answer.stdout)\(answer.stderr)")
        }
        return number
    }

    /// `uid:gid` of a host user, numeric (the image's own passwd lacks it).
    static func passwdIDs(_ user: String) throws -> String {
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        for line in passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count > 3, fields[0] == user { return "\(fields[2]):\(fields[3])" }
        }
        throw ReadinessError(message: "no user \(user) in /etc/passwd")
    }

    struct ReadinessError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
