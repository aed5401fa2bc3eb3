/// SWM004: `depends_on` on a swarm.
public struct SwarmDependsOnRule: Rule {
    public static let description = RuleDescription(
        id: "SWM004", name: "swarm-depends-on",
        summary: "A service on a swarm sets `depends_on`, which stack deploy ignores",
        message: "{service} sets depends_on: docker stack deploy ignores it",
        rationale: """
            `docker stack deploy` starts every service of a stack at once and ignores \
            `depends_on`, short or long form, `condition: service_healthy` included. On a \
            swarm, order comes from the registry's startup tiers: `infractl up --target \
            swarm` deploys tier by tier and waits until every service of a tier has its \
            replicas running and healthy. Keep the dependency in the registry \
            (`dependencies:`), delete the key, and make each service retry its connections \
            at start, since a task may also restart on its own later.
            """,
        severity: .info, category: .dependencies, scope: .swarm,
        nonTriggeringExamples: [RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api)))],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api + """

                  nexus-worker:
                    image: axiom/nexus-worker:1.4.0
                    1️⃣depends_on:
                      nexus-api: { condition: service_healthy }
                """))),
        ])

    static let key = SwarmIgnoredKey(
        key: "depends_on", applies: { service in service.dependsOn.contains { !$0.isImplicit } },
        effect: "ignores it (every service of a stack starts at once)",
        instead: "Delete depends_on: the registry's tiers order the start (`infractl up --target swarm`), and the service retries its connections.",
        replacement: [])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] { Self.key.findings(Self.description, in: context) }
}
