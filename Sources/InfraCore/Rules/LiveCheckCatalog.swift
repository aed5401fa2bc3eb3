import Foundation

/// The checks that read the running platform instead of its files, described like the static
/// rules so `infractl rules` lists and explains them and SARIF names them: diagnose's analyzers
/// (`DiagnosisCatalog`) and health's probes. Their examples pair a small workspace with what
/// the engine, the host and the probes showed (`EngineExample`).
public enum LiveCheckCatalog {
    /// HLT001: a health probe failed.
    public static let healthProbeFailed = RuleDescription(
        id: "HLT001", name: "health-probe-failed",
        summary: "a health probe failed",
        message: "{service}: {probe} check failed: {reason}",
        rationale: """
            `infractl health` checks every service from the host the way a person would by hand: \
            the PostgreSQL startup handshake `pg_isready` uses, a Redis `PING`, an HTTP(S) `GET` \
            of the registry's `health.path`, a TCP connection, and the container's Docker state \
            and health check. The probe goes to `health.port`, else the service's first port, \
            and must answer within `health.timeout_ms` (default 3000). A server that asks for a \
            password, or answers with an authentication error, is up: only no answer, a refused \
            or reset connection, an HTTP status of 400 or more, a server still starting up \
            (PostgreSQL SQLSTATE 57P03, Redis LOADING), a TLS certificate the workspace does not \
            trust, or a stopped or unhealthy container fail the check. The finding's evidence \
            shows the probe's answer and the container's last health-check output; its \
            verification commands repeat the check by hand.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(
                ExamplePlatform.files(),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    probes: ["forge-postgres": .success("pg_isready: accepting connections", latency: .milliseconds(4))])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(registry: ExamplePlatform.registry.replacingOccurrences(
                    of: "health: { probe: postgres }", with: "health: 1️⃣{ probe: postgres }")),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    probes: ["forge-postgres": .failure("connection refused", latency: .milliseconds(1))])),
        ])

    /// HLT002: a probe answered, but slower than its degraded threshold.
    public static let healthDegraded = RuleDescription(
        id: "HLT002", name: "health-degraded",
        summary: "a probe answered slower than its degraded threshold (default 1000 ms)",
        message: "{service}: degraded (slow response time: {seconds}s)",
        rationale: """
            A service that answers, but slower than `health.degraded_ms` (default 1000), still \
            works and already hurts the services that depend on it; a slow answer is often the \
            first sign of resource exhaustion, lock contention or a dependency that is itself \
            slow. The latency is measured from the start of the connection to the answer (for \
            HTTP, the response head), so it includes connecting. Check the service's logs and \
            the host's resources (`docker stats`), and raise `degraded_ms` for a service that is \
            slow by design.
            """,
        severity: .warning, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(
                ExamplePlatform.files(),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    probes: ["forge-postgres": .success("pg_isready: accepting connections", latency: .milliseconds(40))])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(registry: ExamplePlatform.registry.replacingOccurrences(
                    of: "health: { probe: postgres }", with: "health: 1️⃣{ probe: postgres }")),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    probes: ["forge-postgres": .success("pg_isready: accepting connections", latency: .milliseconds(1500))])),
        ])

    /// Health's checks.
    public static let health: [RuleDescription] = [healthProbeFailed, healthDegraded]

    /// UP001: `infractl up` or `down` could not bring a tier's services where they should be.
    public static let startupFailed = RuleDescription(
        id: "UP001", name: "startup-failed",
        summary: "docker compose could not start (or stop) a tier's services",
        message: "{project}: docker compose {action} failed for {services}",
        rationale: """
            `infractl up` starts the platform tier by tier with `docker compose up --detach \
            --wait`: each tier's services must be running, and healthy where they have a health \
            check, before the next tier starts. When Compose fails (a container exits, its health \
            check fails, it is not healthy within `--timeout`, an image is missing, a port cannot \
            be bound) nothing further starts: the finding carries Compose's own last lines as \
            evidence, and the diagnosis of the tier's services (RUN001–RUN009) follows it with \
            the root cause and its fix. `infractl down` reports a failing `docker compose rm` the \
            same way.
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(ExamplePlatform.files(), engine: EngineExample([ExamplePlatform.postgres, ExamplePlatform.runningBackend])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(of: "  backend:\n", with: "  1️⃣backend:\n")),
                engine: EngineExample(
                    [ExamplePlatform.postgres],
                    composeFailures: [
                        "prism": """
                             Container prism-backend  Error
                            dependency failed to start: container prism-backend exited (1)
                            """,
                    ])),
        ])

    /// The checks of `up` and `down`.
    public static let startup: [RuleDescription] = [startupFailed]

    /// Every live check: diagnose's (RUN001–RUN009), then health's, then up's.
    public static var all: [RuleDescription] { DiagnosisCatalog.all.map { $0.description } + health + startup + performance }

    /// The live check with this id (case-insensitive).
    public static func check(id: String) -> RuleDescription? {
        all.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }
}

extension RuleCatalog {
    /// Every rule's description: the static rules, then the live checks.
    public static var descriptions: [RuleDescription] { all.map { $0.description } + LiveCheckCatalog.all }
}
