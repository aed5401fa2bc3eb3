import DockerEngine
import Foundation

/// out-of-memory: the container exceeded its memory limit or ran out of memory.
public struct OutOfMemoryCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .outOfMemory,
        summary: "The kernel killed the container for exceeding its memory limit, or it ran out of memory",
        rationale: """
            A container that uses more than its `mem_limit` (or `deploy.resources.limits.memory`) \
            is killed by the kernel with exit code 137 and `OOMKilled` in its state; runtimes \
            that reach their own heap limit print "JavaScript heap out of memory", "MemoryError" \
            or "runtime: out of memory". The fix points at the limit and raises it above the \
            service's peak use; `docker stats` shows that use.
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev\n", with: "    image: prism-backend:dev\n    1️⃣mem_limit: 64m\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 137), networks: ["prism_default", "forge-network"],
                        oomKilled: true),
                ]),
                service: "prism-backend",
                explanation: "The kernel killed it for exceeding its memory limit (OOMKilled).",
                fix: "Raise its memory limit above its peak use (or make it use less).",
                replace: "services:\n  backend:\n    deploy:\n      resources:\n        limits:\n          memory: 1g\n"),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(of: "  backend:\n", with: "  1️⃣backend:\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"]),
                ]),
                service: "prism-backend",
                explanation: "It ran out of memory.",
                fix: "Raise its memory limit above its peak use (or make it use less)."),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        context.outOfMemory(cause, of: service, container: container)
    }
}

extension DiagnosisContext {
    fileprivate func outOfMemory(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        let location = compose?.service.fieldLocations["mem_limit"] ?? compose?.service.fieldLocations["deploy"]
            ?? compose?.service.location ?? service.location
        let killed = container.details?.state.oomKilled == true
        return ServiceCause(
            cause: cause,
            explanation: killed ? "The kernel killed it for exceeding its memory limit (OOMKilled)." : "It ran out of memory.",
            fix: Fix(
                file: location.file, line: location.line,
                replace: "services:\n  \(key):\n    deploy:\n      resources:\n        limits:\n          memory: 1g\n",
                explanation: "Raise its memory limit above its peak use (or make it use less)."),
            location: location, verify: ["docker stats --no-stream \(container.name)"])
    }
}
