import DockerEngine
import Foundation

extension Operations {
    /// `stats`: for every registry service with a running container, one stats answer and its
    /// health-check timings, read at once; the rows and the PERF findings. An engine that
    /// cannot be reached is exit 2 naming the address.
    public func stats(_ request: StatsRequest) async throws -> Report {
        let workspace = self.workspace
        let (validation, recovery) = try await read()
        let registry = validation.registry
        let wanted = Set(request.services.isEmpty ? registry.services.map(\.name) : try registry.resolveServices(request.services).map(\.name))
        let started = ContinuousClock.now
        let (context, snapshot) = try await engine.with { engine, address in
            let matcher = ContainerMatcher(context: validation, workspaceRoot: workspace.root)
            let snapshot = try await PerformanceSnapshot.read(from: engine, address: address) { summary in
                matcher.registryName(of: summary).map(wanted.contains) ?? false
            }
            let context = try DiagnosisContext(
                validation: validation, snapshot: snapshot.engine, workspaceRoot: workspace.root,
                request: DiagnosisRequest(services: request.services, environments: Set(Registry.Environment.allCases)))
            return (context, snapshot)
        }
        let elapsed = ContinuousClock.now - started
        var report = Self.performanceReport(
            context: context, snapshot: snapshot, services: wanted, strict: request.strict, workspace: workspace.root,
            elapsedMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        for note in snapshot.engine.notes { report = report.noting(note) }
        return report.noting(recovery.notice)
    }

    /// The Performance Report of a snapshot already read, for `services`: a pure function, so
    /// tests render it from an example engine.
    public static func performanceReport(
        context: DiagnosisContext, snapshot: PerformanceSnapshot, services: Set<String>, strict: Bool = false,
        workspace: String, elapsedMs: Int? = nil
    ) -> Report {
        let analyzer = PerformanceAnalyzer(context: context, snapshot: snapshot)
        let registry = context.validation.registry
        let settings = registry.rules
        let findings = settings.apply(analyzer.findings.filter { services.contains($0.service ?? "") && !settings.isDisabled($0.rule) })
        return Report(
            command: "stats", workspace: workspace, title: "Performance Report", platform: registry.platform,
            registryFile: registry.file, findings: findings, strict: strict,
            payload: PerformancePayload(rows: analyzer.rows.filter { services.contains($0.service) }, elapsedMs: elapsedMs),
            masker: Diagnoser.masker(context, secrets: Diagnoser.secrets(context)))
    }
}
