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
        severity: .warning, category: .runtime)

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
