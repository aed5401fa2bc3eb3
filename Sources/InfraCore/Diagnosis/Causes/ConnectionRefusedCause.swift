import DockerEngine
import Foundation

/// connection-refused: a connection to another host was refused.
public struct ConnectionRefusedCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .connectionRefused,
        summary: "A connection to another service was refused",
        rationale: """
            A running service that refuses a connection is asked on the wrong port (its host \
            port instead of its internal one, or a port it does not listen on), or was not \
            ready yet: the caller started before it accepted connections. The fix rewrites the \
            variable that holds the address, or makes the caller wait (`depends_on` with \
            `condition: service_healthy` in one project, a later tier across projects).
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "      DATABASE_URL:", with: "      1️⃣DATABASE_URL:").replacingOccurrences(
                    of: "@forge-postgres:5432", with: "@forge-postgres:3432")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: [#"connection to server at "forge-postgres" (172.18.1.2), port 3432 failed: Connection refused"#]),
                ]),
                service: "prism-backend",
                explanation: "It connects to forge-postgres on 3432, forge-postgres's port on the host; containers use its internal port 5432.",
                fix: "Point DATABASE_URL at forge-postgres:5432.",
                replace: "DATABASE_URL: postgresql://prism:${DB_PASSWORD}@forge-postgres:5432/prism"),
            CauseExample(
                ExamplePlatform.files(registry: ExamplePlatform.registry.replacingOccurrences(
                    of: "dependencies: [forge-postgres]", with: "dependencies: [1️⃣forge-postgres]")),
                engine: EngineExample([
                    ContainerExample(
                        "forge-postgres", image: "postgres:16", health: .starting, networks: ["forge-network"], ports: ["3432:5432"]),
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: [#"connection to server at "forge-postgres" (172.18.0.2), port 5432 failed: Connection refused"#]),
                ]),
                service: "prism-backend",
                explanation: "forge-postgres runs (starting) but refused the connection: prism-backend started before forge-postgres accepted connections.",
                fix: "Start prism-backend after forge-postgres is healthy (its tier comes later), or let it retry; restart it now."),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "      DATABASE_URL:", with: "      1️⃣DATABASE_URL:").replacingOccurrences(
                    of: "@forge-postgres:5432", with: "@forge-postgres:5433")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: [#"connection to server at "forge-postgres" (172.18.1.2), port 5433 failed: Connection refused"#]),
                ]),
                service: "prism-backend",
                explanation: "forge-postgres runs but does not listen on 5433; the registry says it listens on 5432.",
                fix: "Point DATABASE_URL at forge-postgres:5432."),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    environment:\n", with: "    1️⃣environment:\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: [#"connection to server at "db.example.com" (10.0.0.5), port 5432 failed: Connection refused"#]),
                ]),
                service: "prism-backend",
                explanation: "It was refused by db.example.com:5432.",
                fix: nil),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        switch context.connectionTarget(of: cause, from: service) {
        case .explained(let explained): explained
        case .running(let target, let targetContainer):
            context.connectionRefused(cause, of: service, target: target, targetContainer: targetContainer)
        }
    }
}

extension DiagnosisContext {
    /// Refused by a running service: the wrong port, or not ready yet.
    fileprivate func connectionRefused(
        _ cause: RootCause, of service: Registry.Service, target: Registry.Service, targetContainer: ContainerSnapshot?
    ) -> ServiceCause {
        let host = cause.host ?? ""
        if let port = cause.port, let allocation = registry.allocation(of: port), allocation.service == target.name,
           let inside = allocation.internalPort, inside != port {
            let (fix, location) = rewrite(host: host, port: port, to: "\(target.name):\(inside)", in: service)
            return ServiceCause(
                cause: cause,
                explanation: "It connects to \(target.name) on \(port), \(target.name)'s port on the host; containers use its internal port \(inside).",
                fix: fix, location: location)
        }
        if let health = targetContainer?.health, health != .healthy {
            return notReady(cause, of: service, target: target, health: health)
        }
        let listening = internalPorts(of: target)
        if let port = cause.port, !listening.isEmpty, !listening.contains(port), let inside = listening.first {
            let (fix, location) = rewrite(host: host, port: port, to: "\(target.name):\(inside)", in: service)
            return ServiceCause(
                cause: cause,
                explanation: "\(target.name) runs but does not listen on \(port); the registry says it listens on \(listening.map(String.init).joined(separator: ", ")).",
                fix: fix, location: location)
        }
        return notReady(cause, of: service, target: target, health: targetContainer?.health)
    }

    fileprivate func notReady(_ cause: RootCause, of service: Registry.Service, target: Registry.Service, health: HealthStatus?) -> ServiceCause {
        let state = health.map { " (\($0))" } ?? ""
        guard let compose = self.compose(of: service), let targetCompose = self.compose(of: target),
              compose.project.file == targetCompose.project.file else {
            let location = service.dependencies.first { $0.value == target.name }?.location ?? service.location(of: "dependencies")
            return ServiceCause(
                cause: cause,
                explanation: "\(target.name) runs\(state) but refused the connection: \(service.name) started before \(target.name) accepted connections.",
                fix: Fix(
                    file: location.file, line: location.line,
                    explanation: "Start \(service.name) after \(target.name) is healthy (its tier comes later), or let it retry; restart it now."),
                location: location, blamedService: health == .unhealthy ? target.name : nil)
        }
        let key = compose.service.name
        let location = compose.service.location(of: "depends_on")
        let condition = targetCompose.service.hasHealthcheck ? "service_healthy" : "service_started"
        return ServiceCause(
            cause: cause,
            explanation: "\(target.name) runs\(state) but refused the connection: \(key) started before \(target.name) accepted connections.",
            fix: Fix(
                file: location.file, line: location.line,
                replace: "services:\n  \(key):\n    depends_on:\n      \(targetCompose.service.name):\n        condition: \(condition)\n",
                explanation: "Make \(key) wait for \(targetCompose.service.name) to be \(condition == "service_healthy" ? "healthy" : "started")."),
            location: location, blamedService: health == .unhealthy ? target.name : nil)
    }
}
