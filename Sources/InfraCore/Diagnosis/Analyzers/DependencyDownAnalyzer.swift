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
        severity: .error, category: .runtime)

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        var findings: [Finding] = []
        for service in context.services where context.isRunning(service.name) {
            for dependency in dependencies(of: service, context) where !context.isRunning(dependency.name) {
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

    /// Its registry dependencies, then the registry services its compose `depends_on` names.
    private func dependencies(of service: Registry.Service, _ context: DiagnosisContext) -> [Registry.Service] {
        var names = service.dependencies.map(\.value)
        if let (project, compose) = context.compose(of: service) {
            for dependency in compose.dependsOn where dependency.required {
                guard let target = project.service(named: dependency.service),
                      let registered = context.validation.registryService(for: target, in: project) else { continue }
                names.append(registered.name)
            }
        }
        return names.uniqued().compactMap { context.registry.service(named: $0) }
    }
}
