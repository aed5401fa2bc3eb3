/// SEC019: a service bounds the memory or CPU it may take from the host.
public struct ResourceLimitsRule: Rule {
    public static let description = RuleDescription(
        id: "SEC019", name: "resource-limits",
        summary: "A service should limit its memory and CPU",
        message: "{service} has no {memory or CPU} limit",
        rationale: """
            Docker bounds neither memory nor CPU by default, so one runaway or compromised \
            container (a query without a limit, a crypto miner, a request flood on an exposed \
            api) can starve every other service on the host. Set \
            `deploy.resources.limits.memory` and `.cpus` (or `mem_limit` and `cpus`), sized \
            from what the service uses (`infractl stats`). The rule reports each of the two a \
            service leaves unbounded, as compose-lint does: a memory limit alone still lets \
            one service take every core. `validate`'s PERF005 asks critical services for the \
            memory limit.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0026", "CIS 5.10", "CIS 5.11"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    deploy:
                      resources:
                        limits: { memory: 512M, cpus: "1.0" }
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    mem_limit: 256m
                    cpus: 0.5
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  1️⃣api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    deploy:
                      resources:
                        reservations: { memory: 128M }
                  2️⃣worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    mem_limit: 256m
                """)),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).compactMap { service in
            let missing = [service.hardening.memoryLimit == nil ? "memory" : nil, service.hardening.cpuLimit == nil ? "CPU" : nil].compactMap { $0 }
            guard !missing.isEmpty else { return nil }
            let location = service.compose.location
            return service.finding(
                Self.description, "\(service.name) has no \(missing.joined(separator: " or ")) limit.", at: location,
                evidence: [missing.count == 2 ? "neither deploy.resources.limits nor mem_limit/cpus is set"
                    : missing == ["CPU"] ? "a memory limit is set, no cpus" : "a CPU limit is set, no memory limit"],
                fix: Fix(
                    file: location.file, line: location.line,
                    replace: "deploy:\n  resources:\n    limits: { memory: 512M, cpus: \"1.0\" }",
                    explanation: "Bound \(service.compose.name)'s memory and CPU, sized from what it uses (`infractl stats`)."))
        }
    }
}
