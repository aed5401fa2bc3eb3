import DockerEngine
import Foundation

/// address-in-use: a process inside the container could not listen.
public struct AddressInUseCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .addressInUse,
        summary: "A process inside the container could not listen: the address is already in use",
        rationale: """
            "bind: address already in use" from inside a container means something in the same \
            network namespace already listens on the port: a second server started by the \
            command, the container whose network stack it shares (`network_mode: \
            service:…`), or, with `network_mode: host`, any process on the host. The fix \
            depends on which: one server per port, a network of its own, or freeing the host \
            port.
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev\n",
                    with: "    image: prism-backend:dev\n    1️⃣command: [\"sh\", \"-c\", \"server --port 8000 & server --port 8000\"]\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["listen tcp :8000: bind: address already in use"]),
                ]),
                service: "prism-backend",
                explanation: "Another process inside its own network namespace already listens on 8000.",
                fix: "Start one server per port: check the command of backend for a second listener on 8000."),
            CauseExample(
                ExamplePlatform.files(prism: """
                    services:
                      sidecar:
                        container_name: prism-sidecar
                        image: envoyproxy/envoy:v1.31
                        ports: ["6000:8000"]
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        1️⃣network_mode: "service:sidecar"
                    """),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), logs: ["listen tcp :8000: bind: address already in use"],
                        networkMode: "container:prism-sidecar"),
                ]),
                service: "prism-backend",
                explanation: "It shares the network stack of sidecar (network_mode: service:sidecar), where 8000 is already taken, so it cannot listen there.",
                fix: "Remove `network_mode: service:sidecar` from backend and give it a network of its own (or make it listen on a port sidecar does not use).",
                replace: "services:\n  backend:\n    networks:\n      - default\n"),
            CauseExample(
                ExamplePlatform.files(prism: """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        1️⃣network_mode: host
                    """),
                engine: EngineExample(
                    [
                        ExamplePlatform.postgres,
                        ContainerExample(
                            "prism-backend", state: .exited(code: 1), logs: ["listen tcp 0.0.0.0:6000: bind: address already in use"],
                            networkMode: "host"),
                    ],
                    hostPorts: [EngineExample.process("python3", pid: 812, port: 6000)]),
                service: "prism-backend",
                explanation: "It uses the host's network (network_mode: host) and python3 (pid 812) on 0.0.0.0:6000/tcp holds 6000.",
                fix: "Stop the process python3 (pid 812), which listens on 6000 outside Docker; the registry allocates 6000 to prism-backend."),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        context.addressInUse(cause, of: service)
    }
}

extension DiagnosisContext {
    fileprivate func addressInUse(_ cause: RootCause, of service: Registry.Service) -> ServiceCause {
        let port = cause.port.map(String.init) ?? "its port"
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        if let mode = compose?.service.networkMode, mode.hasPrefix("service:") || mode.hasPrefix("container:") {
            let owner = String(mode.drop { $0 != ":" }.dropFirst())
            let location = compose?.service.location(of: "network_mode") ?? service.location
            return ServiceCause(
                cause: cause,
                explanation: "It shares the network stack of \(owner) (network_mode: \(mode)), where \(port) is already taken, so it cannot listen there.",
                fix: Fix(
                    file: location.file, line: location.line,
                    replace: "services:\n  \(key):\n    networks:\n      - default\n",
                    explanation: "Remove `network_mode: \(mode)` from \(key) and give it a network of its own (or make it listen on a port \(owner) does not use)."),
                location: location)
        }
        if compose?.service.networkMode == "host", let number = cause.port {
            let location = compose?.service.location(of: "network_mode") ?? service.location
            let holder = self.holder(ofPort: number, excluding: service.name)
            return ServiceCause(
                cause: cause,
                explanation: "It uses the host's network (network_mode: host) and \(holder.map { "\($0) holds \(number)" } ?? "port \(number) is taken on the host").",
                fix: freePortFix(number, holder: holder, for: service, at: location), location: location,
                verify: portVerification(number))
        }
        let location = compose?.service.fieldLocations["command"] ?? compose?.service.location ?? service.location
        return ServiceCause(
            cause: cause,
            explanation: "Another process inside its own network namespace already listens on \(port).",
            fix: Fix(
                file: location.file, line: location.line,
                explanation: "Start one server per port: check the command of \(key) for a second listener on \(port)."),
            location: location)
    }
}
