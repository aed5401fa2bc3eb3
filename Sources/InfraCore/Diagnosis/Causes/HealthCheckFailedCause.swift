import DockerEngine
import Foundation

/// health-check-failed: the container's health-check command fails.
public struct HealthCheckFailedCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .healthCheckFailed,
        summary: "The container's health-check command fails",
        rationale: """
            Docker marks a container unhealthy after `retries` failed runs of its health check, \
            and services waiting with `condition: service_healthy` never start. Common mistakes \
            show in the check itself: it asks a local port the service does not listen on (the \
            registry's internal port says which it does), or runs a program the image lacks \
            (busybox images have wget, not curl).
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    networks: [default, forge-network]\n",
                    with: "    networks: [default, forge-network]\n    1️⃣healthcheck:\n      test: [\"CMD-SHELL\", \"wget -q -O /dev/null http://localhost:8080/health\"]\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", health: .unhealthy,
                        healthOutput: ["wget: can't connect to remote host (127.0.0.1): Connection refused"],
                        networks: ["prism_default", "forge-network"], ports: ["6000:8000"]),
                ]),
                service: "prism-backend",
                explanation: "Its health check `wget -q -O /dev/null http://localhost:8080/health` asks port 8080, but prism-backend listens on 8000 (its registry internal port).",
                fix: "Check the port the service listens on.",
                replace: "services:\n  backend:\n    healthcheck:\n      test: [\"CMD-SHELL\", \"wget -q -O /dev/null http://localhost:8000/health\"]\n"),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    networks: [default, forge-network]\n",
                    with: "    networks: [default, forge-network]\n    1️⃣healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8000/health\"]\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", health: .unhealthy,
                        healthOutput: [#"OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown"#],
                        networks: ["prism_default", "forge-network"], ports: ["6000:8000"]),
                ]),
                service: "prism-backend",
                explanation: "Its health check runs curl, which the image does not have.",
                fix: "Use a command the image has (busybox images have wget, not curl)."),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    networks: [default, forge-network]\n",
                    with: "    networks: [default, forge-network]\n    1️⃣healthcheck:\n      test: [\"CMD-SHELL\", \"wget -q -O /dev/null http://localhost:8000/health\"]\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", health: .unhealthy, healthOutput: ["wget: server returned error: HTTP/1.1 500 Internal Server Error"],
                        networks: ["prism_default", "forge-network"], ports: ["6000:8000"]),
                ]),
                service: "prism-backend",
                explanation: "Its health check `wget -q -O /dev/null http://localhost:8000/health` fails.",
                fix: "Make the service answer its health check, or correct the check."),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        context.healthCheckFailed(cause, of: service, container: container)
    }
}

extension DiagnosisContext {
    fileprivate func healthCheckFailed(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        let test = compose?.service.healthcheck?.test ?? container.details?.config.healthcheck?.test ?? []
        let location = compose?.service.fieldLocations["healthcheck"] ?? compose?.service.location ?? service.location
        let command = Self.commandText(test)
        let verify = ["docker inspect --format '{{json .State.Health}}' \(container.name)"]
        // The check asks a local port the service does not listen on.
        if let asked = Self.localPort(in: command), let inside = internalPorts(of: service).first,
           !internalPorts(of: service).contains(asked) {
            let fixed = test.map { $0.replacingOccurrences(of: ":\(asked)", with: ":\(inside)") }
            return ServiceCause(
                cause: cause,
                explanation: "Its health check `\(command)` asks port \(asked), but \(service.name) listens on \(inside) (its registry internal port).",
                fix: Fix(
                    file: location.file, line: location.line,
                    replace: "services:\n  \(key):\n    healthcheck:\n      test: \(Self.flowList(fixed))\n",
                    explanation: "Check the port the service listens on."),
                location: location, verify: verify)
        }
        if let missing = cause.path, command.contains(missing) {
            return ServiceCause(
                cause: cause, explanation: "Its health check runs \(missing), which the image does not have.",
                fix: Fix(file: location.file, line: location.line, explanation: "Use a command the image has (busybox images have wget, not curl)."),
                location: location, verify: verify)
        }
        return ServiceCause(
            cause: cause, explanation: "Its health check `\(command)` fails.",
            fix: Fix(file: location.file, line: location.line, explanation: "Make the service answer its health check, or correct the check."),
            location: location, verify: verify)
    }
}
