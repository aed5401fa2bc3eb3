import Foundation
import InfraCore
import Testing

/// `infractl health` over HTTP against busybox `httpd` with CGI scripts that answer the way
/// embedded servers do (bare LF line ends, the body ended by closing, HTTP/1.0 without a
/// reason phrase, headers without a space after the colon), a CGI slower than its degraded
/// threshold, and a port that speaks SSH. Skipped without a Docker engine and the test image,
/// except in CI (`CI=true`), where it runs and fails.
@Suite(
    "HTTP probe against real servers",
    .enabled("needs a Docker engine and the test image infractl-test/busybox (scripts/test-env.sh)") { await TestEngine.runnable })
struct HTTPProbeRealServerTests {

    /// CGI scripts by name; busybox `httpd` writes `HTTP/1.1 200 OK\r\n` before a script's own
    /// lines unless they start with `HTTP` or `Status:`.
    static let scripts = [
        "lf": "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nok\\n'\n",
        "slow": "#!/bin/sh\nsleep 1.5\nprintf 'Content-Type: text/plain\\n\\nslow\\n'\n",
        "http10": "#!/bin/sh\nprintf 'HTTP/1.0 200\\n\\nok\\n'\n",
        "nospace": "#!/bin/sh\nprintf 'Content-Type:text/plain\\nX-Probe:yes\\n\\nok\\n'\n",
        "down": "#!/bin/sh\nprintf 'Status: 503 Service Unavailable\\n\\ndown\\n'\n",
    ]

    @Test func embeddedServerAnswersAreReadAsCurlReadsThem() async throws {
        let scratch = try Scratch()
        let prefix = "hpr-\(UUID().uuidString.prefix(8).lowercased())"
        for (name, text) in Self.scripts {
            try scratch.write("www/cgi-bin/\(name)", text)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.path + "/www/cgi-bin/\(name)")
        }
        try scratch.write("ssh/banner", "#!/bin/sh\nprintf 'SSH-2.0-OpenSSH_9.6p1 Debian-4\\r\\n'\nsleep 5\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.path + "/ssh/banner")
        for folder in ["", "/www", "/www/cgi-bin", "/ssh"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.path + folder)
        }
        let container = "\(prefix)-web"
        let run = try await AsyncProcess.docker([
            "run", "-d", "--name", container, "--label", "infractl-test=http-probe",
            "-p", "127.0.0.1::8080", "-p", "127.0.0.1::2222",
            "-v", "\(scratch.path)/www:/www:ro", "-v", "\(scratch.path)/ssh:/ssh:ro", EngineLab.image,
            "sh", "-c", "nc -ll -p 2222 -e /ssh/banner & exec httpd -f -p 8080 -h /www",
        ])
        try #require(run.status == 0, "docker run failed: \(run.stderr)")
        do {
            try await check(container: container, prefix: prefix, scratch: scratch)
        } catch {
            _ = try? await AsyncProcess.docker(["rm", "-f", container])
            throw error
        }
        _ = try? await AsyncProcess.docker(["rm", "-f", container])
    }

    func check(container: String, prefix: String, scratch: Scratch) async throws {
        let web = try await Platform.publishedPort(container, 8080)
        let ssh = try await Platform.publishedPort(container, 2222)
        try await Self.waitUntilServing(web)
        try await Self.waitUntilServing(ssh)
        let initialised = try await AsyncProcess.infractl(["init", "--example", "axiom", "ws"], directory: scratch.path)
        try #require(initialised.status == 0, "\(initialised.stderr)")
        func service(_ name: String, port: Int, path: String, degradedMs: Int = 10_000) -> String {
            "      - { name: \(prefix)-\(name), type: api, ports: [\(port)], compose_file: apps/test/docker-compose.yml, "
                + "health: { probe: http, path: \(path), timeout_ms: 10000, degraded_ms: \(degradedMs) } }"
        }
        let services = [
            service("lf", port: web, path: "/cgi-bin/lf"),
            service("slow", port: web, path: "/cgi-bin/slow", degradedMs: 500),
            service("http10", port: web, path: "/cgi-bin/http10"),
            service("nospace", port: web, path: "/cgi-bin/nospace"),
            service("down", port: web, path: "/cgi-bin/down"),
            service("ssh", port: ssh, path: "/"),
        ]
        try scratch.write("ws/.dev/infra/registry.yml", """
            version: 1
            platform: PROBETEST
            apps:
              shop: { ports: 1-65535 }
            services:
              shop:
                dev:
            \(services.joined(separator: "\n"))
            """)
        try scratch.write("ws/apps/test/docker-compose.yml", "services: {}\n")

        let result = try await AsyncProcess.infractl(
            ["health", "--workspace", scratch.path + "/ws", "--format", "json"],
            environment: ["DOCKER_HOST": "unix:///nonexistent/docker.sock"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
        let rows = try #require(object["services"] as? [[String: Any]])
        var byName: [String: (status: String, detail: String, latency: Int)] = [:]
        for row in rows {
            guard let name = row["name"] as? String else { continue }
            byName[String(name.dropFirst(prefix.count + 1))] = (
                row["status"] as? String ?? "", row["detail"] as? String ?? "", row["latency_ms"] as? Int ?? -1)
        }
        let summary = byName.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
        for name in ["lf", "http10", "nospace"] {
            #expect(byName[name]?.status == "healthy", "\(summary)")
            #expect(byName[name]?.detail == "HTTP 200", "\(summary)")
        }
        #expect(byName["slow"]?.status == "degraded", "\(summary)")
        #expect((byName["slow"]?.latency ?? 0) >= 1500, "\(summary)")
        #expect(byName["down"]?.status == "unhealthy", "\(summary)")
        #expect(byName["down"]?.detail == "HTTP 503 Service Unavailable", "\(summary)")
        #expect(byName["ssh"]?.status == "unhealthy", "\(summary)")
        #expect(byName["ssh"]?.detail == #"not HTTP: first bytes "SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n""#, "\(summary)")
        #expect(result.status == 1, "an unhealthy service fails the command")
        #expect(!result.stdout.contains("http_parser"), "\(result.stdout)")
    }

    /// Waits until a server behind the published port accepts connections (the engine's proxy
    /// accepts and closes while nothing listens behind it).
    static func waitUntilServing(_ port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !(await TCPProbe().check(ProbeTarget(request: .tcp, port: port)).succeeded) {
            guard ContinuousClock.now < deadline else { throw Platform.ReadinessError(message: "nothing served port \(port)") }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}

/// Whether engine tests run: always in CI (`CI=true`), where a missing engine or test image
/// must fail them; elsewhere only when the engine answers and has the test image.
enum TestEngine {
    static var runnable: Bool {
        get async {
            if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
            let image = try? await AsyncProcess.docker(["image", "inspect", "--format", "{{.Id}}", EngineLab.image])
            return image?.status == 0
        }
    }
}
