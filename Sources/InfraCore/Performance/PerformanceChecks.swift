/// `infractl stats`'s live checks (PERF001–PERF004), described like every other check: their
/// examples pair a small workspace with what the engine measured, and are their tests.
extension LiveCheckCatalog {
    private static let mebibyte: Int64 = 1 << 20

    /// The prism backend with `line` after its image.
    private static func backend(with line: String) -> [String: String] {
        ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
            of: "    image: prism-backend:dev\n", with: "    image: prism-backend:dev\n\(line)"))
    }

    /// PERF001: memory at or above 90 % of the limit.
    public static let memoryPressure = RuleDescription(
        id: "PERF001", name: "memory-pressure",
        summary: "a container uses 90 % or more of its memory limit",
        message: "{service}: memory at {percent} of its limit ({used} of {limit})",
        rationale: """
            A container at its memory limit is one allocation away from being killed by the \
            kernel (PERF002), and before that it spends its time reclaiming cache. The number \
            is what `docker stats` shows: the memory charged to the container without the page \
            cache the kernel can drop at once, against the limit it was started with \
            (`mem_limit` or `deploy.resources.limits.memory`); a container without a limit is \
            not judged here (PERF005 asks for one on critical services). The fix raises the \
            limit at its line to twice today's (scale up); when the use only grows, look for a \
            leak before raising it again (optimize).
            """,
        severity: .warning, category: .performance,
        nonTriggeringExamples: [
            RuleExample(
                backend(with: "    mem_limit: 256m\n"),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    usage: ["prism-backend": ResourceUsage(memoryBytes: 100 * mebibyte, memoryLimitBytes: 256 * mebibyte)])),
            // Without a limit there is no pressure to judge.
            RuleExample(
                ExamplePlatform.files(),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    usage: ["prism-backend": ResourceUsage(memoryBytes: 4000 * mebibyte)])),
        ],
        triggeringExamples: [
            RuleExample(
                backend(with: "    mem_limit: 1️⃣256m\n"),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    usage: ["prism-backend": ResourceUsage(memoryBytes: 240 * mebibyte, memoryLimitBytes: 256 * mebibyte)])),
        ])

    /// PERF002: OOM-killed in the last run.
    public static let outOfMemoryKilled = RuleDescription(
        id: "PERF002", name: "oom-killed",
        summary: "the kernel killed a container for exceeding its memory limit in its last run",
        message: "{service}: OOM-killed in its last run",
        rationale: """
            The engine keeps `OOMKilled` in a container's state until it starts again: the \
            kernel killed it (exit code 137) for using more than its memory limit. The \
            explanation and the fix are the diagnosis's own out-of-memory cause (`infractl \
            diagnose` says the same): raise the limit at its line above the service's peak use, \
            or add one where there is none, and make the service use less if its use keeps \
            growing.
            """,
        severity: .error, category: .performance,
        nonTriggeringExamples: [
            RuleExample(
                backend(with: "    mem_limit: 64m\n"),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample("prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"]),
                ])),
        ],
        triggeringExamples: [
            RuleExample(
                backend(with: "    1️⃣mem_limit: 64m\n"),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 137), networks: ["prism_default", "forge-network"], oomKilled: true),
                ])),
        ])

    /// PERF003: CPU at or above 90 % of the quota.
    public static let cpuSaturated = RuleDescription(
        id: "PERF003", name: "cpu-saturated",
        summary: "a container uses 90 % or more of its CPU quota",
        message: "{service}: CPU at {percent} of its quota of {cores} cores",
        rationale: """
            A container at its CPU quota is throttled: every request waits for the next period, \
            and its latency grows with the load. The share is measured over the engine's \
            one-second sample against the quota the container was started with (`cpus` or \
            `deploy.resources.limits.cpus`); a container without a quota may use every core and \
            is not judged. The fix doubles the quota at its line or runs more replicas (scale \
            up); when the load does not explain the use, profile the hot path (optimize) or move \
            the work to a worker (refactor).
            """,
        severity: .warning, category: .performance,
        nonTriggeringExamples: [
            RuleExample(
                backend(with: "    cpus: 0.5\n"),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    usage: ["prism-backend": ResourceUsage(cpuCores: 0.2, cpuLimitCores: 0.5)])),
            // Without a quota, two busy cores are not saturation.
            RuleExample(
                ExamplePlatform.files(),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    usage: ["prism-backend": ResourceUsage(cpuCores: 2)])),
        ],
        triggeringExamples: [
            RuleExample(
                backend(with: "    cpus: 1️⃣0.5\n"),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    usage: ["prism-backend": ResourceUsage(cpuCores: 0.48, cpuLimitCores: 0.5)])),
        ])

    /// PERF004: health checks taking more than half their timeout.
    public static let slowHealthCheck = RuleDescription(
        id: "PERF004", name: "slow-health-check",
        summary: "a container's health checks take more than half their timeout",
        message: "{service}: health check took {ms} ms of its {timeout} ms timeout",
        rationale: """
            A health check that needs more than half its timeout is about to flap: one slow run \
            past the timeout counts as a failure, a few in a row mark the container unhealthy, \
            and `depends_on: service_healthy` and `infractl up` then hold back everything that \
            depends on it. The durations are the engine's record of the last five runs \
            (`State.Health.Log`), against the container's `healthcheck.timeout` (30 s when \
            unset). The fix raises `timeout` at its line; better, make the endpoint the check \
            calls answer from memory instead of querying every dependency.
            """,
        severity: .warning, category: .performance,
        nonTriggeringExamples: [
            RuleExample(
                ExamplePlatform.files(forge: ExamplePlatform.forge.replacingOccurrences(
                    of: "      test: [\"CMD-SHELL\", \"pg_isready\"]\n", with: "      test: [\"CMD-SHELL\", \"pg_isready\"]\n      timeout: 2s\n")),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    healthTimings: ["forge-postgres": HealthCheckTiming(durationsMs: [40, 55, 38], timeoutMs: 2000)])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(forge: ExamplePlatform.forge.replacingOccurrences(
                    of: "      test: [\"CMD-SHELL\", \"pg_isready\"]\n", with: "      test: [\"CMD-SHELL\", \"pg_isready\"]\n      timeout: 1️⃣2s\n")),
                engine: EngineExample(
                    [ExamplePlatform.postgres, ExamplePlatform.runningBackend],
                    healthTimings: ["forge-postgres": HealthCheckTiming(durationsMs: [900, 1400, 1200], timeoutMs: 2000)])),
        ])

    /// `infractl stats`'s checks.
    public static let performance: [RuleDescription] = [memoryPressure, outOfMemoryKilled, cpuSaturated, slowHealthCheck]
}
