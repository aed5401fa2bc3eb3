/// SWM008: the shared network on a swarm is not an attachable overlay network.
public struct SwarmOverlayNetworkRule: Rule {
    public static let description = RuleDescription(
        id: "SWM008", name: "swarm-overlay-network",
        summary: "A shared network on a swarm is not `driver: overlay` and `attachable: true`",
        message: "Shared network {network} must be an attachable overlay network on a swarm",
        rationale: """
            Services of different stacks meet on the shared network, and on a swarm they run on \
            different nodes: only an `overlay` network spans nodes (a `bridge` network exists on \
            one host, and stack deploy refuses to attach a service to it). It must also be \
            `attachable`, or standalone containers (a one-off `docker run` of a migration, a \
            debugging shell, a service Compose still runs beside the swarm) cannot join it. \
            `infractl up --target swarm` creates the registry's external networks with the \
            driver and flag written here.
            """,
        severity: .error, category: .networks, scope: .swarm,
        nonTriggeringExamples: [RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api)))],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(
                SwarmExamples.compose(SwarmExamples.api),
                registry: SwarmExamples.registry.replacingOccurrences(
                    of: "  forge-network: { external: true, shared: true, driver: overlay, attachable: true }",
                    with: "  1️⃣forge-network: { external: true, shared: true }"))),
            RuleExample(SwarmExamples.workspace(
                SwarmExamples.compose(SwarmExamples.api),
                registry: SwarmExamples.registry.replacingOccurrences(
                    of: "  forge-network: { external: true, shared: true, driver: overlay, attachable: true }",
                    with: "  1️⃣forge-network: { external: true, shared: true, driver: overlay }"))),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        context.registry.networks.compactMap { network in
            guard network.shared, network.driver != "overlay" || !network.attachable else { return nil }
            let missing = [network.driver == "overlay" ? nil : "driver: overlay", network.attachable ? nil : "attachable: true"].compactMap { $0 }
            return Self.description.finding(
                "Shared network \(network.name) must be an attachable overlay network on a swarm",
                at: network.location,
                evidence: ["\(network.location): \(network.name) has " + (network.driver.map { "driver \($0)" } ?? "no driver (bridge)") + (network.attachable ? ", attachable" : ", not attachable")],
                fix: Fix(
                    file: network.location.file, line: network.location.line,
                    replace: RuleText.indent(of: network.location) + "\(network.name): { external: true, shared: true, driver: overlay, attachable: true }",
                    explanation: "Add \(missing.joined(separator: " and ")) to the network's registry entry."))
        }
    }
}
