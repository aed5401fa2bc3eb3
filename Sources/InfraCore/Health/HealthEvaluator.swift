import DockerEngine
import Foundation

/// Turns what the probes and the engine found into each service's status, the HLT001/HLT002
/// findings and the recommendations. A pure function of its input.
public enum HealthEvaluator {
    /// The report of `plan`, given each service's probe outcome (by service name) and the
    /// engine snapshot.
    public static func evaluate(
        plan: HealthPlan, outcomes: [String: ProbeOutcome], snapshot: HealthSnapshot, workspace: String,
        duration: Duration = .zero, notes: [String] = []
    ) -> HealthReport {
        var services: [ServiceHealth] = []
        var findings: [Finding] = []
        for entry in plan.entries {
            let (health, serviceFindings) = evaluate(entry, outcome: outcomes[entry.service.name], snapshot: snapshot, registry: plan.registry)
            services.append(health)
            findings += serviceFindings
        }
        var allNotes = notes
        if let problem = snapshot.engineProblem {
            allNotes.insert("Docker status unknown: \(problem); the probes ran without it", at: 0)
        }
        return HealthReport(
            workspace: workspace, platform: plan.registry.platform, registryFile: plan.registry.file,
            services: services, findings: applySettings(findings, plan.registry.rules), notes: allNotes,
            engineAddress: snapshot.engineAddress, engineProblem: snapshot.engineProblem, duration: duration)
    }

    /// One service: its checks, combined status, findings.
    static func evaluate(
        _ entry: HealthPlan.Entry, outcome: ProbeOutcome?, snapshot: HealthSnapshot, registry: Registry
    ) -> (ServiceHealth, [Finding]) {
        let service = entry.service
        var checks: [HealthCheckResult] = []
        if let target = entry.target, let outcome {
            checks.append(probeCheck(target, outcome, threshold: entry.degradedThreshold))
        } else if let problem = entry.problem {
            checks.append(HealthCheckResult(probe: service.health?.probe.rawValue ?? "probe", status: .unknown, detail: problem))
        }
        let container = snapshot.containers[service.name]
        let docker = dockerCheck(container, snapshot: snapshot, name: service.name, threshold: entry.degradedThreshold)
        checks.append(docker)

        // The network probe decides unless the container is worse off; a service checked by
        // Docker alone takes Docker's verdict.
        var deciding = checks[0]
        for check in checks.dropFirst() where check.status.severity > deciding.status.severity { deciding = check }
        var health = ServiceHealth(
            name: service.name, app: service.app, type: service.type, isShared: entry.isShared, status: deciding.status,
            probe: deciding.probe, latency: deciding.latency, detail: deciding.detail, endpoint: entry.target?.endpoint,
            container: container.map(view), checks: checks, degradedThreshold: entry.degradedThreshold)
        health.recommendations = recommendations(health, entry: entry, container: container, snapshot: snapshot)

        var findings: [Finding] = []
        let location = service.health?.location ?? service.location
        let port = entry.target?.port ?? service.ports.first?.value
        let fix = health.recommendations.isEmpty ? nil : Fix(explanation: health.recommendations.joined(separator: "; "))
        var verify = entry.target.map { [$0.manualCommand] } ?? []
        if container != nil { verify.append("docker inspect --format '{{json .State.Health}}' \(service.name)") }
        verify.append("infractl health \(service.name)")
        let evidence = evidence(health, entry: entry, container: container)
        // One finding per service, about the check that decided its status.
        switch health.status {
        case .unhealthy:
            findings.append(LiveCheckCatalog.healthProbeFailed.finding(
                "\(service.name): \(health.probe) check failed: \(health.detail)", at: location, service: service.name,
                port: port, app: service.app, evidence: evidence, fix: fix, verify: verify))
        case .degraded:
            let seconds = health.latency.map(ProbeFormat.seconds) ?? "?"
            findings.append(LiveCheckCatalog.healthDegraded.finding(
                "\(service.name): degraded (slow response time: \(seconds))", at: location, service: service.name,
                port: port, app: service.app, evidence: evidence, fix: fix, verify: verify))
        case .healthy, .unknown:
            break
        }
        return (health, findings)
    }

    private static func probeCheck(_ target: ProbeTarget, _ outcome: ProbeOutcome, threshold: Duration) -> HealthCheckResult {
        guard outcome.succeeded else {
            return HealthCheckResult(probe: target.probeName, status: .unhealthy, latency: outcome.latency, detail: outcome.detail)
        }
        let slow = (outcome.latency ?? .zero) > threshold
        return HealthCheckResult(
            probe: target.probeName, status: slow ? .degraded : .healthy, latency: outcome.latency, detail: outcome.detail)
    }

    /// What the engine says: the container's state and its health check's verdict.
    static func dockerCheck(
        _ container: HealthSnapshot.Container?, snapshot: HealthSnapshot, name: String, threshold: Duration
    ) -> HealthCheckResult {
        guard snapshot.engineReachable else {
            return HealthCheckResult(probe: "docker", status: .unknown, detail: "Docker engine unreachable at \(snapshot.engineAddress)")
        }
        guard let container else {
            return HealthCheckResult(probe: "docker", status: .unknown, detail: "no container named \(name)")
        }
        switch container.status {
        case .running:
            break
        case .exited, .dead:
            var detail = "container \(container.status.rawValue) (code \(container.exitCode)"
            if container.oomKilled { detail += ", OOMKilled" }
            return HealthCheckResult(probe: "docker", status: .unhealthy, detail: detail + ")")
        case .restarting:
            return HealthCheckResult(
                probe: "docker", status: .unhealthy, detail: "container restarting (\(container.restartCount) restarts, last exit code \(container.exitCode))")
        default:
            return HealthCheckResult(probe: "docker", status: .unhealthy, detail: "container \(container.status.rawValue), not running")
        }
        guard let health = container.health, health.status != .none else {
            return HealthCheckResult(probe: "docker", status: .healthy, detail: "running (no Docker health check)")
        }
        let last = container.lastProbe
        let latency = last.flatMap { probe -> Duration? in
            guard let start = probe.startDate, let end = probe.endDate, end >= start else { return nil }
            return .milliseconds(Int((end.timeIntervalSince(start) * 1000).rounded()))
        }
        switch health.status {
        case .healthy:
            let slow = (latency ?? .zero) > threshold
            return HealthCheckResult(probe: "docker", status: slow ? .degraded : .healthy, latency: latency, detail: "Docker health check: healthy")
        case .unhealthy:
            let output = last.map { trimmedOutput($0.output) } ?? ""
            var detail = "Docker health check unhealthy"
            if health.failingStreak > 0 { detail += " (\(health.failingStreak) failing in a row)" }
            if !output.isEmpty { detail += ": \(firstLine(output))" }
            return HealthCheckResult(probe: "docker", status: .unhealthy, latency: latency, detail: detail)
        default:
            return HealthCheckResult(probe: "docker", status: .unknown, latency: latency, detail: "Docker health check \(health.status.rawValue)")
        }
    }

    private static func view(_ container: HealthSnapshot.Container) -> ContainerHealthView {
        let health = container.health.flatMap { $0.status == .none ? nil : $0.status.rawValue }
        let last = container.lastProbe
        let output = last.map { trimmedOutput($0.output) }
        return ContainerHealthView(
            state: container.status.rawValue, health: health, lastOutput: output?.isEmpty == true ? nil : output,
            lastExitCode: last?.exitCode)
    }

    private static func evidence(_ health: ServiceHealth, entry: HealthPlan.Entry, container: HealthSnapshot.Container?) -> [String] {
        var lines: [String] = []
        if let target = entry.target, let probe = health.checks.first, probe.probe == target.probeName {
            let latency = probe.latency.map { " after \(ProbeFormat.milliseconds($0)) ms" } ?? ""
            let what = if case .http = target.request { "GET \(target.endpoint)" } else { "\(target.probeName) \(target.endpoint)" }
            lines.append("\(what): \(probe.detail)\(latency)")
            if probe.status == .degraded {
                lines.append("degraded threshold: \(ProbeFormat.milliseconds(entry.degradedThreshold)) ms")
            }
        }
        if let container {
            var state = "container \(container.name): \(container.status.rawValue)"
            if let status = container.health?.status, status != .none { state += ", health \(status.rawValue)" }
            if container.restartCount > 0 { state += ", \(container.restartCount) restarts" }
            lines.append(state)
            if let last = container.lastProbe, container.health?.status != .healthy {
                let output = trimmedOutput(last.output)
                lines.append("last health check (exit \(last.exitCode)): " + (output.isEmpty ? "no output" : output))
            }
        } else if let docker = health.checks.last, docker.probe == "docker" {
            lines.append(docker.detail)
        }
        return lines
    }

    private static func recommendations(
        _ health: ServiceHealth, entry: HealthPlan.Entry, container: HealthSnapshot.Container?, snapshot: HealthSnapshot
    ) -> [String] {
        let name = health.name
        let logs = "Check \(name) logs: `docker logs \(name) --tail 100`"
        switch health.status {
        case .healthy:
            return []
        case .unknown:
            if entry.problem != nil {
                return ["Give \(name) a port to probe: set `health.port` in the registry, or use `probe: docker`"]
            }
            if !snapshot.engineReachable, entry.target == nil {
                return ["Start the Docker engine (or set DOCKER_HOST) to read \(name)'s container state"]
            }
            if container == nil, entry.target == nil {
                return ["Start \(name) if it should run: `docker compose \(composeFiles(entry)) up -d`"]
            }
            return []
        case .degraded:
            return [logs, "Check system resources: `docker stats`", "Consider restarting \(name) if the issue persists: `docker restart \(name)`"]
        case .unhealthy:
            var steps: [String] = []
            if let container {
                if container.status != .running {
                    steps.append("Read why \(name) stopped: `docker logs \(name) --tail 100`")
                    if container.oomKilled {
                        steps.append("\(name) ran out of memory: raise its memory limit (`mem_limit` or `deploy.resources.limits.memory`)")
                    }
                    steps.append("Start \(name) again: `docker start \(name)`")
                } else {
                    steps.append(logs)
                    if container.health?.status == .unhealthy {
                        steps.append("Read \(name)'s health-check output: `docker inspect --format '{{json .State.Health}}' \(name)`")
                    }
                }
            } else if snapshot.engineReachable {
                steps.append("Start \(name): `docker compose \(composeFiles(entry)) up -d`")
            } else {
                steps.append(logs)
            }
            let detail = health.detail
            if detail.contains("refused") || detail.contains("closed at once") || detail.contains("closed the connection") {
                if let port = entry.target?.port, container?.status == .running {
                    steps.append("Check that \(name) listens on the container port published as \(port): `docker port \(name)`")
                }
            }
            if detail.contains("no answer within") || detail.contains("no connection within") {
                steps.append("Check that \(name) is not overloaded or blocked: `docker stats \(name)`")
            }
            if detail.contains("TLS") {
                steps.append("Check \(name)'s certificate covers the name probed and that its CA is trusted (`mkcert -install`, or the workspace's rootCA.pem next to the certificate Traefik loads)")
            }
            if detail.contains("rejecting connections") || detail.contains("not ready") {
                steps.append("Wait for \(name) to finish starting up, then check again: `infractl health \(name)`")
            }
            return steps
        }
    }

    private static func composeFiles(_ entry: HealthPlan.Entry) -> String {
        entry.service.composeFiles.map { "-f \($0)" }.joined(separator: " ")
    }

    /// Health-check output without surrounding blank space, at most 5 lines of 200 characters.
    static func trimmedOutput(_ output: String) -> String {
        let lines = output.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        return lines.prefix(5).map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }.joined(separator: " | ")
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: " | ").first ?? Substring(text))
    }

    /// The registry's rule settings applied to live findings: disabled rules dropped, exempted
    /// services left out, severities overridden.
    static func applySettings(_ findings: [Finding], _ settings: Registry.RuleSettings) -> [Finding] {
        settings.apply(findings)
    }
}
