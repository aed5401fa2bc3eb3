import Foundation
import Testing
import TestSupport

/// `infractl stats` on the real engine: memory limits, CPU quotas, the stats endpoint, OOM
/// kills and slow health checks as the engine really reports them.
@Suite("stats on a real engine", .requires(.dockerEngine), .requires(.dockerCompose))
struct StatsEngineTests {
    static let image = EngineLab.image

    @Test("memory near its limit, CPU at its quota, an OOM kill and a slow health check")
    func pressure() async throws {
        try await EngineLab.run("stats") { lab in
            let id = lab.id
            let file = "apps/lab/docker-compose.yml"
            try lab.write(".dev/infra/registry.yml", DiagnoseEngineTests.registry(lab, services: """
                      - { name: \(id)-hog, type: worker, compose_file: \(file) }
                      - { name: \(id)-oom, type: worker, compose_file: \(file) }
                      - { name: \(id)-slow, type: worker, compose_file: \(file) }
                      - { name: \(id)-calm, type: worker, compose_file: \(file) }
                """))
            // busybox `tail -c N /dev/zero` keeps N bytes and one core busy (pitfalls.md); a
            // quota of 0.05 cores is saturated even on a machine busy with other tests.
            try lab.write(file, """
                name: \(id)-app
                services:
                  hog:
                    container_name: \(id)-hog
                    image: \(Self.image)
                    init: true
                    command: ["tail", "-c", "38500000", "/dev/zero"]
                    mem_limit: 40m
                    cpus: 0.05
                  oom:
                    container_name: \(id)-oom
                    image: \(Self.image)
                    init: true
                    # The engine (cgroup v1) watches for OOM kills only once the task has
                    # started: a process killed in its first milliseconds exits 137 with
                    # OOMKilled false (seen in CI). It waits a second before filling memory.
                    command: ["sh", "-c", "sleep 1 && exec tail -c 38500000 /dev/zero"]
                    mem_limit: 16m
                    # No swap: on a host with swap the limit alone lets the pages go there
                    # instead of ending in an OOM kill.
                    memswap_limit: 16m
                    mem_swappiness: 0
                  slow:
                    container_name: \(id)-slow
                    image: \(Self.image)
                    init: true
                    command: ["sleep", "3600"]
                    healthcheck:
                      test: ["CMD", "sleep", "1"]
                      interval: 1s
                      timeout: 1500ms
                  calm:
                    container_name: \(id)-calm
                    image: \(Self.image)
                    init: true
                    command: ["sleep", "3600"]
                    mem_limit: 64m
                """)
            try await lab.up(file)
            try await lab.waitUntil("\(id)-oom was OOM-killed", evidence: {
                let state = (try? await lab.inspect("\(id)-oom", "{{json .State}} memory={{.HostConfig.Memory}} swap={{.HostConfig.MemorySwap}}")) ?? ""
                let engine = (try? await AsyncProcess.docker(["info", "--format", "{{.CgroupVersion}} swap-limit={{.SwapLimit}} {{json .Warnings}}"]))?.stdout ?? ""
                return "\(state); engine: cgroup v\(engine)"
            }) { try await lab.inspect("\(id)-oom", "{{.State.OOMKilled}}") == "true" }
            try await lab.waitUntil("\(id)-slow has run its health check twice") {
                try await lab.inspect("\(id)-slow", "{{len .State.Health.Log}}").compare("2") != .orderedAscending
            }
            // Let hog fill its buffer (it holds ~37 MiB of its 40).
            try await Task.sleep(for: .seconds(2))

            // One sample of one second: on a machine busy with other tests the hog may wait for a
            // core and use less than its quota in it. Sampled again (at most 5 times) until it
            // shows what it does when it runs: the check itself is asserted below either way.
            var result = try await AsyncProcess.infractl(["stats", "--workspace", lab.root, "--format", "json"])
            var object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            func hogCPU(_ object: [String: Any]) -> Double {
                ((object["services"] as? [[String: Any]])?.first { $0["name"] as? String == "\(id)-hog" }?["cpu_percent"] as? Double) ?? 0
            }
            for _ in 0..<4 where hogCPU(object) < 90 {
                try await Task.sleep(for: .seconds(1))
                result = try await AsyncProcess.infractl(["stats", "--workspace", lab.root, "--format", "json"])
                object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            }
            #expect(result.status == 1, "PERF002 is an error: \(result.stderr)")
            let findings = try #require(object["findings"] as? [[String: Any]])
            func rules(_ service: String) -> [String] {
                findings.filter { $0["service"] as? String == "\(id)-\(service)" }.compactMap { $0["rule"] as? String }.sorted()
            }
            // PERF003 follows what the hog got. A machine whose own CPU is capped (a CI job in a
            // throttled cgroup) can starve it below its quota in every sample: seen at 64 % after
            // five. Then the rule must stay silent; its examples cover the saturated case.
            let hogShare = hogCPU(object)
            if hogShare < 90 {
                print("stats test: the hog reached \(hogShare) % of its quota in 5 samples (the machine kept it from its quota), so PERF003 is expected silent")
            }
            #expect(rules("hog") == (hogShare >= 90 ? ["PERF001", "PERF003"] : ["PERF001"]), "\(findings)")
            #expect(rules("oom") == ["PERF002"], "\(findings)")
            #expect(rules("slow") == ["PERF004"], "\(findings)")
            #expect(rules("calm").isEmpty, "\(findings)")

            // Each finding points at the line to change.
            let memory = try #require(findings.first { $0["rule"] as? String == "PERF001" })
            #expect(memory["file"] as? String == file)
            #expect(memory["line"] as? Int == (try lab.line(of: "mem_limit: 40m", in: file)))
            #expect((memory["fix"] as? [String: Any])?["replace"] as? String == "    mem_limit: 80m")
            let slow = try #require(findings.first { $0["rule"] as? String == "PERF004" })
            #expect(slow["line"] as? Int == (try lab.line(of: "timeout: 1500ms", in: file)))

            let services = try #require(object["services"] as? [[String: Any]])
            let hog = try #require(services.first { $0["name"] as? String == "\(id)-hog" })
            #expect(hog["memory_limit_bytes"] as? Int == 40 << 20)
            #expect((hog["memory_percent"] as? Double ?? 0) >= 90, "\(hog)")
            #expect(hog["cpu_limit_cores"] as? Double == 0.05)
            // Of its quota, not of one core: of one core a 0.05-core container shows at most 5 %.
            #expect((hog["cpu_percent"] as? Double ?? 0) >= 20, "\(hog)")
            #expect((hog["pids"] as? Int ?? 0) >= 1)
            let oom = try #require(services.first { $0["name"] as? String == "\(id)-oom" })
            #expect(oom["oom_killed"] as? Bool == true)
            #expect(oom["state"] as? String == "exited")
            let calm = try #require(services.first { $0["name"] as? String == "\(id)-calm" })
            #expect((calm["memory_percent"] as? Double ?? 100) < 10)
            let slowRow = try #require(services.first { $0["name"] as? String == "\(id)-slow" })
            #expect((slowRow["health_check_ms"] as? [Int] ?? []).allSatisfy { $0 >= 900 }, "\(slowRow)")
            #expect(slowRow["health_check_timeout_ms"] as? Int == 1500)

            // The Markdown report, and a service asked for by a wrong name.
            let markdown = try await AsyncProcess.infractl(["stats", "--workspace", lab.root, "--format", "markdown", "\(id)-calm"])
            #expect(markdown.status == 0, "\(markdown.stderr)")
            #expect(markdown.stdout.contains("## Performance Report — LAB"))
            #expect(markdown.stdout.contains("### Resource Usage"))
            let unknown = try await AsyncProcess.infractl(["stats", "--workspace", lab.root, "\(id)-clam"])
            #expect(unknown.status == 2)
            #expect(unknown.stderr.contains("did you mean '\(id)-calm'?"), "\(unknown.stderr)")

            // --watch without a terminal: a line per service and sample, exit 0 on SIGINT.
            let watcher = try LaunchedProcess(CLI.executable.path, ["stats", "--workspace", lab.root, "--watch", "1", "\(id)-calm", "\(id)-hog"])
            let twice = await watcher.waitForOutput(timeout: .seconds(60)) { $0.split(separator: "\n").count >= 4 }
            #expect(twice, "no second sample: \(watcher.stdout) \(watcher.stderr)")
            watcher.interrupt()
            let outcome = await watcher.finish()
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let lines = outcome.stdout.split(separator: "\n")
            #expect(lines.filter { $0.contains(" \(id)-calm running CPU ") && $0.contains("; memory ") }.count >= 2, "\(outcome.stdout)")
            #expect(lines.allSatisfy { $0.contains(" \(id)-calm ") || $0.contains(" \(id)-hog ") }, "\(outcome.stdout)")
        }
    }

    @Test("an engine that cannot be reached is exit 2 naming its address")
    func unreachableEngine() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let result = try await AsyncProcess.infractl(
            ["stats", "--workspace", workspace], environment: ["DOCKER_HOST": "unix:///nonexistent/docker.sock"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unix:///nonexistent/docker.sock"), "\(result.stderr)")
    }
}
