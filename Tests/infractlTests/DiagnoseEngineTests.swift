import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `infractl diagnose` against the real engine: each test builds a small workspace, brings it up
/// with the real `docker compose`, breaks it the way platforms break, and checks the rule, root
/// cause, evidence and fix line. Without an engine the tests are skipped, except in CI
/// (`CI=true`), where they fail. The tests run concurrently; names and ports are unique.
@Suite("diagnose on a real engine", .requires(.dockerEngine), .requires(.dockerCompose))
struct DiagnoseEngineTests {
    static let image = EngineLab.image

    /// A registry with a shared app `forge` and an app `lab`, both on any port.
    static func registry(_ lab: EngineLab, allocations: String = "", forge: String = "", services: String) -> String {
        """
        version: 1
        platform: LAB
        apps:
          forge: { ports: 1024-65535 }
          lab: { ports: 1024-65535 }
        networks:
          \(lab.network): { external: true, shared: true }
        port_registry:
          allocated:\(allocations.isEmpty ? " {}" : "\n" + allocations)
        services:
        \(forge.isEmpty ? "" : "  forge:\n    dev:\n" + forge)  lab:
            dev:
        \(services)
        rules:
          shared_apps: [forge]
        """
    }

    /// The forge project: a "database" (httpd listening on 5432) on the shared network,
    /// published on `port`.
    static func forgeCompose(_ lab: EngineLab, port: Int) -> String {
        """
        name: \(lab.id)-forge
        services:
          pg:
            container_name: \(lab.id)-pg
            image: \(image)
            init: true
            command: ["httpd", "-f", "-p", "5432"]
            ports: ["\(port):5432"]
            networks: [\(lab.network)]
        networks:
          \(lab.network):
            external: true
        """
    }

    static func forgeRegistry(_ lab: EngineLab, port: Int) -> (allocation: String, service: String) {
        (
            "    \(port): { service: \(lab.id)-pg, app: forge, type: database, internal_port: 5432 }",
            "      - { name: \(lab.id)-pg, type: database, ports: [\(port)], networks: [\(lab.network)], compose_file: forge/docker-compose.yml }\n"
        )
    }

    @Test("a container that exited with address already in use, and one not in the registry")
    func addressAlreadyInUse() async throws {
        try await EngineLab.run("addr") { lab in
            let id = lab.id
            try lab.write(".dev/infra/registry.yml", Self.registry(lab, services: """
                      - { name: \(id)-holder, type: other, networks: [default], compose_file: apps/lab/docker-compose.yml }
                      - { name: \(id)-clash, type: other, compose_file: apps/lab/docker-compose.yml }
                """))
            try lab.write("apps/lab/docker-compose.yml", """
                name: \(id)-app
                services:
                  holder:
                    container_name: \(id)-holder
                    image: \(Self.image)
                    init: true
                    command: ["httpd", "-f", "-p", "8080"]
                  clash:
                    container_name: \(id)-clash
                    image: \(Self.image)
                    init: true
                    network_mode: service:holder
                    command: ["httpd", "-f", "-p", "8080"]
                  extra:
                    container_name: \(id)-extra
                    image: \(Self.image)
                    init: true
                    command: ["sleep", "3600"]
                """)
            try await lab.up("apps/lab/docker-compose.yml")
            try await lab.waitUntil("\(id)-clash exited") { try await lab.inspect("\(id)-clash", "{{.State.Status}}") == "exited" }

            let (status, output, _) = try await lab.diagnose()
            #expect(status == 1)
            let clash = try #require(output.findings(of: "\(id)-clash").first)
            #expect(clash.rule == "RUN002")
            #expect(clash.message.hasPrefix("\(id)-clash: not running (exited 1)."))
            #expect(clash.message.contains("shares the network stack of holder"))
            #expect(clash.evidence.contains("httpd: bind: Address already in use"))
            #expect(clash.fix?.file == "apps/lab/docker-compose.yml")
            #expect(clash.fix?.line == (try lab.line(of: "network_mode:", in: "apps/lab/docker-compose.yml")))
            #expect(clash.fix?.replace?.contains("networks:") == true)
            #expect(clash.verify.contains { $0.hasPrefix("docker compose -f apps/lab/docker-compose.yml up -d clash") })
            #expect(output.isRoot(clash))
            #expect(output.findings(of: "\(id)-holder").isEmpty)

            let extra = try #require(output.findings(of: "\(id)-extra").first)
            #expect(extra.rule == "RUN004")
            #expect(extra.severity == "warning")
            #expect(extra.message == "\(id)-extra is running but not in the registry")
            #expect(extra.file == "apps/lab/docker-compose.yml")
            #expect(extra.line == (try lab.line(of: "  extra:", in: "apps/lab/docker-compose.yml")))
            #expect(extra.fix?.replace?.contains("- name: \(id)-extra") == true)
        }
    }

    @Test("a backend not on the shared network cannot resolve the database's name")
    func notOnTheSharedNetwork() async throws {
        try await EngineLab.run("net") { lab in
            let id = lab.id
            let port = try EngineLab.freePort()
            let forge = Self.forgeRegistry(lab, port: port)
            try lab.write(".dev/infra/registry.yml", Self.registry(lab, allocations: forge.allocation, forge: forge.service, services: """
                      - { name: \(id)-backend, type: worker, networks: [default, \(lab.network)], dependencies: [\(id)-pg], compose_file: apps/lab/docker-compose.yml }
                """))
            try lab.write("forge/docker-compose.yml", Self.forgeCompose(lab, port: port))
            try lab.write("apps/lab/docker-compose.yml", """
                name: \(id)-app
                services:
                  backend:
                    container_name: \(id)-backend
                    image: \(Self.image)
                    init: true
                    command: ["sh", "-c", "nc -w 2 \(id)-pg 5432 </dev/null; exit 1"]
                    networks: [default]
                """)
            try await lab.createNetwork()
            try await lab.up("forge/docker-compose.yml")
            try await lab.up("apps/lab/docker-compose.yml")
            try await lab.waitUntil("\(id)-backend exited") { try await lab.inspect("\(id)-backend", "{{.State.Status}}") == "exited" }

            let (status, output, _) = try await lab.diagnose()
            #expect(status == 1)
            let findings = output.findings(of: "\(id)-backend")
            #expect(findings.map(\.rule) == ["RUN005", "RUN002"])
            let network = try #require(findings.first)
            #expect(network.message.hasPrefix("\(id)-backend is not on \(lab.network)."))
            #expect(network.message.contains("It cannot resolve \(id)-pg"))
            #expect(network.evidence.contains("nc: bad address '\(id)-pg'"))
            #expect(network.fix?.file == "apps/lab/docker-compose.yml")
            #expect(network.fix?.line == (try lab.line(of: "networks: [default]", in: "apps/lab/docker-compose.yml")))
            #expect(network.fix?.replace == """
                services:
                  backend:
                    networks:
                      - default
                      - \(lab.network)
                networks:
                  \(lab.network):
                    external: true

                """)
            #expect(output.isRoot(network))
            let stopped = findings[1]
            #expect(stopped.message.hasPrefix("\(id)-backend: not running (exited 1)."))
            #expect(stopped.evidence.contains("nc: bad address '\(id)-pg'"))
            #expect(!output.isRoot(stopped))
            #expect(output.findings(of: "\(id)-pg").isEmpty)
        }
    }

    @Test("DATABASE_URL pointing at localhost, with its password masked")
    func localhostForTheDatabase() async throws {
        try await EngineLab.run("local") { lab in
            let id = lab.id
            let secret = "s3cr3t-pw-\(id.suffix(6))"
            let port = try EngineLab.freePort()
            let forge = Self.forgeRegistry(lab, port: port)
            try lab.write(".dev/infra/registry.yml", Self.registry(lab, allocations: forge.allocation, forge: forge.service, services: """
                      - { name: \(id)-backend, type: worker, networks: [default, \(lab.network)], dependencies: [\(id)-pg], compose_file: apps/lab/docker-compose.yml }
                """))
            try lab.write("forge/docker-compose.yml", Self.forgeCompose(lab, port: port))
            try lab.write("apps/lab/docker-compose.yml", """
                name: \(id)-app
                services:
                  backend:
                    container_name: \(id)-backend
                    image: \(Self.image)
                    init: true
                    environment:
                      DATABASE_URL: postgresql://app:\(secret)@localhost:5432/app
                    command: ["sh", "-c", "echo \\"connecting to $$DATABASE_URL\\"; nc -w 2 localhost 5432 </dev/null; exit 1"]
                    networks: [default, \(lab.network)]
                networks:
                  \(lab.network):
                    external: true
                """)
            try await lab.createNetwork()
            try await lab.up("forge/docker-compose.yml")
            try await lab.up("apps/lab/docker-compose.yml")
            try await lab.waitUntil("\(id)-backend exited") { try await lab.inspect("\(id)-backend", "{{.State.Status}}") == "exited" }

            let result = try await AsyncProcess.infractl(["diagnose", "--workspace", lab.root, "--format", "json"])
            #expect(result.status == 1)
            #expect(!result.stdout.contains(secret))
            let output = try JSONDecoder().decode(DiagnoseOutput.self, from: Data(result.stdout.utf8))
            let backend = try #require(output.findings(of: "\(id)-backend").first)
            #expect(backend.rule == "RUN002")
            #expect(backend.message.contains("It connects to 127.0.0.1, which inside a container is the container itself"))
            #expect(backend.message.contains("inside Docker use \(id)-pg:5432"))
            #expect(backend.evidence.contains("nc: can't connect to remote host (127.0.0.1): Connection refused"))
            #expect(backend.fix?.line == (try lab.line(of: "DATABASE_URL:", in: "apps/lab/docker-compose.yml")))
            #expect(backend.fix?.replace == "      DATABASE_URL: postgresql://app:****@\(id)-pg:5432/app")
            #expect(output.isRoot(backend))

            for format in ["markdown", "text", "sarif", "github"] {
                let other = try await AsyncProcess.infractl(["diagnose", "--workspace", lab.root, "--format", format])
                #expect(!other.stdout.contains(secret), "\(format) shows the secret")
                if format == "markdown" {
                    let headings = ["## Diagnosis Report — LAB", "### Current State", "### Root Cause", "### Evidence", "### Fix", "### Verification Commands"]
                    var position = other.stdout.startIndex
                    for heading in headings {
                        let found = try #require(other.stdout.range(of: heading, range: position..<other.stdout.endIndex), "no \(heading)")
                        position = found.upperBound
                    }
                    #expect(other.stdout.contains("- ❌ \(id)-backend: Not running (exited 1)"))
                    #expect(other.stdout.contains("- ✅ \(id)-pg: Running"))
                    #expect(other.stdout.contains("### Diagnosis Result: UNHEALTHY ❌"))
                }
            }
        }
    }

    @Test("a host port held by another container and by a plain process")
    func hostPortHeld() async throws {
        try await EngineLab.run("port") { lab in
            let id = lab.id
            let held = try ListeningSocket()
            defer { held.close() }
            let taken = try EngineLab.freePort()
            try lab.write(".dev/infra/registry.yml", Self.registry(lab, allocations: """
                    \(taken): { service: \(id)-web, app: lab, type: frontend, internal_port: 80 }
                    \(held.port): { service: \(id)-web2, app: lab, type: frontend, internal_port: 80 }
                """, services: """
                      - { name: \(id)-web, type: frontend, ports: [\(taken)], networks: [default], compose_file: apps/lab/docker-compose.yml }
                      - { name: \(id)-web2, type: frontend, ports: [\(held.port)], networks: [default], compose_file: apps/lab/docker-compose.yml }
                """))
            try lab.write("apps/lab/docker-compose.yml", """
                name: \(id)-app
                services:
                  web:
                    container_name: \(id)-web
                    image: \(Self.image)
                    init: true
                    command: ["httpd", "-f", "-p", "80"]
                    ports: ["\(taken):80"]
                  web2:
                    container_name: \(id)-web2
                    image: \(Self.image)
                    init: true
                    command: ["httpd", "-f", "-p", "80"]
                    ports: ["\(held.port):80"]
                """)
            try await lab.runContainer("\(id)-squatter", ["-p", "\(taken):80", Self.image, "httpd", "-f", "-p", "80"])
            let first = try await lab.up("apps/lab/docker-compose.yml", ["web"], allowFailure: true)
            #expect(first.status != 0, "the engine published a port that is taken")
            try await lab.up("apps/lab/docker-compose.yml", ["web2"], allowFailure: true)

            let (status, output, _) = try await lab.diagnose()
            #expect(status == 1)
            let web = output.findings(of: "\(id)-web")
            let byContainer = try #require(web.first)
            #expect(byContainer.rule == "RUN007")
            #expect(byContainer.message == "Port \(taken) is in use by container \(id)-squatter")
            #expect(byContainer.line == (try lab.line(of: "\"\(taken):80\"", in: "apps/lab/docker-compose.yml")))
            #expect(byContainer.fix?.explanation.contains("docker stop \(id)-squatter") == true)
            #expect(output.isRoot(byContainer))
            let stopped = try #require(web.first { $0.rule == "RUN002" })
            #expect(stopped.message.hasPrefix("\(id)-web: not running (exited"))
            #expect(stopped.evidence.contains { $0.hasPrefix("Engine error:") && $0.contains("\(taken)") })
            #expect(!output.isRoot(stopped))

            let byProcess = try #require(output.findings(of: "\(id)-web2").first)
            #expect(byProcess.rule == "RUN007")
            #expect(byProcess.message.hasPrefix("Port \(held.port) is in use by "))
            #expect(byProcess.message.contains("(pid \(getpid()))"))
            #expect(byProcess.message.hasSuffix("on 0.0.0.0:\(held.port)/tcp"))
            #expect(output.isRoot(byProcess))

            let squatter = try #require(output.findings(of: "\(id)-squatter").first)
            #expect(squatter.rule == "RUN004")
        }
    }

    @Test("an unhealthy container with its failing health-check output")
    func unhealthy() async throws {
        try await EngineLab.run("health") { lab in
            let id = lab.id
            let port = try EngineLab.freePort()
            try lab.write(".dev/infra/registry.yml", Self.registry(lab, allocations: """
                    \(port): { service: \(id)-api, app: lab, type: api, internal_port: 9090 }
                """, services: """
                      - { name: \(id)-api, type: api, ports: [\(port)], networks: [default], compose_file: apps/lab/docker-compose.yml }
                """))
            try lab.write("apps/lab/docker-compose.yml", """
                name: \(id)-app
                services:
                  api:
                    container_name: \(id)-api
                    image: \(Self.image)
                    init: true
                    command: ["httpd", "-f", "-p", "9090"]
                    ports: ["\(port):9090"]
                    healthcheck:
                      test: ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/ || exit 1"]
                      interval: 1s
                      timeout: 2s
                      retries: 2
                """)
            try await lab.up("apps/lab/docker-compose.yml")
            try await lab.waitUntil("\(id)-api unhealthy") { try await lab.inspect("\(id)-api", "{{.State.Health.Status}}") == "unhealthy" }

            let (status, output, _) = try await lab.diagnose()
            #expect(status == 1)
            let api = try #require(output.findings(of: "\(id)-api").first)
            #expect(api.rule == "RUN003")
            #expect(api.message.hasPrefix("\(id)-api: unhealthy. Its health check `wget -q -O /dev/null http://localhost:8080/ || exit 1` asks port 8080, but \(id)-api listens on 9090"))
            #expect(api.evidence.contains("Health check (exit 1): wget: can't connect to remote host (127.0.0.1): Connection refused"))
            #expect(api.fix?.line == (try lab.line(of: "healthcheck:", in: "apps/lab/docker-compose.yml")))
            #expect(api.fix?.replace?.contains("http://localhost:9090/") == true)
            #expect(output.services.first { $0.name == "\(id)-api" }?.summary == "Running, unhealthy")
        }
    }

    @Test("a dependency that is down comes first, with a constant number of Engine API calls")
    func dependencyDown() async throws {
        try await EngineLab.run("dep") { lab in
            let id = lab.id
            try lab.write(".dev/infra/registry.yml", Self.registry(lab, forge: """
                      - { name: \(id)-db, type: database, networks: [\(lab.network)], compose_file: forge/docker-compose.yml }

                """, services: """
                      - { name: \(id)-app, type: api, networks: [\(lab.network)], dependencies: [\(id)-db], compose_file: apps/lab/docker-compose.yml }
                      - { name: \(id)-client, type: worker, networks: [\(lab.network)], dependencies: [\(id)-db], compose_file: apps/lab/docker-compose.yml }
                """))
            try lab.write("forge/docker-compose.yml", """
                name: \(id)-forge
                services:
                  db:
                    container_name: \(id)-db
                    image: \(Self.image)
                    init: true
                    command: ["cat", "/etc/db/db.conf"]
                    networks: [\(lab.network)]
                networks:
                  \(lab.network):
                    external: true
                """)
            try lab.write("apps/lab/docker-compose.yml", """
                name: \(id)-app
                services:
                  app:
                    container_name: \(id)-app
                    image: \(Self.image)
                    init: true
                    command: ["sleep", "3600"]
                    networks: [\(lab.network)]
                  client:
                    container_name: \(id)-client
                    image: \(Self.image)
                    init: true
                    command: ["sh", "-c", "sleep 1; nc -w 2 \(id)-db 5432 </dev/null; exit 1"]
                    networks: [\(lab.network)]
                networks:
                  \(lab.network):
                    external: true
                """)
            try await lab.createNetwork()
            try await lab.up("forge/docker-compose.yml")
            try await lab.up("apps/lab/docker-compose.yml")
            try await lab.waitUntil("\(id)-db and \(id)-client exited") {
                let db = try await lab.inspect("\(id)-db", "{{.State.Status}}")
                let client = try await lab.inspect("\(id)-client", "{{.State.Status}}")
                return db == "exited" && client == "exited"
            }
            // A container up for under 5 s but created earlier counts as just restarted (one
            // inspect more); on a slow engine compose can start `app` that late. Past 5 s of
            // uptime the count below is exact.
            try await lab.waitUntil("\(id)-app up for 6 s") {
                let started = try await lab.inspect("\(id)-app", "{{.State.StartedAt}}")
                guard let date = ISO8601DateFormatter().date(from: String(started.prefix(19)) + "Z") else { return false }
                return Date().timeIntervalSince(date) > 6
            }

            let (status, output, stderr) = try await lab.diagnose(["--stats"])
            #expect(status == 1)
            let mine = output.findings.filter { $0.service?.hasPrefix(id) == true }
            #expect(mine.map { "\($0.rule) \($0.service ?? "")" } == ["RUN002 \(id)-db", "RUN008 \(id)-app", "RUN002 \(id)-client"])
            let db = try #require(mine.first)
            #expect(output.findings.first?.message == db.message)
            #expect(db.evidence.contains("cat: can't open '/etc/db/db.conf': No such file or directory"))
            #expect(output.isRoot(db))
            let app = mine[1]
            #expect(app.message == "\(id)-app depends on \(id)-db, which is not running")
            #expect(app.fix?.file == "forge/docker-compose.yml")
            #expect(app.fix?.line == (try lab.line(of: "  db:", in: "forge/docker-compose.yml")))
            #expect(!output.isRoot(app))
            let client = mine[2]
            #expect(client.message == "\(id)-client: not running (exited 1). It cannot reach \(id)-db, which is not running (exited 1).")
            #expect(client.evidence.contains("nc: bad address '\(id)-db'"))
            #expect(client.verify.first == "docker compose -f forge/docker-compose.yml up -d db")
            #expect(!output.isRoot(client))
            // version + list + networks + info, then inspect and logs of the two failing containers.
            #expect(stderr.contains("engine API: 8 requests"), "\(stderr)")
        }
    }

    @Test("a restart loop")
    func restartLoop() async throws {
        try await EngineLab.run("loop") { lab in
            let id = lab.id
            try lab.write(".dev/infra/registry.yml", Self.registry(lab, services: """
                      - { name: \(id)-loop, type: worker, networks: [default], compose_file: apps/lab/docker-compose.yml }
                """))
            try lab.write("apps/lab/docker-compose.yml", """
                name: \(id)-app
                services:
                  loop:
                    container_name: \(id)-loop
                    image: \(Self.image)
                    init: true
                    restart: always
                    command: ["sh", "-c", "echo 'panic: open /config/loop.yaml: no such file or directory' >&2; exit 1"]
                """)
            try await lab.up("apps/lab/docker-compose.yml")
            try await lab.waitUntil("\(id)-loop restarted more than 3 times") {
                (Int(try await lab.inspect("\(id)-loop", "{{.RestartCount}}")) ?? 0) > 3
            }

            let (status, output, _) = try await lab.diagnose()
            let findings = output.findings(of: "\(id)-loop")
            let loop = try #require(findings.first { $0.rule == "RUN009" })
            #expect(loop.severity == "warning")
            let count = try #require(loop.message.firstMatch(of: /restarted (\d+) times/).flatMap { Int($0.output.1) })
            #expect(count > 3)
            #expect(loop.evidence.contains("panic: open /config/loop.yaml: no such file or directory"))
            #expect(loop.fix?.replace?.contains(":/config/loop.yaml:ro") == true)
            #expect(loop.fix?.line == (try lab.line(of: "  loop:", in: "apps/lab/docker-compose.yml")))
            // Between two runs it is restarting (RUN002, an error); caught while up, only the warning.
            if findings.contains(where: { $0.rule == "RUN002" }) {
                #expect(status == 1)
                #expect(findings.first?.rule == "RUN002")
            }
        }
    }
}
