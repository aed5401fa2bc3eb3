import Foundation
import DockerEngine

/// RUN003: a running container of a registry service passes its health check.
public struct UnhealthyContainerAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN003", name: "unhealthy-container",
        summary: "The container of a registry service runs but its health check fails",
        message: "{service}: unhealthy",
        rationale: """
            Docker runs the compose `healthcheck` command inside the container and marks it \
            unhealthy after `retries` failures; services that wait with `condition: \
            service_healthy` then never start. Diagnose shows the output of the last failed \
            probes and, when it can tell, why they fail: the check asks a port the service does \
            not listen on, runs a command the image lacks, or the service itself cannot reach a \
            dependency.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(ExamplePlatform.files(), engine: EngineExample([ExamplePlatform.postgres, ExamplePlatform.runningBackend])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    networks: [default, forge-network]\n",
                    with: "    networks: [default, forge-network]\n    1️⃣healthcheck:\n      test: [\"CMD-SHELL\", \"wget -q -O /dev/null http://localhost:8080/health\"]\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", health: .unhealthy,
                        healthOutput: ["wget: can't connect to remote host (127.0.0.1): Connection refused"],
                        networks: ["prism_default", "forge-network"], ports: ["6000:8000"]),
                ])),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        var findings: [Finding] = []
        for service in context.services {
            guard let container = context.container(of: service.name), container.isRunning,
                  container.health == .unhealthy else { continue }
            var evidence = context.stateEvidence(container)
            if let health = container.details?.state.health, let probe = RootCauseClassifier.classify(health: health) {
                evidence += probe.evidence
            }
            findings.append(context.failureFinding(
                Self.description, "\(service.name): unhealthy.", service: service, container: container,
                stateEvidence: evidence, fallback: context.compose(of: service)?.service.fieldLocations["healthcheck"]))
        }
        return findings
    }
}
