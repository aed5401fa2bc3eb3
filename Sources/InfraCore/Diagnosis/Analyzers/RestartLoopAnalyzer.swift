import Foundation

/// RUN009: a container of a registry service does not keep restarting.
public struct RestartLoopAnalyzer: Analyzer {
    /// Restarts above this count are reported.
    public static let threshold = 3

    public static let description = RuleDescription(
        id: "RUN009", name: "restart-loop",
        summary: "A container restarted more than 3 times",
        message: "{service} restarted {count} times",
        rationale: """
            With `restart: always` or `unless-stopped` a container that fails at start is started \
            again and again, with growing pauses: it looks up now and then while never working, \
            and its earlier errors scroll away. More than three restarts mean the cause is not \
            passing; diagnose reads the restart count and the last log lines and names the cause \
            (usually the same as the container's RUN002 or RUN003 finding).
            """,
        severity: .warning, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(
                ExamplePlatform.files(),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample("prism-backend", networks: ["prism_default", "forge-network"], ports: ["6000:8000"], restarts: 2),
                ])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev\n", with: "    image: prism-backend:dev\n    1️⃣restart: unless-stopped\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .restarting(code: 2), networks: ["prism_default", "forge-network"],
                        logs: ["panic: unexpected end of configuration"], restarts: 5),
                ])),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        context.services.compactMap { service in
            guard let container = context.container(of: service.name), let count = container.restartCount,
                  count > Self.threshold else { return nil }
            return context.failureFinding(
                Self.description, "\(service.name) restarted \(count) times.", service: service, container: container,
                stateEvidence: context.stateEvidence(container),
                fallback: context.compose(of: service)?.service.fieldLocations["restart"])
        }
    }
}
