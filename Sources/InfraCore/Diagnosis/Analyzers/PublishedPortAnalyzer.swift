import Foundation
import DockerEngine

/// RUN006: a running container publishes exactly the host ports the registry allocates.
public struct PublishedPortAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN006", name: "published-ports",
        summary: "A container publishes other host ports than the registry allocates",
        message: "{service} publishes {actual}, registry allocates {expected}",
        rationale: """
            The registry allocates each host port to one service so that no two services fight \
            for a port and every tool knows where to find a service. A container that publishes \
            other ports (a changed compose file, a container started by hand) breaks both. Publish \
            the allocated ports in the compose file and recreate the container; when the compose \
            file already matches, only the container is stale.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(ExamplePlatform.files(), engine: EngineExample([ExamplePlatform.postgres, ExamplePlatform.runningBackend])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: #"    ports: ["6000:8000"]"#, with: #"    1️⃣ports: ["6000:8000"]"#)),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample("prism-backend", networks: ["prism_default", "forge-network"], ports: ["6001:8000"]),
                ])),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        var findings: [Finding] = []
        for service in context.services {
            // A swarm task's ports are its service's (`Endpoint.Ports`), not its container's.
            guard let container = context.container(of: service.name), container.isRunning, container.summary.swarmServiceName == nil,
                  container.details?.hostConfig.networkMode != "host" else { continue }
            let actual = container.publishedHostPorts
            let expected = context.allocatedPorts(of: service)
            guard actual != expected else { continue }
            let compose = context.compose(of: service)
            let location = compose?.service.location(of: "ports") ?? service.location(of: "ports")
            let mappings = expected.map { "\($0):\(context.registry.allocation(of: $0)?.internalPort ?? $0)" }
            let composePorts = Set(compose?.service.ports.flatMap(\.publishedPorts) ?? [])
            let key = compose?.service.name ?? service.name
            let fix: Fix
            var verify = ["docker port \(container.name)"]
            if composePorts == Set(expected) {
                fix = Fix(
                    file: location.file, line: location.line,
                    explanation: "The compose file already publishes \(Self.list(expected)); recreate the container: `\(context.composeUpCommand(for: service)) --force-recreate`.")
                verify.insert(context.composeUpCommand(for: service) + " --force-recreate", at: 0)
            } else {
                let yaml = "services:\n  \(key):\n    ports:\n"
                    + (mappings.isEmpty ? "      []\n" : mappings.map { "      - \"\($0)\"\n" }.joined())
                fix = Fix(
                    file: location.file, line: location.line, replace: yaml,
                    explanation: "Publish the ports the registry allocates to \(service.name).")
                verify.insert(context.composeUpCommand(for: service), at: 0)
            }
            findings.append(Self.description.finding(
                "\(service.name) publishes \(Self.list(actual)), registry allocates \(Self.list(expected))",
                at: location, service: service.name, port: actual.first { !expected.contains($0) }, app: service.app,
                evidence: ["\(container.name) publishes " + Self.describe(container.summary.ports)],
                fix: fix, verify: verify))
        }
        return findings
    }

    /// `6001->8000/tcp`, each once.
    static func describe(_ ports: [ContainerSummary.Port]) -> String {
        let published = ports.compactMap { port in port.publicPort.map { "\($0)->\(port.privatePort)/\(port.type)" } }.uniqued()
        return published.isEmpty ? "nothing" : published.joined(separator: ", ")
    }

    static func list(_ ports: [Int]) -> String {
        ports.isEmpty ? "nothing" : ports.map(String.init).joined(separator: ", ")
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
