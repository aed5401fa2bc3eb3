/// SEC019: a service bounds the memory or CPU it may take from the host.
public struct ResourceLimitsRule: Rule {
    public static let description = RuleDescription(
        id: "SEC019", name: "resource-limits",
        summary: "A service should limit its memory and CPU",
        message: "{service} has no memory or CPU limit",
        rationale: """
            Docker bounds neither memory nor CPU by default, so one runaway or compromised \
            container (a query without a limit, a crypto miner, a request flood on an exposed \
            api) can starve every other service on the host. Set \
            `deploy.resources.limits.memory` and `.cpus` (or `mem_limit` and `cpus`), sized \
            from what the service uses (`infractl stats`). The rule reports a service that \
            bounds neither; one limit of the two is enough for it.
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
                """)),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).compactMap { service in
            guard service.hardening.memoryLimit == nil, service.hardening.cpuLimit == nil else { return nil }
            let location = service.compose.location
            return service.finding(
                Self.description, "\(service.name) has no memory or CPU limit.", at: location,
                evidence: ["neither deploy.resources.limits nor mem_limit/cpus is set"],
                fix: Fix(
                    file: location.file, line: location.line,
                    replace: "deploy:\n  resources:\n    limits: { memory: 512M, cpus: \"1.0\" }",
                    explanation: "Bound \(service.compose.name)'s memory and CPU, sized from what it uses (`infractl stats`)."))
        }
    }
}
