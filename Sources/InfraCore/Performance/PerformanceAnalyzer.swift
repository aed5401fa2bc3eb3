import DockerEngine
import Foundation

/// `infractl stats`'s judgement: a pure function of the registry, the compose files and one
/// `PerformanceSnapshot`. One row per registry service, and the PERF findings, each pointing
/// at the line to change.
public struct PerformanceAnalyzer: Sendable {
    /// One service's numbers, or why there are none.
    public struct Row: Sendable, Hashable {
        public var service: String
        public var app: String
        /// The container's name, when there is one.
        public var container: String?
        /// `running`, `exited`, `restarting`…, or `missing` (no container).
        public var state: String
        public var usage: ResourceUsage?
        public var restarts: Int
        public var oomKilled: Bool
        public var healthCheck: HealthCheckTiming?
        /// Why there are no numbers (not running, stats unreadable).
        public var note: String?
    }

    /// Memory or CPU at or above this share of the limit is a warning (PERF001, PERF003).
    public static let saturation = 90.0

    public var context: DiagnosisContext
    public var snapshot: PerformanceSnapshot

    public init(context: DiagnosisContext, snapshot: PerformanceSnapshot) {
        self.context = context
        self.snapshot = snapshot
    }

    /// The rows of the services diagnosed, in registry order.
    public var rows: [Row] {
        context.services.map { service in
            guard let container = context.container(of: service.name) else {
                return Row(service: service.name, app: service.app, container: nil, state: "missing", usage: nil, restarts: 0,
                    oomKilled: false, healthCheck: nil, note: "no container")
            }
            let usage = snapshot.usage[container.name]
            let note = usage != nil ? nil
                : container.isRunning ? snapshot.unavailable[container.name].map { "stats unavailable: \($0)" } ?? "stats unavailable"
                : "not running"
            return Row(
                service: service.name, app: service.app, container: container.name, state: container.status.rawValue,
                usage: usage, restarts: container.restartCount ?? 0, oomKilled: container.details?.state.oomKilled == true,
                healthCheck: snapshot.healthTimings[container.name], note: note)
        }
    }

    /// PERF001–PERF004, in registry order.
    public var findings: [Finding] {
        context.services.flatMap { service -> [Finding] in
            guard let container = context.container(of: service.name) else { return [] }
            var found: [Finding] = []
            if let finding = outOfMemory(service) { found.append(finding) }
            if let usage = snapshot.usage[container.name] {
                if let finding = memory(service, usage) { found.append(finding) }
                if let finding = cpu(service, usage) { found.append(finding) }
            }
            if let timing = snapshot.healthTimings[container.name], let finding = slowHealthCheck(service, timing) {
                found.append(finding)
            }
            return found
        }
    }

    // MARK: The checks

    /// PERF001: memory at or above 90 % of its limit.
    func memory(_ service: Registry.Service, _ usage: ResourceUsage) -> Finding? {
        guard let percent = usage.memoryPercent, percent >= Self.saturation, let limit = usage.memoryLimitBytes else { return nil }
        let compose = context.compose(of: service)?.service
        let written = compose?.hardening.memoryLimit
        let location = written?.location ?? compose?.location ?? service.location
        let raised = Self.composeSize(limit * 2)
        let replace = written.flatMap { context.validation.line(at: $0.location, replacingScalarWith: raised) }
            ?? "    deploy:\n      resources:\n        limits:\n          memory: \(raised)"
        return Finding(
            rule: LiveCheckCatalog.memoryPressure.id, severity: .warning,
            message: "\(service.name): memory at \(Self.percent(percent)) of its limit (\(ByteSize.text(usage.memoryBytes)) of \(ByteSize.text(limit)))",
            location: location, service: service.name, app: service.app,
            evidence: ["docker stats: \(ByteSize.text(usage.memoryBytes)) / \(ByteSize.text(limit)), \(usage.pids) processes"],
            fix: Fix(
                file: location.file, line: location.line, replace: replace,
                explanation: "Scale up: raise the limit to \(raised) (twice today's) so its peak fits. If its use only grows, optimize: look for a leak in `infractl logs \(service.name)` and a heap profile before raising it again."),
            verify: ["infractl stats \(service.name)", "docker stats --no-stream \(context.container(of: service.name)?.name ?? service.name)"])
    }

    /// PERF002: killed for its memory limit in its last run; the diagnosis's own explanation.
    func outOfMemory(_ service: Registry.Service) -> Finding? {
        guard let container = context.container(of: service.name), container.details?.state.oomKilled == true else { return nil }
        let cause = context.causes(of: service.name).first { $0.cause.kind == .outOfMemory }
        // One binding per value: Swift 6.3.1's optimizer (CopyPropagation) crashed in a release
        // build on these optional chains written inline in the call.
        let location = cause?.location ?? context.compose(of: service)?.service.location ?? service.location
        var evidence = [cause?.explanation ?? "The kernel killed it for exceeding its memory limit (OOMKilled)."]
        if let restarts = container.restartCount, restarts > 0 { evidence.append("restarted \(restarts) time\(restarts == 1 ? "" : "s")") }
        let fix = cause?.fix
        let verify = cause?.verify ?? ["docker stats --no-stream \(container.name)"]
        return Finding(
            rule: LiveCheckCatalog.outOfMemoryKilled.id, severity: .error,
            message: "\(service.name): OOM-killed in its last run",
            location: location, service: service.name, app: service.app, evidence: evidence, fix: fix, verify: verify)
    }

    /// PERF003: CPU at or above 90 % of its quota over the sample.
    func cpu(_ service: Registry.Service, _ usage: ResourceUsage) -> Finding? {
        guard let quota = usage.cpuLimitCores, let percent = usage.cpuPercent, percent >= Self.saturation else { return nil }
        let compose = context.compose(of: service)?.service
        let written = compose?.hardening.cpuLimit
        let location = written?.location ?? compose?.location ?? service.location
        let raised = Self.cores(quota * 2)
        let replace = written.flatMap { context.validation.line(at: $0.location, replacingScalarWith: raised) }
            ?? "    deploy:\n      resources:\n        limits:\n          cpus: \"\(raised)\""
        return Finding(
            rule: LiveCheckCatalog.cpuSaturated.id, severity: .warning,
            message: "\(service.name): CPU at \(Self.percent(percent)) of its quota of \(Self.cores(quota)) core\(quota == 1 ? "" : "s")",
            location: location, service: service.name, app: service.app,
            evidence: ["docker stats: \(Self.cores(usage.cpuCores ?? 0)) cores busy over a one-second sample"],
            fix: Fix(
                file: location.file, line: location.line, replace: replace,
                explanation: "Scale up: raise its quota to \(raised) cores, or run more replicas behind the proxy. If the load does not explain it, optimize the hot path (a profile under load), or refactor the work into a worker."),
            verify: ["infractl stats \(service.name)"])
    }

    /// PERF004: health checks taking more than half their timeout.
    func slowHealthCheck(_ service: Registry.Service, _ timing: HealthCheckTiming) -> Finding? {
        guard timing.slowestMs * 2 > timing.timeoutMs else { return nil }
        let check = context.compose(of: service)?.service.healthcheck
        let location = check?.timeoutLocation ?? check?.location ?? context.compose(of: service)?.service.location ?? service.location
        let raised = "\(Int((Double(max(timing.slowestMs * 3, timing.timeoutMs * 2)) / 1000).rounded(.up)))s"
        let replace = check?.timeoutLocation.flatMap { context.validation.line(at: $0, replacingScalarWith: raised) }
            ?? "      timeout: \(raised)"
        return Finding(
            rule: LiveCheckCatalog.slowHealthCheck.id, severity: .warning,
            message: "\(service.name): health check took \(timing.slowestMs) ms of its \(timing.timeoutMs) ms timeout",
            location: location, service: service.name, app: service.app,
            evidence: ["last runs: " + timing.durationsMs.map { "\($0) ms" }.joined(separator: ", ")],
            fix: Fix(
                file: location.file, line: location.line, replace: replace,
                explanation: "It is about to flap between healthy and unhealthy. Raise `timeout` to \(raised), or optimize the endpoint the check calls (it should answer from memory, not query every dependency)."),
            verify: ["docker inspect --format '{{json .State.Health.Log}}' \(context.container(of: service.name)?.name ?? service.name)"])
    }

    // MARK: Formatting

    /// `87.5%` with one decimal, `90%` without.
    static func percent(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded))%" : "\(rounded)%"
    }

    /// Cores as Compose writes them: `2`, `0.5`.
    static func cores(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? "\(Int(rounded))" : "\(rounded)"
    }

    /// Bytes as Compose writes a limit: `128m`, `2g`, else bytes.
    static func composeSize(_ bytes: Int64) -> String {
        let mib: Int64 = 1 << 20
        if bytes % (1 << 30) == 0 { return "\(bytes >> 30)g" }
        if bytes % mib == 0 { return "\(bytes / mib)m" }
        return "\((bytes + mib - 1) / mib)m"
    }
}
