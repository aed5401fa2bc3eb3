/// SWM005: `network_mode: host` or `service:…` on a swarm.
public struct SwarmNetworkModeRule: Rule {
    public static let description = RuleDescription(
        id: "SWM005", name: "swarm-network-mode",
        summary: "A service on a swarm uses `network_mode: host` or `service:…`",
        message: "{service} sets network_mode: docker stack deploy does not support it",
        rationale: """
            A stack's services live on overlay networks; `docker stack deploy` ignores \
            `network_mode` (and `service:NAME`, which shares another container's network \
            stack, means nothing when the two tasks may run on different nodes). The service \
            would come up on the stack's default network instead, unreachable where the file \
            says it is. Attach it to the shared overlay network (`networks:`), and when it must \
            see client addresses or own a host port, publish that port with `mode: host` and \
            pin the service to a node with a placement constraint.
            """,
        severity: .error, category: .networks, scope: .swarm,
        nonTriggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api))),
            // bridge is what a stack does anyway.
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-worker:
                    image: axiom/nexus-worker:1.4.0
                    network_mode: bridge
                """))),
        ],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-worker:
                    image: axiom/nexus-worker:1.4.0
                    1️⃣network_mode: host
                """))),
        ])

    static let key = SwarmIgnoredKey(
        key: "network_mode",
        applies: { service in service.networkMode.map { $0 == "host" || $0.hasPrefix("service:") || $0.hasPrefix("container:") } ?? false },
        effect: "does not support it (tasks join overlay networks)",
        instead: "Attach it to the shared overlay network; publish a port it must own with `mode: host` and a placement constraint.",
        replacement: ["networks: [forge-network]"])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] { Self.key.findings(Self.description, in: context) }
}
