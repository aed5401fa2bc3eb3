import Foundation

/// RUN002: the container of a registry service runs.
public struct StoppedContainerAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN002", name: "stopped-container",
        summary: "The container of a registry service exited, is restarting, or never started",
        message: "{service}: not running (exited {code})",
        rationale: """
            A container that exited, keeps restarting, or was created but could not start. Diagnose \
            reads its state and its last log lines and names the root cause: a port already \
            allocated on the host or already in use inside it, a host name that does not resolve \
            because the service is not on the network of the one it calls, localhost used for \
            another container, a dependency that is down, refused credentials, a missing file or \
            volume mount, denied permissions, or the memory limit (OOMKilled). The finding points \
            at the compose line to change and shows the log lines that prove it.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(ExamplePlatform.files(), engine: EngineExample([ExamplePlatform.postgres, ExamplePlatform.runningBackend])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "      DATABASE_URL:", with: "      1️⃣DATABASE_URL:").replacingOccurrences(
                    of: "@forge-postgres:5432", with: "@localhost:5432")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["Error: connect ECONNREFUSED 127.0.0.1:5432"]),
                ])),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        var findings: [Finding] = []
        for service in context.services {
            guard let container = context.container(of: service.name),
                  [.exited, .dead, .restarting, .created].contains(container.status) else { continue }
            var first = "\(service.name): not running (exited \(container.exitCode ?? 0))."
            if container.status == .restarting { first += " It keeps restarting." }
            if container.status == .created { first += " It was created but never started." }
            findings.append(context.failureFinding(
                Self.description, first, service: service, container: container,
                stateEvidence: context.stateEvidence(container)))
        }
        return findings
    }
}
