/// SWM003: `restart` on a swarm.
public struct SwarmRestartRule: Rule {
    public static let description = RuleDescription(
        id: "SWM003", name: "swarm-restart",
        summary: "A service on a swarm sets `restart`, which stack deploy ignores",
        message: "{service} sets restart: docker stack deploy ignores it",
        rationale: """
            The swarm, not the engine, restarts tasks: `docker stack deploy` ignores `restart` \
            and applies `deploy.restart_policy` (default: restart on any exit, at once, \
            forever). Say what you meant there: `condition: on-failure` for `on-failure`, \
            `any` for `always` and `unless-stopped`, with a `delay` and `max_attempts` so a \
            crashing task does not spin.
            """,
        severity: .warning, category: .registry, scope: .swarm,
        nonTriggeringExamples: [RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api)))],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-api:
                    image: axiom/nexus-api:1.4.0
                    1️⃣restart: unless-stopped
                """))),
        ])

    static let key = SwarmIgnoredKey(
        key: "restart", applies: { _ in true }, effect: "ignores it (the swarm restarts tasks by deploy.restart_policy)",
        instead: "Replace it with deploy.restart_policy (merge into an existing deploy: block).",
        replacement: ["deploy:", "  restart_policy: { condition: on-failure, delay: 5s, max_attempts: 5 }"])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] { Self.key.findings(Self.description, in: context) }
}
