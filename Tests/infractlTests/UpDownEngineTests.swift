import Foundation
import Testing
import TestSupport

/// `infractl up` and `down` against the real engine and the real `docker compose`: a scratch
/// platform of two tiers whose busybox services turn healthy a few seconds after they start.
@Suite("up and down on the real engine", .serialized, .timeLimit(.minutes(10)))
struct UpDownEngineTests {
    /// Writes the platform: tier 1 (`<id>-db` publishing `dbPort`, `<id>-cache`) in project
    /// `<id>-base`, tier 2 (`<id>-web` publishing `webPort`) in project `<id>-web`, all on the
    /// lab's external network, which the test does not create.
    static func writePlatform(_ lab: EngineLab, dbPort: Int, webPort: Int, dbHealthy: Bool = true) throws {
        let id = lab.id
        try lab.write(".dev/infra/registry.yml", """
            version: 1
            platform: UPTEST
            apps:
              base: { ports: 1024-65535 }
              web: { ports: 1024-65535 }
            networks:
              \(lab.network): { external: true, shared: true }
            port_registry:
              allocated:
                \(dbPort): { service: \(id)-db, app: base, type: database, internal_port: 8080 }
                \(webPort): { service: \(id)-web, app: web, type: api, internal_port: 8080 }
            services:
              base:
                dev:
                  - { name: \(id)-db, type: database, ports: [\(dbPort)], networks: [\(lab.network)], compose_file: base/docker-compose.yml, health: { probe: docker } }
                  - { name: \(id)-cache, type: cache, networks: [\(lab.network)], compose_file: base/docker-compose.yml, health: { probe: docker } }
              web:
                dev:
                  - { name: \(id)-web, type: api, ports: [\(webPort)], networks: [default, \(lab.network)], dependencies: [\(id)-db], compose_file: web/docker-compose.yml, health: { probe: docker } }
            startup_order:
              - { tier: 1, name: Data stores, types: [database, cache] }
              - { tier: 2, name: Backends, types: [api] }
            """)
        // Healthy only once /tmp/ready exists, which the command creates after a delay.
        func service(_ key: String, delay: Int, port: Int?, networks: String, healthy: Bool = true) -> String {
            """
              \(key):
                image: \(EngineLab.image)
                container_name: \(id)-\(key)
                init: true
                stop_grace_period: 1s
                command: ["sh", "-c", "sleep \(delay); touch /tmp/ready; exec httpd -f -p 8080 -h /tmp"]
            \(port.map { "    ports: [\"\($0):8080\"]\n" } ?? "")    networks: \(networks)
                healthcheck:
                  test: ["CMD", "test", "-f", "\(healthy ? "/tmp/ready" : "/tmp/never")"]
                  interval: 1s
                  timeout: 1s
                  retries: \(healthy ? 30 : 2)

            """
        }
        try lab.write("base/docker-compose.yml", """
            name: \(id)-base
            services:
            \(service("db", delay: 3, port: dbPort, networks: "[shared]", healthy: dbHealthy))\(service("cache", delay: 2, port: nil, networks: "[shared]"))networks:
              shared: { external: true, name: \(lab.network) }
            """)
        try lab.write("web/docker-compose.yml", """
            name: \(id)-web
            services:
            \(service("web", delay: 2, port: webPort, networks: "[default, shared]"))networks:
              shared: { external: true, name: \(lab.network) }
            """)
        lab.adopt(composeFile: "web/docker-compose.yml")
        lab.adopt(composeFile: "base/docker-compose.yml")
    }

    struct Output: Decodable {
        struct Finding: Decodable {
            var rule: String
            var message: String
            var service: String?
            var port: Int?
            var evidence: [String]
        }

        struct Step: Decodable {
            var action: String
            var target: String
            var tier: Int?
            var status: String
            var command: String?
        }

        var command: String
        var result: String
        var findings: [Finding]
        var steps: [Step]
    }

    static func decode(_ result: AsyncProcess.Result) throws -> Output {
        do {
            return try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
        } catch {
            Issue.record("not the JSON report (exit \(result.status)): \(result.stdout)\n\(result.stderr)")
            throw error
        }
    }

    /// The containers whose name starts with the lab's id, running or not.
    static func containers(_ lab: EngineLab) async throws -> [String] {
        let result = try await AsyncProcess.docker(["ps", "-a", "--filter", "name=^\(lab.id)-", "--format", "{{.Names}}"])
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test(.requires(.dockerEngine), .requires(.dockerCompose))
    func upStartsTierByTierOnTheSharedNetworkAndDownRemovesTheContainers() async throws {
        try await EngineLab.run("up") { lab in
            try Self.writePlatform(lab, dbPort: try EngineLab.freePort(), webPort: try EngineLab.freePort())
            let id = lab.id

            // The engine's own record of the order: its event stream for the three containers,
            // from just before the start (`--since` replays what happened while it subscribed).
            let events = try ContainerEventStream(names: ["\(id)-db", "\(id)-cache", "\(id)-web"])
            let result = try await AsyncProcess.infractl(["up", "--workspace", lab.root, "--format", "json", "--timeout", "120"])
            let output = try Self.decode(result)
            #expect(result.status == 0, "up failed: \(result.stdout)\n\(result.stderr)")
            #expect(output.result == "pass")

            // The shared network was made by up, before any project.
            #expect(try await lab.inspect(lab.network, "{{.Name}}") == lab.network)
            #expect(output.steps.map(\.action) == ["check-ports", "create-network", "compose-up", "compose-up"])
            #expect(output.steps.map(\.tier) == [nil, nil, 1, 2])
            #expect(output.steps.last?.command?.contains("up --detach --wait") == true)
            #expect(try await Self.containers(lab) == ["\(id)-cache", "\(id)-db", "\(id)-web"])
            #expect(try await lab.inspect("\(id)-db", "{{.State.Health.Status}}") == "healthy")
            #expect(try await lab.inspect("\(id)-web", "{{.State.Health.Status}}") == "healthy")
            #expect(try await lab.inspect("\(id)-db", "{{json .NetworkSettings.Networks}}").contains(lab.network))

            // Tier 2 started only after every tier-1 container had turned healthy.
            let seen = await events.waitFor([("\(id)-web", "start"), ("\(id)-db", "health_status: healthy"), ("\(id)-cache", "health_status: healthy")])
            let webStart = try #require(seen["\(id)-web start"], "no start of \(id)-web in the engine's events:\n\(events.log)")
            for name in ["\(id)-db", "\(id)-cache"] {
                let healthy = try #require(seen["\(name) health_status: healthy"], "\(name) never turned healthy:\n\(events.log)")
                #expect(webStart > healthy, "\(id)-web started before \(name) was healthy:\n\(events.log)")
            }
            let webStarted = try #require(EngineTime.parse(try await lab.inspect("\(id)-web", "{{.State.StartedAt}}")))
            // And db cannot pass a probe before its 3 s delay, cache before 2 s.
            for (name, delay) in [("\(id)-db", 3.0), ("\(id)-cache", 2.0)] {
                let started = try #require(EngineTime.parse(try await lab.inspect(name, "{{.State.StartedAt}}")))
                #expect(webStarted > started.addingTimeInterval(delay), "\(id)-web started \(webStarted.timeIntervalSince(started)) s after \(name)")
            }

            // Again: the services' own containers hold their ports, which is no conflict.
            let again = try await AsyncProcess.infractl(["up", "--workspace", lab.root, "--format", "json"])
            #expect(again.status == 0, "second up failed: \(again.stdout)\n\(again.stderr)")
            #expect(try Self.decode(again).steps.map(\.action) == ["check-ports", "network-exists", "compose-up", "compose-up"])

            let down = try await AsyncProcess.infractl(["down", "--workspace", lab.root, "--format", "json"])
            #expect(down.status == 0, "down failed: \(down.stdout)\n\(down.stderr)")
            let steps = try Self.decode(down).steps
            #expect(steps.map(\.action) == ["compose-rm", "compose-rm", "compose-down", "compose-down"])
            #expect(steps.map(\.tier) == [2, 1, nil, nil])
            #expect(steps.map(\.target) == ["\(id)-web", "\(id)-base", "\(id)-web", "\(id)-base"])
            #expect(try await Self.containers(lab).isEmpty)
            // External networks stay; the project's own default network is gone.
            #expect(try await lab.inspect(lab.network, "{{.Name}}") == lab.network)
            #expect(try await lab.inspect("\(id)-web_default", "{{.Name}}") == "")
        }
    }

    @Test(.requires(.dockerEngine), .requires(.dockerCompose))
    func aTakenPortIsNamedBeforeAnythingStarts() async throws {
        try await EngineLab.run("upport") { lab in
            let listener = try ListeningSocket()
            defer { listener.close() }
            try Self.writePlatform(lab, dbPort: try EngineLab.freePort(), webPort: listener.port)

            let result = try await AsyncProcess.infractl(["up", "--workspace", lab.root, "--format", "json"])
            #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
            let output = try Self.decode(result)
            let finding = try #require(output.findings.first)
            #expect(output.findings.count == 1)
            #expect(finding.rule == "RUN007")
            #expect(finding.port == listener.port)
            #expect(finding.service == "\(lab.id)-web")
            // The holder is this test process, named with its pid.
            #expect(finding.message.contains("(pid \(getpid())) on 0.0.0.0:\(listener.port)/tcp"), "\(finding.message)")
            #expect(output.steps.map(\.action) == ["check-ports"])
            #expect(try await Self.containers(lab).isEmpty)
            #expect(try await lab.inspect(lab.network, "{{.Name}}") == "")

            // The text report says the same.
            let text = try await AsyncProcess.infractl(["up", "--workspace", lab.root, "--format", "text"])
            #expect(text.status == 1)
            #expect(text.stdout.contains("✗ ports: Port \(listener.port) is in use by"), "\(text.stdout)")
        }
    }

    @Test(.requires(.dockerEngine), .requires(.dockerCompose))
    func aTierThatTurnsUnhealthyStopsTheStartAndIsDiagnosed() async throws {
        try await EngineLab.run("upfail") { lab in
            try Self.writePlatform(lab, dbPort: try EngineLab.freePort(), webPort: try EngineLab.freePort(), dbHealthy: false)
            let result = try await AsyncProcess.infractl(["up", "--workspace", lab.root, "--format", "json", "--timeout", "60"])
            #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
            let output = try Self.decode(result)
            #expect(output.steps.map(\.action) == ["check-ports", "create-network", "compose-up"])
            #expect(output.steps.last?.status == "failed")
            #expect(output.findings.first?.rule == "UP001")
            // The diagnosis of the tier follows: the db container is unhealthy.
            #expect(output.findings.contains { $0.rule == "RUN003" && $0.service == "\(lab.id)-db" }, "\(output.findings.map(\.rule))")
            // Tier 2 never started.
            #expect(!(try await Self.containers(lab)).contains("\(lab.id)-web"))
        }
    }

    @Test func unknownAppIsAUsageError() async throws {
        let scratch = try Scratch()
        let root = try await scratch.axiom()
        let result = try await AsyncProcess.infractl(["up", "synapce", "--workspace", root])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown app 'synapce' (did you mean 'synapse'?)"), "\(result.stderr)")
    }
}

/// Timestamps as the engine writes them: RFC 3339 with up to nine fraction digits and `Z` or
/// the daemon's UTC offset.
enum EngineTime {
    static func parse(_ text: String) -> Date? {
        guard let match = text.wholeMatch(of: #/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)/#),
              let whole = ISO8601DateFormatter().date(from: "\(match.1)\(match.3)") else { return nil }
        let fraction = match.2.flatMap { Double("0" + $0) } ?? 0
        return whole.addingTimeInterval(fraction)
    }
}

/// `docker events` for some containers, streamed while a test acts: each event's time in
/// nanoseconds, container name and action (`start`, `health_status: healthy`, …), in the engine's
/// order. Names need not exist yet: the engine matches the filter on each event's name.
final class ContainerEventStream: Sendable {
    private let process: LaunchedProcess

    init(names: [String]) throws {
        // A second back, so that nothing between the subscription and now is missed.
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        process = try LaunchedProcess("docker", ["events", "--since", since, "--filter", "type=container"]
            + names.flatMap { ["--filter", "container=\($0)"] }
            + ["--format", "{{.TimeNano}} {{.Actor.Attributes.name}} {{.Action}}"])
    }

    /// The events so far, one a line.
    var log: String { process.stdout }

    /// The first time of each (name, action) seen, keyed "name action", once all of `wanted` have
    /// been seen or a minute has passed (the stream may lag behind the engine); stops the stream.
    func waitFor(_ wanted: [(name: String, action: String)]) async -> [String: Int] {
        func parse(_ text: String) -> [String: Int] {
            var first: [String: Int] = [:]
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ", maxSplits: 2)
                guard fields.count == 3, let time = Int(fields[0]) else { continue }
                first["\(fields[1]) \(fields[2])"] = first["\(fields[1]) \(fields[2])"] ?? time
            }
            return first
        }
        _ = await process.waitForOutput(timeout: .seconds(60)) { text in
            let first = parse(text)
            return wanted.allSatisfy { first["\($0.name) \($0.action)"] != nil }
        }
        process.interrupt()
        return parse(await process.finish().stdout)
    }
}
