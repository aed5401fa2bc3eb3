import Foundation
import DockerEngine

/// RUN007: a host port the registry allocates is free for its service.
public struct HostPortAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN007", name: "host-port-in-use",
        summary: "A host port the registry allocates is held by another process or container",
        message: "Port {port} is in use by {holder}",
        rationale: """
            When another container publishes a port, or a process on the host listens on it, the \
            engine cannot publish it for the service it is allocated to: `docker compose up` fails \
            with "port is already allocated" or "bind: address already in use". Diagnose reads the \
            containers' published ports and the host's sockets (`/proc/net/tcp`, with the owning \
            process where it can read it) and names the holder. Stop the holder, or, if it is a \
            registry service that publishes a port not allocated to it, correct that service.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            // Docker's own proxy holds the port the backend publishes.
            RuleExample(
                ExamplePlatform.files(),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    hostPorts: [EngineExample.process("docker-proxy", pid: 901, port: 6000)])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: #"ports: ["6000:8000"]"#, with: #"ports: [1️⃣"6000:8000"]"#)),
                engine: EngineExample(
                    [
                        ExamplePlatform.postgres,
                        ContainerExample("prism-backend", state: .created, networks: ["prism_default", "forge-network"]),
                    ],
                    hostPorts: [EngineExample.process("python3", pid: 812, port: 6000)])),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        var findings: [Finding] = []
        for service in context.services {
            if context.compose(of: service)?.service.networkMode == "host", context.isRunning(service.name) { continue }
            for port in context.allocatedPorts(of: service) {
                let transport: HostPortHolder.Transport = context.registry.allocation(of: port)?.protocol == .udp ? .udp : .tcp
                guard let holder = context.holder(ofPort: port, transport: transport, excluding: service.name) else { continue }
                let location = context.portEntry(of: service, port: port)?.location
                    ?? context.registry.allocation(of: port)?.location ?? service.location(of: "ports")
                var evidence = ["Registry: \(port) is allocated to \(service.name)"]
                switch holder {
                case .container(let name, let registered):
                    evidence.append("Container \(name)\(registered.map { " (registry service \($0))" } ?? "") publishes \(port)")
                case .process(let socket):
                    evidence.append("Host socket: \(socket)")
                }
                if let own = context.container(of: service.name), !own.isRunning {
                    evidence.append("\(own.name) is \(own.status)")
                }
                findings.append(Self.description.finding(
                    "Port \(port) is in use by \(holder)", at: location, service: service.name, port: port, app: service.app,
                    evidence: evidence, fix: context.freePortFix(port, holder: holder, for: service, at: location),
                    verify: context.portVerification(port) + [context.composeUpCommand(for: service)]))
            }
        }
        return findings
    }
}
