import Foundation

/// RUN008: the dependencies of a running service run too.
public struct DependencyDownAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN008", name: "dependency-down",
        summary: "A dependency of a running service is not running",
        message: "{service} depends on {dependency}, which is not running",
        rationale: """
            A service whose registry dependency (or compose `depends_on`) is down fails on its \
            next request to it, even while its own container still runs. The dependency is the \
            root cause: diagnose lists its finding first and this one after it. Start the \
            dependency (the startup tiers say in which order), then check the service again.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(ExamplePlatform.files(), engine: EngineExample([ExamplePlatform.postgres, ExamplePlatform.runningBackend])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(registry: ExamplePlatform.registry.replacingOccurrences(
                    of: "dependencies: [forge-postgres]", with: "dependencies: [1️⃣forge-postgres]")),
                engine: EngineExample([
                    ContainerExample("forge-postgres", image: "postgres:16", state: .exited(code: 1), networks: ["forge-network"]),
                    ExamplePlatform.runningBackend,
                ])),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        var findings: [Finding] = []
        for service in context.services where context.isRunning(service.name) {
            for dependency in context.dependencies(of: service).compactMap({ context.registry.service(named: $0) })
            where !context.isRunning(dependency.name) {
                let state = context.container(of: dependency.name).map { container in
                    "\(dependency.name): \(container.status)" + (container.exitCode.map { " (exit code \($0))" } ?? "")
                } ?? "\(dependency.name): no container"
                let explained = context.dependencyDown(dependency.name, of: service, evidence: [])
                let location = service.dependencies.first { $0.value == dependency.name }?.location
                    ?? context.compose(of: service)?.service.location(of: "depends_on") ?? service.location
                findings.append(Self.description.finding(
                    "\(service.name) depends on \(dependency.name), which is not running", at: location,
                    service: service.name, app: service.app, evidence: [state], fix: explained.fix,
                    verify: explained.verify))
            }
        }
        return findings
    }
}
