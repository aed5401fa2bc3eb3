/// SWM002: `container_name` on a swarm.
public struct SwarmContainerNameRule: Rule {
    public static let description = RuleDescription(
        id: "SWM002", name: "swarm-container-name",
        summary: "A service on a swarm sets `container_name`, which stack deploy ignores",
        message: "{service} sets container_name: docker stack deploy ignores it",
        rationale: """
            On a swarm a service runs as tasks named `<stack>_<service>.<slot>.<id>`, as many as \
            its replicas, on any node: `docker stack deploy` ignores `container_name` (and \
            prints so). Other services reach it by its service name on a shared overlay network \
            (`nexus-api`, or `<stack>_nexus-api` from another stack), so name the compose \
            service after the registry service and delete the line. On a swarm target the \
            registry checks compare those names, not container names.
            """,
        severity: .warning, category: .registry, scope: .swarm,
        nonTriggeringExamples: [RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api)))],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-api:
                    image: axiom/nexus-api:1.4.0
                    1️⃣container_name: nexus-api
                """))),
        ])

    static let key = SwarmIgnoredKey(
        key: "container_name", applies: { _ in true }, effect: "ignores it (tasks are named <stack>_<service>.<slot>)",
        instead: "Delete the line: name the compose service after the registry service; others reach it by that name.",
        replacement: [])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] { Self.key.findings(Self.description, in: context) }
}
