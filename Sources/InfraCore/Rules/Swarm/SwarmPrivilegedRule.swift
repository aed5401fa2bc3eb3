/// SWM006: `privileged` on a swarm.
public struct SwarmPrivilegedRule: Rule {
    public static let description = RuleDescription(
        id: "SWM006", name: "swarm-privileged",
        summary: "A service on a swarm sets `privileged: true`, which stack deploy ignores",
        message: "{service} sets privileged: docker stack deploy ignores it",
        rationale: """
            Swarm services cannot run privileged: `docker stack deploy` drops the key (it \
            prints "Ignoring unsupported options: privileged"), so a service that needs it \
            starts without and fails in ways that look unrelated. Grant what it needs \
            instead: `cap_add` with the one capability (swarm honours `cap_add` and \
            `cap_drop` since Engine 20.10), a device through a plugin, or run it as a \
            standalone container beside the swarm.
            """,
        severity: .warning, category: .security, scope: .swarm,
        nonTriggeringExamples: [RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api)))],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-worker:
                    image: axiom/nexus-worker:1.4.0
                    1️⃣privileged: true
                """))),
        ])

    static let key = SwarmIgnoredKey(
        key: "privileged", applies: \.privileged, effect: "ignores it (swarm services cannot be privileged)",
        instead: "Grant the one capability it needs with cap_add instead.",
        replacement: ["cap_add: [NET_ADMIN]"])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] { Self.key.findings(Self.description, in: context) }
}
