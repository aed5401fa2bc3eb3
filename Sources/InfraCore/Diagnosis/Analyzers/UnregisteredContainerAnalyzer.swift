import Foundation
import DockerEngine

/// RUN004: every running container belongs to the registry.
public struct UnregisteredContainerAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN004", name: "unregistered-container",
        summary: "A running container is not in the registry",
        message: "{container} is running but not in the registry",
        rationale: """
            The registry is the single source of truth for what runs on the platform. A container \
            it does not know holds ports, memory and names nobody planned for, and is often the \
            one that takes a port the registry allocated to another service (see RUN007). Register \
            it (name, app, type, ports, networks, compose file) or stop it. Only reported when the \
            whole platform is diagnosed.
            """,
        severity: .warning, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(ExamplePlatform.files(), engine: EngineExample([ExamplePlatform.postgres, ExamplePlatform.runningBackend])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "networks:\n  forge-network:", with: "  1️⃣adminer:\n    image: adminer\nnetworks:\n  forge-network:")),
                engine: EngineExample([
                    ExamplePlatform.postgres, ExamplePlatform.runningBackend,
                    ContainerExample(
                        "prism-adminer-1", image: "adminer", networks: ["prism_default"], ports: ["8080:8080"],
                        composeFile: ExamplePlatform.prismFile, composeService: "adminer"),
                ])),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        context.unregisteredContainers.map { container in
            let origin = composeOrigin(of: container, context)
            var evidence = ["Image \(container.summary.image), \(container.summary.status)"]
            let ports = container.summary.ports.filter { $0.publicPort != nil }
                .map { "\($0.ip.map { "\($0):" } ?? "")\($0.publicPort ?? 0)->\($0.privatePort)/\($0.type)" }
            if !ports.isEmpty { evidence.append("Publishes " + Array(Set(ports)).sorted().joined(separator: ", ")) }
            if let labels = container.compose {
                evidence.append("Compose project \(labels.project), service \(labels.service)"
                    + (origin.map { " (\($0.file))" } ?? ""))
            }
            let networks = container.networks.keys.sorted()
            var entry = "- name: \(container.name)\n  type: other\n"
            if !container.summary.image.isEmpty { entry += "  image: \(container.summary.image)\n" }
            if !container.publishedHostPorts.isEmpty {
                entry += "  ports: [\(container.publishedHostPorts.map(String.init).joined(separator: ", "))]\n"
            }
            if !networks.isEmpty { entry += "  networks: [\(networks.joined(separator: ", "))]\n" }
            entry += "  compose_file: \(origin?.file ?? "<compose file>")\n"
            return Self.description.finding(
                "\(container.name) is running but not in the registry", at: origin, service: container.name,
                evidence: evidence,
                fix: Fix(
                    file: context.registry.file, replace: entry,
                    explanation: "Register it under `services.<app>.<env>` (choose its app and type, allocate its ports), or stop it: `docker stop \(container.name)`."),
                verify: ["docker ps --filter name=^\(container.name)$ --format '{{.Names}} {{.Image}} {{.Ports}}'"])
        }
    }

    /// The compose service of the workspace that made the container, when one did.
    private func composeOrigin(of container: ContainerSnapshot, _ context: DiagnosisContext) -> SourceLocation? {
        guard let labels = container.compose else { return nil }
        for file in labels.configFiles {
            guard let relative = WorkspacePath.relative(file, to: context.workspaceRoot),
                  let project = context.validation.projects.first(where: { $0.files.contains(relative) }),
                  let service = project.service(named: labels.service) else { continue }
            return service.location
        }
        return nil
    }
}
