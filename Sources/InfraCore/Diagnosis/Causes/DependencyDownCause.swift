import DockerEngine
import Foundation

/// dependency-down: a service it needs is not running.
public struct DependencyDownCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .dependencyDown,
        summary: "A service it needs is not running",
        rationale: """
            A service whose dependency (registry `dependencies` or compose `depends_on`) is \
            down fails on its first request to it, whatever its own logs say. When nothing more \
            telling explains the failure, the dependency is named as the root cause and blamed: \
            its own finding says why it is down, and this one follows it.
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(forge: ExamplePlatform.forge.replacingOccurrences(of: "  postgres:\n", with: "  1️⃣postgres:\n")),
                engine: EngineExample([
                    ContainerExample("forge-postgres", image: "postgres:16", state: .exited(code: 1), networks: ["forge-network"]),
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["startup failed"]),
                ]),
                service: "prism-backend",
                explanation: "It depends on forge-postgres, which is not running (exited 1).",
                fix: "Start forge-postgres first (its own finding says why it is down), then restart prism-backend."),
            CauseExample(
                ExamplePlatform.files(forge: ExamplePlatform.forge.replacingOccurrences(of: "  postgres:\n", with: "  1️⃣postgres:\n")),
                engine: EngineExample([
                    ContainerExample("forge-postgres", image: "postgres:16", state: .exited(code: 1), networks: ["forge-network"]),
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["Error: getaddrinfo ENOTFOUND forge-postgres"]),
                ]),
                service: "prism-backend",
                explanation: "It cannot reach forge-postgres, which is not running (exited 1).",
                fix: "Start forge-postgres first (its own finding says why it is down), then restart prism-backend."),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        context.dependencyDown(cause.host ?? "", of: service, evidence: cause.evidence)
    }
}

extension DiagnosisContext {
    /// A dependency that is not running explains the failure.
    func dependencyDown(_ dependency: String, of service: Registry.Service, evidence: [String], named host: String? = nil) -> ServiceCause {
        let state: String
        if let container = self.container(of: dependency) {
            if container.isRunning {
                state = container.health == .unhealthy ? "which is unhealthy" : "which runs"
            } else if container.status == .created {
                state = "which is not running (created, never started)"
            } else {
                state = "which is not running (exited \(container.exitCode ?? 0))"
            }
        } else {
            state = "which is not running (no container)"
        }
        let reached = host.map { $0 == dependency ? "It cannot reach \(dependency)" : "It cannot reach \($0) (\(dependency))" }
            ?? "It depends on \(dependency)"
        let target = registry.service(named: dependency)
        let targetCompose = target.flatMap { compose(of: $0) }
        let location = targetCompose?.service.location ?? target?.location
            ?? service.dependencies.first { $0.value == dependency }?.location ?? service.location
        var verify: [String] = []
        if let target { verify.append(composeUpCommand(for: target)) }
        verify.append("docker ps -a --filter name=^\(dependency)$ --format '{{.Names}} {{.Status}}'")
        return ServiceCause(
            cause: RootCause(.dependencyDown, host: dependency, evidence: evidence),
            explanation: "\(reached), \(state).",
            fix: Fix(
                file: location.file, line: location.line,
                explanation: "Start \(dependency) first (its own finding says why it is down), then restart \(service.name)."),
            location: location, blamedService: dependency, verify: verify)
    }
}
