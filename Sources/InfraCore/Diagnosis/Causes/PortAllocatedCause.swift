import DockerEngine
import Foundation

/// port-allocated: the engine could not publish a host port.
public struct PortAllocatedCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .portAllocated,
        summary: "The engine could not publish a host port: another container or process holds it",
        rationale: """
            `docker compose up` fails with "port is already allocated" when another container \
            publishes the port, or "address already in use" when a process on the host listens \
            on it. The explanation names the holder (from the engine's containers and the host's \
            sockets) and the fix stops it; when the holder is another registry service that \
            publishes a port the registry does not allocate to it, the fix corrects that \
            service's `ports` instead.
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: #"ports: ["6000:8000"]"#, with: #"ports: [1️⃣"6000:8000"]"#)),
                engine: EngineExample(
                    [
                        ExamplePlatform.postgres,
                        ContainerExample(
                            "prism-backend", state: .exited(code: 128), networks: ["prism_default", "forge-network"],
                            engineError: "driver failed programming external connectivity on endpoint prism-backend: Bind for 0.0.0.0:6000 failed: port is already allocated"),
                    ],
                    hostPorts: [EngineExample.process("python3", pid: 812, port: 6000)]),
                service: "prism-backend",
                explanation: "The engine could not publish host port 6000: python3 (pid 812) on 0.0.0.0:6000/tcp holds it.",
                fix: "Stop the process python3 (pid 812), which listens on 6000 outside Docker; the registry allocates 6000 to prism-backend."),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: #"ports: ["6000:8000"]"#, with: #"ports: [1️⃣"6000:8000"]"#)),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample("squatter", image: "nginx", networks: ["bridge"], ports: ["6000:80"]),
                    ContainerExample(
                        "prism-backend", state: .exited(code: 128), networks: ["prism_default", "forge-network"],
                        engineError: "Bind for 0.0.0.0:6000 failed: port is already allocated"),
                ]),
                service: "prism-backend",
                explanation: "The engine could not publish host port 6000: container squatter holds it.",
                fix: "Stop the container squatter (`docker stop squatter`), which is not in the registry and holds 6000; the registry allocates 6000 to prism-backend."),
            CauseExample(
                ExamplePlatform.files(
                    prism: ExamplePlatform.backend.replacingOccurrences(of: #"ports: ["6000:8000"]"#, with: #"ports: [1️⃣"6000:8000"]"#),
                    forge: ExamplePlatform.forge.replacingOccurrences(of: #"ports: ["3432:5432"]"#, with: #"ports: ["3432:5432", "6000:5432"]"#)),
                engine: EngineExample([
                    ContainerExample(
                        "forge-postgres", image: "postgres:16", health: .healthy, networks: ["forge-network"],
                        ports: ["3432:5432", "6000:5432"]),
                    ContainerExample(
                        "prism-backend", state: .exited(code: 128), networks: ["prism_default", "forge-network"],
                        engineError: "Bind for 0.0.0.0:6000 failed: port is already allocated"),
                ]),
                service: "prism-backend",
                explanation: "The engine could not publish host port 6000: container forge-postgres holds it.",
                fix: "forge-postgres publishes 6000, which the registry allocates to prism-backend: publish only its own ports (3432:5432), then recreate both.",
                replace: "services:\n  postgres:\n    ports:\n      - \"3432:5432\"\n"),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        context.portAllocated(cause, of: service)
    }
}

extension DiagnosisContext {
    fileprivate func portAllocated(_ cause: RootCause, of service: Registry.Service) -> ServiceCause {
        let port = cause.port ?? allocatedPorts(of: service).first { self.holder(ofPort: $0, excluding: service.name) != nil }
        let entry = port.flatMap { portEntry(of: service, port: $0) }
        let location = entry?.location ?? compose(of: service)?.service.location(of: "ports") ?? service.location(of: "ports")
        guard let port else {
            return ServiceCause(
                cause: cause, explanation: "The engine could not publish one of its host ports.",
                fix: Fix(file: location.file, line: location.line, explanation: "Free the host port it publishes, then start it again."),
                location: location, verify: ["docker ps --format '{{.Names}} {{.Ports}}'"])
        }
        let holder = self.holder(ofPort: port, excluding: service.name)
        var explanation = "The engine could not publish host port \(port)"
        explanation += holder.map { ": \($0) holds it." } ?? ": something else on the host holds it."
        return ServiceCause(
            cause: cause, explanation: explanation,
            fix: freePortFix(port, holder: holder, for: service, at: location), location: location, heldPort: port,
            verify: portVerification(port))
    }
}
