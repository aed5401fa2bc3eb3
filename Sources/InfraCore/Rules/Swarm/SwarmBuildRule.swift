/// SWM001: a service that only builds its image, on a swarm.
public struct SwarmBuildRule: Rule {
    public static let description = RuleDescription(
        id: "SWM001", name: "swarm-build-without-image",
        summary: "A service on a swarm has `build:` and no `image:`",
        message: "{service} has build and no image: docker stack deploy cannot build",
        rationale: """
            `docker stack deploy` never builds: it ignores `build:` and schedules the service \
            from `image:` on whichever node the swarm picks, so a service without an image \
            cannot start anywhere. Build and push the image first (`docker compose build` then \
            `docker compose push`, or CI), and name it with a tag every node can pull: \
            `image: registry.example.com/team/app:1.4.0`.
            """,
        severity: .error, category: .registry, scope: .swarm,
        nonTriggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose(SwarmExamples.api))),
            // Both: Compose builds it, the swarm pulls it.
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-worker:
                    build: ./worker
                    image: registry.example.com/nexus/worker:1.4.0
                """))),
        ],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(SwarmExamples.compose("""
                  nexus-worker:
                    1️⃣build: ./worker
                """))),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        context.entries.compactMap { entry in
            let service = entry.service
            guard let build = service.build, service.image == nil else { return nil }
            let location = service.fieldLocations["build"] ?? build.location
            let name = entry.registered?.name ?? service.name
            return Self.description.finding(
                "\(name) has build and no image: docker stack deploy cannot build",
                at: location, service: name, app: entry.registered?.app,
                fix: Fix(
                    file: location.file, line: location.line,
                    replace: RuleText.indent(of: location) + "image: registry.example.com/\(entry.registered?.app ?? "app")/\(service.name):1.0.0",
                    explanation: "Build and push the image first, and name it in `image:` so every node can pull it."))
        }
    }
}
