import DockerEngine

extension EngineExample {
    /// The engine state as `infractl rules` prints it: one line per container (with its log
    /// and health-check lines under it), host socket and probe answer.
    public var lines: [String] {
        var lines: [String] = []
        for container in containers {
            var parts = [container.name, container.stateText]
            if !container.networkMode.isEmpty { parts.append("network_mode \(container.networkMode)") }
            if !container.networks.isEmpty { parts.append("networks " + container.networks.joined(separator: ", ")) }
            if !container.ports.isEmpty { parts.append("ports " + container.ports.joined(separator: ", ")) }
            if container.restarts > 0 { parts.append("restarted \(container.restarts) times") }
            if container.oomKilled { parts.append("OOMKilled") }
            if !container.user.isEmpty { parts.append("user \(container.user)") }
            lines.append("container " + parts.joined(separator: "; "))
            if !container.engineError.isEmpty { lines.append("  engine error: \(container.engineError)") }
            lines += container.healthOutput.map { "  health check: \($0)" }
            lines += container.logs.map { "  log: \($0)" }
        }
        lines += hostPorts.map { "host socket: \($0)" }
        lines += probes.keys.sorted().compactMap { name in
            probes[name].map { "probe \(name): \($0.succeeded ? "answered" : "failed") \($0.detail)" + ($0.latency.map { " in \($0)" } ?? "") }
        }
        lines += usage.keys.sorted().compactMap { name in usage[name].map { "stats \(name): \($0.summary)" } }
        lines += healthTimings.keys.sorted().compactMap { name in
            healthTimings[name].map { "health checks of \(name): " + $0.durationsMs.map { "\($0) ms" }.joined(separator: ", ") + " (timeout \($0.timeoutMs) ms)" }
        }
        if let swarm {
            for service in swarm.services {
                let replicas = if case .replicated(let count) = service.mode { "\(count) replicas" } else { "global" }
                var parts = ["swarm service \(service.name)", replicas]
                if !service.constraints.isEmpty { parts.append("constraints " + service.constraints.joined(separator: ", ")) }
                if !service.ports.isEmpty { parts.append("ports " + service.ports.map { "\($0.publishedPort):\($0.targetPort) (\($0.publishMode))" }.joined(separator: ", ")) }
                if let update = service.updateStatus { parts.append("update \(update.state)" + (update.message.isEmpty ? "" : ": \(update.message)")) }
                lines.append(parts.joined(separator: "; "))
                for task in swarm.tasks(of: service) {
                    lines.append("  task \(task.id): \(task.state)" + (task.error.isEmpty ? "" : ": \(task.error)"))
                }
            }
            lines += swarm.nodes.map { "swarm node \($0.hostname): \($0.state), \($0.availability)" }
        }
        for project in composeFailures.keys.sorted() {
            lines.append("docker compose up of \(project) failed:")
            lines += (composeFailures[project] ?? "").split(separator: "\n").map { "  " + $0 }
        }
        return lines
    }
}

extension ContainerExample {
    /// `running (healthy)`, `exited (1)`.
    var stateText: String {
        switch state {
        case .running: "running" + (health.map { " (\($0))" } ?? "")
        case .exited(let code): "exited (\(code))"
        case .restarting(let code): "restarting (last exit \(code))"
        case .created: "created, never started"
        }
    }
}
