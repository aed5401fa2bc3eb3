import DockerEngine
import Foundation

/// localhost: a connection to localhost, which inside a container is the container itself.
public struct LocalhostCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .localhost,
        summary: "A connection to localhost, which inside a container is the container itself",
        rationale: """
            `localhost` and `127.0.0.1` inside a container are the container itself, not the \
            host and not another container: a backend configured with \
            `postgresql://…@localhost:5432` is refused, or reaches nothing. Other containers are \
            reached by name on a shared network, on their internal port. When ENV002 already \
            reports the variable, its message and fix are reused.
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "      DATABASE_URL:", with: "      1️⃣DATABASE_URL:").replacingOccurrences(
                    of: "@forge-postgres:5432", with: "@localhost:5432")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["Error: connect ECONNREFUSED 127.0.0.1:5432"]),
                ]),
                service: "prism-backend",
                explanation: "It connects to 127.0.0.1:5432, which inside a container is the container itself: DATABASE_URL of prism-backend uses localhost:5432; inside Docker use forge-postgres:5432.",
                fix: "Point DATABASE_URL at forge-postgres:5432, the container name and internal port.",
                replace: "      DATABASE_URL: postgresql://prism:${DB_PASSWORD}@forge-postgres:5432/prism"),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    environment:\n", with: "    1️⃣environment:\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["Error: connect ECONNREFUSED 127.0.0.1:5432"]),
                ]),
                service: "prism-backend",
                explanation: "It connects to 127.0.0.1:5432, which inside a container is the container itself; forge-postgres is reached as forge-postgres:5432.",
                fix: "Point its connection settings at forge-postgres:5432 instead of localhost."),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        context.localhost(cause, of: service)
    }
}

extension DiagnosisContext {
    func localhost(_ cause: RootCause, of service: Registry.Service) -> ServiceCause {
        let port = cause.port
        // The workspace's own ENV002 finding names the variable and writes its fix.
        let candidates = staticFindings[service.name, default: []].filter { $0.rule == ContainerAddressRule.description.id }
        let chosen = candidates.first { port == nil || $0.port == port } ?? candidates.first
        if let finding = chosen {
            // ENV002 ends by saying what localhost is inside a container; this says it first.
            let detail = finding.message.replacingOccurrences(of: " Inside a container \(cause.host ?? "localhost") is the container itself.", with: "")
                .replacingOccurrences(of: " Inside a container localhost is the container itself.", with: "")
            let explanation = "It connects to \(cause.host ?? "localhost")\(port.map { ":\($0)" } ?? ""), which inside a container is the container itself: "
                + detail
            return ServiceCause(cause: cause, explanation: explanation, fix: finding.fix, location: finding.location)
        }
        let target = port.flatMap { number in
            registry.allocations.first { ($0.port == number || $0.internalPort == number) && $0.service != service.name }
        }
        let location = compose(of: service)?.service.location(of: "environment") ?? service.location
        let use = target.map { "\($0.service):\($0.internalPort ?? $0.port)" }
        return ServiceCause(
            cause: cause,
            explanation: "It connects to \(cause.host ?? "localhost")\(port.map { ":\($0)" } ?? ""), which inside a container is the container itself"
                + (use.map { "; \($0.split(separator: ":")[0]) is reached as \($0)." } ?? "."),
            fix: Fix(
                file: location.file, line: location.line,
                explanation: "Point its connection settings at \(use ?? "the other container's name and internal port") instead of localhost."),
            location: location)
    }
}
