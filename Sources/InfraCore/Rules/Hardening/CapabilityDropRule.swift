/// SEC008: a service drops Docker's default capabilities and adds back only what it needs.
public struct CapabilityDropRule: Rule {
    public static let description = RuleDescription(
        id: "SEC008", name: "capabilities-not-dropped",
        summary: "A service must drop all capabilities (`cap_drop: [ALL]`) and add back only those it needs",
        message: "{service} keeps Docker's default capabilities",
        rationale: """
            Docker gives every container 14 capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, \
            SETGID, NET_RAW, MKNOD, …). Most services need none of them once started, and each is \
            a tool for an attacker inside the container (NET_RAW forges packets on the shared \
            network). Write `cap_drop: [ALL]` and add back with `cap_add` the few the image \
            really uses (an nginx that binds port 80 needs NET_BIND_SERVICE; PostgreSQL's \
            entrypoint needs CHOWN, SETUID, SETGID, FOWNER, DAC_READ_SEARCH). A warning on a \
            service the outside world reaches, info on an internal one.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0006", "CIS 5.3"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    ports: ["5000:8080"]
                    cap_drop: [ALL]
                    cap_add: [NET_BIND_SERVICE]
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    cap_drop:
                      - all
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  1️⃣api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    ports: ["5000:8080"]
                  api-admin:
                    image: axiom/nexus:1.4.0
                    ports: ["5001:8080"]
                    2️⃣cap_drop: [NET_RAW, MKNOD]
                """)),
            RuleExample(HardeningExamples.workspace("""
                services:
                  1️⃣worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                """), severity: .info),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).compactMap { service in
            let dropped = service.hardening.capDrop.map { ServiceHardening.capability($0.value) }
            guard !dropped.contains("ALL") else { return nil }
            let location = dropped.isEmpty ? service.compose.location : service.compose.location(of: "cap_drop")
            return service.finding(
                Self.description, "\(service.name) keeps Docker's default capabilities.", at: location,
                severity: service.severity(exposed: .warning, internal: .info),
                evidence: [dropped.isEmpty ? "no cap_drop" : "cap_drop drops only \(dropped.joined(separator: ", "))", service.reach + "."],
                fix: Fix(
                    file: location.file, line: location.line, replace: dropped.isEmpty ? "cap_drop: [ALL]" : nil,
                    explanation: "Drop every capability with `cap_drop: [ALL]` and add back with `cap_add` only those \(service.compose.name) needs."))
        }
    }
}
