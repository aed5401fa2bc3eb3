import DockerEngine
import Foundation

/// RUN010: on a swarm, every registry service has its desired replicas running.
public struct SwarmServiceAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN010", name: "swarm-replicas",
        summary: "a swarm service has fewer replicas running than it wants",
        message: "{service}: {running} of {desired} replicas running: {task error}",
        rationale: """
            On a swarm (`--target swarm`) a registry service runs as the swarm service \
            `<stack>_<compose key>`, its replicas as tasks the managers place on nodes. When \
            fewer tasks run than the service wants, the newest task says why: `No such image` \
            (a stack cannot build, and every node must be able to pull the image), `no suitable \
            node` (a placement constraint no ready, active node meets, or a node drained or down), \
            `task: non-zero exit` (the container failed: its logs and the diagnosis of its \
            cause follow), or a rolling update that paused or rolled back (`UpdateStatus`). \
            `diagnose --target swarm` reads the services, tasks and nodes once (three requests, \
            whatever the number of services), names the failing task with its error and points at \
            the line to change: `image`, `deploy.placement.constraints`, `deploy.update_config`, \
            or the node to reactivate.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(
                ExamplePlatform.files(),
                engine: EngineExample(
                    [ExamplePlatform.postgres],
                    swarm: SwarmState(
                        services: [SwarmService(id: "s1", name: "prism_backend", image: "prism-backend:dev", mode: .replicated(replicas: 2))],
                        tasks: [
                            SwarmTask(id: "t1", serviceID: "s1", nodeID: "n1", slot: 1, state: "running", timestamp: "2027-01-15T08:00:00Z"),
                            SwarmTask(id: "t2", serviceID: "s1", nodeID: "n1", slot: 2, state: "running", timestamp: "2027-01-15T08:00:01Z"),
                        ],
                        nodes: [SwarmNode(id: "n1", hostname: "node-1")]))),
        ],
        triggeringExamples: [
            // The image exists on no node.
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev", with: "    1️⃣image: prism-backend:dev")),
                engine: EngineExample(
                    [ExamplePlatform.postgres],
                    swarm: SwarmState(
                        services: [SwarmService(id: "s1", name: "prism_backend", image: "prism-backend:dev")],
                        tasks: [
                            SwarmTask(
                                id: "t1", serviceID: "s1", nodeID: "n1", slot: 1, state: "rejected", desiredState: "shutdown",
                                error: "No such image: prism-backend:dev", timestamp: "2027-01-15T08:00:00Z"),
                        ],
                        nodes: [SwarmNode(id: "n1", hostname: "node-1")]))),
            // An update whose new tasks failed, paused with one replica short.
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    ports: [\"6000:8000\"]\n",
                    with: "    ports: [\"6000:8000\"]\n    deploy:\n      replicas: 2\n      1️⃣update_config: { parallelism: 1 }\n")),
                engine: EngineExample(
                    [ExamplePlatform.postgres],
                    swarm: SwarmState(
                        services: [SwarmService(
                            id: "s1", name: "prism_backend", image: "prism-backend:dev", mode: .replicated(replicas: 2),
                            updateStatus: SwarmService.UpdateStatus(state: "paused", message: "update paused due to failure or early termination of task t3"))],
                        tasks: [
                            SwarmTask(id: "t1", serviceID: "s1", nodeID: "n1", slot: 1, state: "running", timestamp: "2027-01-15T08:00:00Z"),
                            SwarmTask(id: "t2", serviceID: "s1", nodeID: "n1", slot: 2, state: "running", timestamp: "2027-01-15T08:00:01Z"),
                        ],
                        nodes: [SwarmNode(id: "n1", hostname: "node-1")]))),
            // Pinned to a node that is drained.
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    ports: [\"6000:8000\"]\n",
                    with: "    ports: [\"6000:8000\"]\n    deploy:\n      placement:\n        1️⃣constraints: [node.hostname == node-2]\n")),
                engine: EngineExample(
                    [ExamplePlatform.postgres],
                    swarm: SwarmState(
                        services: [SwarmService(id: "s1", name: "prism_backend", image: "prism-backend:dev", constraints: ["node.hostname == node-2"])],
                        tasks: [
                            SwarmTask(
                                id: "t1", serviceID: "s1", slot: 1, state: "pending",
                                error: "no suitable node (scheduling constraints not satisfied on 1 node; 1 node not available for new tasks)",
                                timestamp: "2027-01-15T08:00:00Z"),
                        ],
                        nodes: [SwarmNode(id: "n1", hostname: "node-1"), SwarmNode(id: "n2", hostname: "node-2", role: "worker", availability: "drain")]))),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        guard let swarm = context.snapshot.swarm else { return [] }
        return context.services.compactMap { service -> Finding? in
            guard let name = context.swarmName(of: service), let deployed = swarm.service(named: name) else { return nil }
            let tasks = swarm.tasks(of: deployed)
            let running = tasks.count(where: \.isRunning)
            let desired = deployed.wantedTasks ?? running
            let update = deployed.updateStatus.flatMap { ["paused", "rollback_completed", "rollback_paused"].contains($0.state) ? $0 : nil }
            guard running < desired || update != nil else { return nil }
            let failing = tasks.first { $0.hasFailed || !$0.error.isEmpty }
            return finding(service, deployed: deployed, running: running, desired: desired, failing: failing, update: update, context, swarm)
        }
    }

    private func finding(
        _ service: Registry.Service, deployed: SwarmService, running: Int, desired: Int, failing: SwarmTask?,
        update: SwarmService.UpdateStatus?, _ context: DiagnosisContext, _ swarm: SwarmState
    ) -> Finding {
        let compose = context.compose(of: service)?.service
        let definition = context.definition(of: service)
        var evidence = ["Swarm service \(deployed.name): \(running) of \(desired) replicas running"]
        for task in swarm.tasks(of: deployed).prefix(3) {
            let node = swarm.node(id: task.nodeID).map { " on \($0.hostname)" } ?? ""
            evidence.append("Task \(task.id.prefix(12))\(task.slot.map { " (slot \($0))" } ?? "")\(node): \(task.state)"
                + (task.error.isEmpty ? "" : ": \(task.error)") + (task.timestamp.isEmpty ? "" : " at \(task.timestamp.prefix(19))Z"))
        }
        if let update { evidence.append("Update \(update.state)" + (update.message.isEmpty ? "" : ": \(update.message)")) }
        let error = failing.map { $0.error.isEmpty ? $0.message : $0.error } ?? ""
        var verify = ["docker service ps --no-trunc \(deployed.name)", "docker service inspect --format '{{json .UpdateStatus}}' \(deployed.name)"]
        var message = "\(service.name): \(running) of \(desired) replica\(desired == 1 ? "" : "s") running"
        let location: SourceLocation
        let fix: Fix
        if error.contains("No such image") || error.contains("pull access denied") || error.contains("manifest unknown") {
            message += ": \(error). A stack cannot build, and every node that may run a task must be able to pull or hold the image."
            location = compose?.location(of: "image") ?? definition
            fix = Fix(
                file: location.file, line: location.line,
                explanation: "Push \(deployed.image) to a registry every node can reach (and deploy with `--with-registry-auth` if it needs a login), or load it on each node (`docker save \(deployed.image) | docker load` there); then `infractl up --target swarm \(service.app)`.")
            verify.insert("docker image inspect --format '{{.Id}}' \(deployed.image)", at: 0)
        } else if error.contains("no suitable node") {
            let unavailable = swarm.nodes.filter { !$0.acceptsTasks }
            evidence += swarm.nodes.map { "Node \($0.hostname) (\($0.role)): \($0.state), \($0.availability)" }
            if !deployed.constraints.isEmpty { evidence.append("Constraints: " + deployed.constraints.joined(separator: ", ")) }
            message += ": \(error)."
            location = compose?.swarmDeploy.constraintsLocation ?? compose?.location(of: "deploy") ?? definition
            let reactivate = unavailable.filter { $0.state == "ready" }.map { "`docker node update --availability active \($0.hostname)`" }
            fix = Fix(
                file: location.file, line: location.line,
                explanation: (reactivate.isEmpty ? "" : "Bring a drained or paused node back (\(reactivate.joined(separator: ", "))), or ")
                    + "correct `deploy.placement.constraints` so a ready, active node meets them (`docker node ls` shows the nodes and their labels).")
            verify.append("docker node ls")
        } else if let update {
            message += ": its update \(update.state == "paused" ? "paused" : "was rolled back")" + (update.message.isEmpty ? "" : " (\(update.message))") + "."
            location = compose?.swarmDeploy.updateConfigLocation ?? compose?.location(of: "deploy") ?? definition
            fix = Fix(
                file: location.file, line: location.line,
                explanation: "The new tasks failed (see the tasks above and their logs); correct the service, then deploy again. `deploy.update_config` with `failure_action: rollback` brings back the last version by itself.")
        } else {
            message += error.isEmpty ? ": its tasks have not started yet." : ": \(error)."
            location = definition
            fix = Fix(
                file: location.file, line: location.line,
                explanation: "Read the failed task's logs (`docker service logs \(deployed.name)`), correct the service, then `infractl up --target swarm \(service.app)`.")
            verify.insert("docker service logs --tail 50 \(deployed.name)", at: 0)
        }
        return Self.description.finding(
            message, at: location, service: service.name, app: service.app, evidence: Array(evidence.prefix(DiagnosisContext.evidenceLimit)),
            fix: fix, verify: verify)
    }
}

/// RUN011: on a swarm, a port the registry allocates is published by another swarm service.
public struct SwarmPortAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN011", name: "swarm-port-held",
        summary: "a port the registry allocates is published by another swarm service",
        message: "Port {port} of {service} is published by swarm service {other}",
        rationale: """
            A port published in the swarm's ingress mode (the default) is taken on every node of \
            the cluster, whichever node runs the task: the registry's port allocations are \
            cluster-wide on a swarm. When a service of another stack (or one created by hand) \
            publishes a port the registry gives to one of its services, that service's deploy \
            fails (`port already in use`) or, in host mode, its tasks find no node. The finding \
            names the service that holds the port and its stack; move one of the two (`infractl \
            ports allocate`) or remove the stray service.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(
                ExamplePlatform.files(),
                engine: EngineExample(
                    [ExamplePlatform.postgres],
                    swarm: SwarmState(services: [
                        SwarmService(id: "s1", name: "prism_backend", labels: ["com.docker.stack.namespace": "prism"], ports: [SwarmService.Port(targetPort: 8000, publishedPort: 6000)]),
                    ]))),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(of: "    ports: [\"6000:8000\"]", with: "    ports: [1️⃣\"6000:8000\"]")),
                engine: EngineExample(
                    [ExamplePlatform.postgres],
                    swarm: SwarmState(services: [
                        SwarmService(id: "s9", name: "legacy_web", labels: ["com.docker.stack.namespace": "legacy"], ports: [SwarmService.Port(targetPort: 80, publishedPort: 6000)]),
                    ]))),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        guard let swarm = context.snapshot.swarm else { return [] }
        let owners = context.matcher.bySwarmService
        var findings: [Finding] = []
        for service in context.services {
            let compose = context.compose(of: service)?.service
            for port in service.ports.map(\.value) {
                for holder in swarm.services where owners[holder.name] != service.name {
                    guard let published = holder.ports.first(where: { $0.publishedPort == port }) else { continue }
                    let entry = compose?.ports.first { $0.publishedPorts.contains(port) }
                    let location = entry?.location ?? context.registry.allocation(of: port)?.location ?? context.definition(of: service)
                    let other = holder.name + (holder.stack.map { " (stack \($0))" } ?? "")
                    findings.append(Self.description.finding(
                        "Port \(port) of \(service.name) is published by swarm service \(other)", at: location,
                        service: service.name, port: port, app: service.app,
                        evidence: ["Swarm service \(holder.name) publishes \(published.publishedPort):\(published.targetPort)/\(published.protocol) in \(published.publishMode) mode"],
                        fix: Fix(
                            file: location.file, line: location.line,
                            explanation: "Give \(service.name) a free port of its app's range (`infractl ports allocate \(service.app)`), or remove \(holder.name) (`docker service rm \(holder.name)`) if nothing needs it."),
                        verify: ["docker service ls --format '{{.Name}} {{.Ports}}'"]))
                }
            }
        }
        return findings
    }
}
