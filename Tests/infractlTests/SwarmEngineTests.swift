import Foundation
import Testing
import TestSupport

/// `up`, `health`, `diagnose` and `down` with `--target swarm` on a real single-node swarm:
/// tiers deployed with `docker stack deploy` from the files infractl renders, a task that
/// cannot start diagnosed with its error, and nothing left behind. The suite joins the engine
/// to a swarm of its own when it is in none and leaves it afterwards, so the Compose tests
/// see the engine as they found it. Ports are published in host mode: this machine's ingress
/// routing mesh does not answer (README, "On a cluster: Docker Swarm"). A second node runs as a
/// container with the host's `dockerd`.
@Suite("swarm on a real engine", .requires(.dockerEngine), .requires(.dockerCompose), .serialized)
struct SwarmEngineTests {
    static let image = EngineLab.image

    @Test("tiers deploy and turn healthy in order, .env reaches the service, a missing image is diagnosed, down removes everything")
    func stackLifecycle() async throws {
        try await Self.onSwarm {
            try await EngineLab.run("swarm") { lab in
                do {
                    try await Self.scenario(lab)
                } catch {
                    await Self.removeStacks(of: lab)
                    throw error
                }
                await Self.removeStacks(of: lab)
            }
        }
    }

    @Test("a second node: a service pinned to it while it is drained is diagnosed with the node to reactivate, then runs there and counts as running")
    func placementOnASecondNode() async throws {
        try await Self.onSwarm {
            try await EngineLab.run("swarm2") { lab in
                let worker = try await SwarmWorker.start(name: "\(lab.id)-node2")
                do {
                    try await Self.placement(lab, worker: worker)
                } catch {
                    await Self.removeStacks(of: lab)
                    await worker.remove()
                    throw error
                }
                await Self.removeStacks(of: lab)
                await worker.remove()
            }
        }
    }

    static func placement(_ lab: EngineLab, worker: SwarmWorker) async throws {
        let id = lab.id
        try lab.write(".dev/infra/registry.yml", """
            version: 1
            platform: LAB
            orchestrator: swarm
            apps:
              lab: { ports: 1024-65535 }
            services:
              lab:
                dev:
                  - { name: \(id)-pinned, type: worker, compose_file: apps/lab/docker-compose.yml }
            startup_order:
              - { tier: 5, types: [worker] }
            """)
        try lab.write("apps/lab/docker-compose.yml", """
            name: \(id)-app
            services:
              \(id)-pinned:
                image: \(Self.image)
                command: ["sleep", "3600"]
                deploy:
                  placement:
                    constraints: [node.hostname == \(worker.hostname)]
            """)
        let drained = try await AsyncProcess.docker(["node", "update", "--availability", "drain", worker.hostname])
        try #require(drained.status == 0, "\(drained.stderr)")

        let refused = try await AsyncProcess.infractl(["up", "--workspace", lab.root, "--format", "json", "--timeout", "60"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        let findings = try Self.json(refused.stdout)["findings"] as? [[String: Any]] ?? []
        let up = findings.first { $0["rule"] as? String == "UP001" }
        #expect((up?["evidence"] as? [String] ?? []).contains { $0.contains("no suitable node") }, "\(findings)")
        let diagnosed = try #require(findings.first { $0["rule"] as? String == "RUN010" }, "\(findings)")
        #expect(diagnosed["line"] as? Int == (try lab.line(of: "constraints:", in: "apps/lab/docker-compose.yml")))
        #expect((diagnosed["evidence"] as? [String] ?? []).contains("Node \(worker.hostname) (worker): ready, drain"), "\(diagnosed)")
        let fix = (diagnosed["fix"] as? [String: Any])?["explanation"] as? String ?? ""
        #expect(fix.contains("docker node update --availability active \(worker.hostname)"), "\(fix)")

        // The node back, the task runs there: no container on this engine, yet running.
        let active = try await AsyncProcess.docker(["node", "update", "--availability", "active", worker.hostname])
        try #require(active.status == 0, "\(active.stderr)")
        let up2 = try await AsyncProcess.infractl(["up", "--workspace", lab.root, "--format", "json", "--timeout", "60"])
        #expect(up2.status == 0, "\(up2.stdout)\(up2.stderr)")
        let nodes = try await AsyncProcess.docker(["service", "ps", "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}", "\(id)-app_\(id)-pinned"])
        #expect(nodes.stdout.hasPrefix("\(worker.hostname) Running"), "\(nodes.stdout)")
        let local = try await AsyncProcess.docker(["ps", "-q", "--filter", "label=com.docker.swarm.service.name=\(id)-app_\(id)-pinned"])
        #expect(local.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "the task's container is on the other node")
        let diagnose = try await lab.diagnose()
        #expect(diagnose.status == 0, "\(diagnose.output.findings)")
        let health = try await AsyncProcess.infractl(["health", "--workspace", lab.root, "--format", "json"])
        #expect(health.status == 0, "\(health.stdout)\(health.stderr)")
        let down = try await AsyncProcess.infractl(["down", "--workspace", lab.root])
        #expect(down.status == 0, "\(down.stdout)\(down.stderr)")
    }

    /// Whatever a failed scenario left: the lab's stacks, waited for so its network can go.
    static func removeStacks(of lab: EngineLab) async {
        _ = try? await AsyncProcess.docker(["stack", "rm", "--detach=false", "\(lab.id)-forge", "\(lab.id)-app"])
    }

    static func scenario(_ lab: EngineLab) async throws {
        let id = lab.id
        let port = try EngineLab.freePort()
        let stacks = ["\(id)-forge", "\(id)-app"]
        try lab.write(".dev/infra/registry.yml", Self.registry(lab, port: port, broken: false))
        try lab.write("forge/docker-compose.yml", """
            name: \(id)-forge
            services:
              db:
                container_name: \(id)-db
                image: \(Self.image)
                init: true
                command: ["httpd", "-f", "-p", "5432"]
                networks: [\(lab.network)]
                healthcheck:
                  test: ["CMD", "true"]
                  interval: 1s
            networks:
              \(lab.network): { external: true }
            """)
        // GREETING is defined only in .env: `docker stack deploy` of this file would leave it blank.
        try lab.write("apps/lab/.env", "GREETING=rendered-by-infractl\n")
        try lab.write("apps/lab/docker-compose.yml", """
            name: \(id)-app
            services:
              web:
                container_name: \(id)-web
                image: \(Self.image)
                init: true
                command: ["sh", "-c", "mkdir -p /srv && echo \\"$$GREETING\\" > /srv/greeting && exec httpd -f -p 8080 -h /srv"]
                environment:
                  GREETING: ${GREETING}
                ports:
                  - { target: 8080, published: \(port), mode: host }
                mem_limit: 32m
                restart: unless-stopped
                networks: [\(lab.network)]
                healthcheck:
                  test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/greeting"]
                  interval: 1s
              broken:
                container_name: \(id)-broken
                image: infractl-test/never-built:1
                networks: [\(lab.network)]
            networks:
              \(lab.network): { external: true }
            """)

        // Up: the network created as an attachable overlay, tier 1 running before tier 5 deploys.
        let up = try await AsyncProcess.infractl(["up", "--workspace", lab.root, "--format", "json", "--timeout", "120"])
        #expect(up.status == 0, "\(up.stdout)\(up.stderr)")
        let report = try Self.json(up.stdout)
        let steps = (report["steps"] as? [[String: Any]] ?? []).map { "\($0["action"] ?? "")/\($0["target"] ?? "")/\($0["status"] ?? "")" }
        #expect(steps == ["check-ports/host/ok", "create-network/\(lab.network)/ok", "stack-deploy/\(id)-forge/ok", "stack-deploy/\(id)-app/ok"], "\(steps)")
        let network = try await AsyncProcess.docker(["network", "inspect", "--format", "{{.Driver}} {{.Scope}} {{.Attachable}}", lab.network])
        #expect(network.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "overlay swarm true")
        let created = try await AsyncProcess.docker(["service", "inspect", "--format", "{{.CreatedAt.Unix}}", "\(id)-forge_db", "\(id)-app_web"])
        let times = created.stdout.split(separator: "\n").compactMap { Int($0) }
        #expect(times.count == 2 && times[0] <= times[1], "tier 1 is created first: \(created.stdout)")
        let environment = try await AsyncProcess.docker(["service", "inspect", "--format", "{{json .Spec.TaskTemplate.ContainerSpec.Env}}", "\(id)-app_web"])
        #expect(environment.stdout.contains("GREETING=rendered-by-infractl"), "\(environment.stdout)")
        let limit = try await AsyncProcess.docker(["service", "inspect", "--format", "{{.Spec.TaskTemplate.Resources.Limits.MemoryBytes}}", "\(id)-app_web"])
        #expect(limit.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(32 << 20)", "mem_limit carried to deploy.resources")
        let served = try await Self.fetch(port: port, path: "/greeting")
        #expect(served.contains("rendered-by-infractl"), "\(served)")

        // Health and diagnose read the tasks' containers as the registry's services.
        let health = try await AsyncProcess.infractl(["health", "--workspace", lab.root, "--format", "json"])
        #expect(health.status == 0, "\(health.stdout)\(health.stderr)")
        let diagnose = try await lab.diagnose()
        #expect(diagnose.status == 0, "\(diagnose.output.findings)")

        // A service whose image exists nowhere: its task is rejected, the tier fails at once with the task's error.
        try lab.write(".dev/infra/registry.yml", Self.registry(lab, port: port, broken: true))
        let failed = try await AsyncProcess.infractl(["up", "--workspace", lab.root, "--format", "json", "--timeout", "120"])
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        let findings = try Self.json(failed.stdout)["findings"] as? [[String: Any]] ?? []
        let upFailure = findings.first { $0["rule"] as? String == "UP001" }
        #expect((upFailure?["evidence"] as? [String] ?? []).contains { $0.contains("rejected: No such image: infractl-test/never-built:1") }, "\(findings)")
        let diagnosed = findings.first { $0["rule"] as? String == "RUN010" }
        #expect(diagnosed?["service"] as? String == "\(id)-broken", "\(findings)")
        #expect(diagnosed?["line"] as? Int == (try lab.line(of: "image: infractl-test/never-built:1", in: "apps/lab/docker-compose.yml")))
        let swarmDiagnosis = try await lab.diagnose(["--target", "swarm", "\(id)-broken"])
        #expect(swarmDiagnosis.output.findings(of: "\(id)-broken").map(\.rule) == ["RUN010"])

        // Down: every service, container and stack network gone, the external network kept.
        let down = try await AsyncProcess.infractl(["down", "--workspace", lab.root, "--format", "json"])
        #expect(down.status == 0, "\(down.stdout)\(down.stderr)")
        for stack in stacks {
            let services = try await AsyncProcess.docker(["service", "ls", "-q", "--filter", "label=com.docker.stack.namespace=\(stack)"])
            #expect(services.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(stack): \(services.stdout)")
            let containers = try await AsyncProcess.docker(["ps", "-aq", "--filter", "label=com.docker.stack.namespace=\(stack)"])
            #expect(containers.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(stack): \(containers.stdout)")
        }
        #expect(try await AsyncProcess.docker(["network", "inspect", lab.network]).status == 0, "the external network stays")
    }

    static func registry(_ lab: EngineLab, port: Int, broken: Bool) -> String {
        let id = lab.id
        return """
            version: 1
            platform: LAB
            orchestrator: swarm
            apps:
              forge: { ports: 1024-65535 }
              lab: { ports: 1024-65535 }
            networks:
              \(lab.network): { external: true, shared: true, driver: overlay, attachable: true }
            port_registry:
              allocated:
                \(port): { service: \(id)-web, app: lab, type: frontend, internal_port: 8080 }
            services:
              forge:
                dev:
                  - { name: \(id)-db, type: database, networks: [\(lab.network)], compose_file: forge/docker-compose.yml }
              lab:
                dev:
                  - { name: \(id)-web, type: frontend, ports: [\(port)], networks: [\(lab.network)], dependencies: [\(id)-db], compose_file: apps/lab/docker-compose.yml }
            \(broken ? "      - { name: \(id)-broken, type: worker, networks: [\(lab.network)], compose_file: apps/lab/docker-compose.yml }\n" : "")\
            startup_order:
              - { tier: 1, types: [database] }
              - { tier: 5, types: [frontend, worker] }
            rules:
              shared_apps: [forge]
            """
    }

    /// Makes the engine the manager of a swarm of its own when it is in none, advertised on the
    /// default bridge's gateway (a worker in a container reaches it there); whether it did.
    static func joinSwarm() async throws -> Bool {
        let state = try await AsyncProcess.docker(["info", "--format", "{{.Swarm.LocalNodeState}}"])
        guard state.stdout.trimmingCharacters(in: .whitespacesAndNewlines) != "active" else { return false }
        // The bridge's gateway, which the worker container reaches; an engine that restored its
        // bridge from an earlier run may report only the subnet, whose first address Docker
        // gives the gateway.
        let bridge = try await AsyncProcess.docker(["network", "inspect", "bridge", "--format", "{{(index .IPAM.Config 0).Gateway}} {{(index .IPAM.Config 0).Subnet}}"])
        let fields = bridge.stdout.split(separator: " ", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var address = fields.first ?? ""
        if address.isEmpty, let subnet = fields.last, let network = subnet.split(separator: "/").first {
            var octets = network.split(separator: ".").compactMap { Int($0) }
            if octets.count == 4 {
                octets[3] += 1
                address = octets.map(String.init).joined(separator: ".")
            }
        }
        let initialised = try await AsyncProcess.docker(["swarm", "init", "--advertise-addr", address.isEmpty ? "127.0.0.1" : address])
        try #require(initialised.status == 0, "docker swarm init: \(initialised.stderr)")
        return true
    }

    /// Runs `body` on a swarm of this engine's own, left afterwards when the suite made it.
    static func onSwarm(_ body: () async throws -> Void) async throws {
        let joined = try await joinSwarm()
        do {
            try await body()
        } catch {
            if joined { _ = try? await AsyncProcess.docker(["swarm", "leave", "--force"]) }
            throw error
        }
        if joined { _ = try? await AsyncProcess.docker(["swarm", "leave", "--force"]) }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// `GET path` on 127.0.0.1:port (Python's urllib), retried for a few seconds.
    static func fetch(port: Int, path: String) async throws -> String {
        for _ in 0..<20 {
            let result = try await AsyncProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode())", "http://127.0.0.1:\(port)\(path)"])
            if result.status == 0 { return result.stdout }
            try await Task.sleep(for: .milliseconds(250))
        }
        return ""
    }
}

/// A second swarm node on this machine: the host's own `dockerd` in a container (every
/// capability but CAP_SYS_RESOURCE, which this sandbox's bounding set lacks, so `--privileged`
/// cannot start), its storage on tmpfs, joined to the swarm as a worker with the test image
/// loaded into it.
struct SwarmWorker: Sendable {
    let container: String
    var hostname: String { container }

    static func start(name: String) async throws -> SwarmWorker {
        let worker = SwarmWorker(container: name)
        var arguments = [
            "run", "-d", "--name", name, "--hostname", name, "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
            "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw",
            "--tmpfs", "/var/lib/docker:exec", "--tmpfs", "/run", "--tmpfs", "/var/run", "--tmpfs", "/tmp",
        ]
        for path in ["/usr/sbin", "/usr/bin", "/usr/lib", "/lib", "/lib64", "/etc/alternatives"] where FileManager.default.fileExists(atPath: path) {
            arguments += ["-v", "\(path):\(path):ro"]
        }
        arguments += [EngineLab.image, "/usr/sbin/dockerd", "--storage-driver=vfs", "--iptables=false", "--bridge=none", "--host", "unix:///run/docker.sock"]
        let started = try await AsyncProcess.docker(arguments)
        try #require(started.status == 0, "the worker's dockerd did not start: \(started.stderr)")
        do {
            try await worker.join()
        } catch {
            // A worker that did not join is removed here: the caller has none to remove.
            await worker.remove()
            throw error
        }
        return worker
    }

    /// Waits for the worker's engine, loads the test image into it and joins it to the swarm.
    private func join() async throws {
        let worker = self, name = container
        var answered = false
        for _ in 0..<60 where !answered {
            answered = try await worker.docker(["info", "--format", "{{.ServerVersion}}"]).status == 0
            if !answered { try await Task.sleep(for: .milliseconds(250)) }
        }
        try #require(answered, "the worker's dockerd never answered")
        let loaded = try await AsyncProcess.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "docker save \"$0\" | docker exec -i \"$1\" /usr/bin/docker -H unix:///run/docker.sock load", EngineLab.image, name])
        try #require(loaded.status == 0, "the test image did not load into the worker: \(loaded.stderr)")
        let token = try await AsyncProcess.docker(["swarm", "join-token", "-q", "worker"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let address = try await AsyncProcess.docker(["info", "--format", "{{.Swarm.NodeAddr}}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let joined = try await worker.docker(["swarm", "join", "--token", token, "\(address):2377"])
        try #require(joined.status == 0, "the worker did not join the swarm at \(address): \(joined.stderr)")
    }

    /// `docker ARGS` against the worker's own engine.
    func docker(_ arguments: [String]) async throws -> AsyncProcess.Result {
        try await AsyncProcess.docker(["exec", container, "/usr/bin/docker", "-H", "unix:///run/docker.sock"] + arguments)
    }

    func remove() async {
        _ = try? await docker(["swarm", "leave", "--force"])
        _ = try? await AsyncProcess.docker(["rm", "-f", container])
        _ = try? await AsyncProcess.docker(["node", "rm", "--force", hostname])
    }
}
