/// SWM009: a critical service on a swarm that an update cannot roll back.
public struct SwarmRolloutRule: Rule {
    public static let description = RuleDescription(
        id: "SWM009", name: "swarm-rollout",
        summary: "A critical service on a swarm has no health check or no rollback on a failed update",
        message: "Critical service {service} cannot be rolled out safely on a swarm",
        rationale: """
            `docker stack deploy` updates a service by replacing its tasks, one at a time by \
            default, and by default stops the old task first and pauses when a new one fails: \
            a bad image leaves a critical service (a type in `rules.critical_types`) half \
            updated or down. A safe rollout needs a health check, so the swarm knows when a \
            new task works, and `deploy.update_config` with `failure_action: rollback` (go \
            back to the last working spec) and, where two copies may run at once (not a \
            database writing to one volume), `order: start-first`, so the old task serves \
            until the new one is healthy.
            """,
        severity: .warning, category: .health, scope: .swarm,
        nonTriggeringExamples: [RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api)))],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  1️⃣nexus-api:
                    image: axiom/nexus-api:1.4.0
                    ports: ["5000:8000"]
                    networks: [forge-network]
                    healthcheck:
                      test: ["CMD", "wget", "-qO-", "http://localhost:8000/health"]
                """))),
            // A health check alone: a failed update pauses, half done.
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-api:
                    image: axiom/nexus-api:1.4.0
                    1️⃣deploy:
                      update_config: { failure_action: pause }
                    healthcheck:
                      test: ["CMD", "wget", "-qO-", "http://localhost:8000/health"]
                """))),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let critical = Set(context.registry.rules.criticalTypes)
        return context.entries.compactMap { entry in
            guard let registered = entry.registered, critical.contains(registered.type) else { return nil }
            let service = entry.service
            let rollback = service.swarmDeploy.failureAction?.value == "rollback"
            guard !rollback || !service.hasHealthcheck else { return nil }
            let location = service.fieldLocations["deploy"] ?? service.location
            let missing = [service.hasHealthcheck ? nil : "a health check", rollback ? nil : "update_config.failure_action: rollback"].compactMap { $0 }
            let order = registered.type == .database ? "stop-first" : "start-first"
            return Self.description.finding(
                "Critical service \(registered.name) cannot be rolled out safely on a swarm",
                at: location, service: registered.name, app: registered.app,
                evidence: ["\(location): it has no " + missing.joined(separator: " and no ")],
                fix: Fix(
                    file: location.file, line: location.line,
                    replace: RuleText.indent(of: location) + "deploy:\n" + RuleText.childIndent(of: location)
                        + "update_config: { failure_action: rollback, order: \(order), monitor: 30s }",
                    explanation: "Roll back a failed update (merge update_config into the service's deploy: block)" + (service.hasHealthcheck ? "" : ", and add a health check so the swarm knows when a new task works (HC001 proposes one)") + "."))
        }
    }
}
