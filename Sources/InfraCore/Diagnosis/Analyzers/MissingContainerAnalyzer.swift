import Foundation

/// RUN001: every registry service expected to run has a container.
public struct MissingContainerAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN001", name: "missing-container",
        summary: "A registry service expected to run has no container",
        message: "{service}: not running (no container)",
        rationale: """
            The registry lists the services of each environment; when one of them has no container \
            at all (not even a stopped one), nobody started it, `docker compose up` failed before \
            creating it (most often because an external network such as `forge-network` does not \
            exist), or its compose file does not define it. Diagnose checks the services of the \
            environments that have containers (`--env` chooses others) and says which of these \
            applies; start the service with the `docker compose … up -d` command it prints.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(ExamplePlatform.files(), engine: EngineExample([ExamplePlatform.postgres, ExamplePlatform.runningBackend])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(of: "  backend:\n", with: "  1️⃣backend:\n")),
                engine: EngineExample([ExamplePlatform.postgres])),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        context.services.filter { service in
            // On a swarm a deployed service's tasks may run on other nodes; RUN010 says why none runs.
            guard context.container(of: service.name) == nil else { return false }
            guard let swarm = context.snapshot.swarm else { return true }
            return context.swarmName(of: service).flatMap(swarm.service(named:)) == nil
        }.map { service in
            let (explanation, location, fix, verify) = reason(service, context)
            var evidence = ["No container named \(service.name) (docker ps -a)"]
            if let (network, _) = context.missingExternalNetwork(of: service) {
                evidence.append("No network named \(network) (docker network ls)")
            }
            return Self.description.finding(
                "\(service.name): not running (no container). \(explanation)", at: location, service: service.name,
                app: service.app, evidence: evidence, fix: fix,
                verify: DiagnosisContext.unique(verify + (context.snapshot.swarm == nil ? [context.composeUpCommand(for: service)] : [])
                    + context.statusCommands(for: service.name).prefix(1)))
        }
    }

    private func reason(_ service: Registry.Service, _ context: DiagnosisContext)
        -> (String, SourceLocation, Fix, [String])
    {
        guard let compose = context.compose(of: service)?.service else {
            let location = service.location(of: "compose_file")
            return (
                "\(service.composeFile) defines no service with container_name \(service.name).", location,
                Fix(
                    file: location.file, line: location.line,
                    explanation: "Define \(service.name) in \(service.composeFile) (with `container_name: \(service.name)`), or correct compose_file."),
                []
            )
        }
        if context.snapshot.swarm != nil {
            let command = "infractl up --target swarm \(service.app)"
            return (
                "It is not deployed on the swarm (no swarm service \(context.swarmName(of: service) ?? service.name)): deploy it with `\(command)`.",
                compose.location, Fix(file: compose.location.file, line: compose.location.line, explanation: "Deploy it: `\(command)`."),
                [command, "docker service ls --filter name=\(context.swarmName(of: service) ?? service.name)"]
            )
        }
        // An external network that does not exist stops `docker compose up` before any container is made.
        if let (name, location) = context.missingExternalNetwork(of: service) {
            return (
                "Its external network \(name) does not exist, so `docker compose up` stops before creating it.",
                location,
                Fix(file: location.file, line: location.line, explanation: "Create the network once: `docker network create \(name)`."),
                ["docker network create \(name)", "docker network inspect \(name) --format '{{.Name}}'"]
            )
        }
        let command = context.composeUpCommand(for: service)
        return (
            "Start it with `\(command)`.", compose.location,
            Fix(file: compose.location.file, line: compose.location.line, explanation: "Start it: `\(command)`."), []
        )
    }
}
