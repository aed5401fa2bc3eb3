/// SEC007: processes in a container cannot gain privileges through setuid binaries.
public struct NoNewPrivilegesRule: Rule {
    public static let description = RuleDescription(
        id: "SEC007", name: "no-new-privileges",
        summary: "A service must set `no-new-privileges` so its processes cannot gain privileges",
        message: "{service} does not block privilege escalation (no-new-privileges)",
        rationale: """
            Without `no-new-privileges`, a process in the container can become root again by \
            running a setuid-root or file-capability binary that the image ships (`su`, `ping`, \
            `sudo`), which is the usual second step of an attack on a web process. Add \
            `security_opt: ["no-new-privileges:true"]`; no ordinary service needs setuid at run \
            time. The finding is a warning on a service the outside world reaches (a port on \
            every interface, a registry `domain` or a Traefik route) and info on an internal one.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0003", "CIS 5.25"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    ports: ["5000:8080"]
                    security_opt: ["no-new-privileges:true"]
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    security_opt:
                      - apparmor:docker-default
                      - no-new-privileges=true
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  1️⃣api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    ports: ["5000:8080"]
                  api-debug:
                    image: axiom/nexus:1.4.0
                    ports: ["5001:8080"]
                    2️⃣security_opt: ["no-new-privileges:false"]
                """)),
            // An internal worker: info.
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
            let option = service.hardening.securityOption("no-new-privileges")
            guard option?.value.lowercased() != "true" else { return nil }
            let location = option == nil ? service.compose.location : service.compose.location(of: "security_opt")
            return service.finding(
                Self.description, "\(service.name) does not block privilege escalation (no-new-privileges).", at: location,
                severity: service.severity(exposed: .warning, internal: .info),
                evidence: [option.map { "security_opt sets no-new-privileges:\($0.value)" } ?? "security_opt has no no-new-privileges entry", service.reach + "."],
                fix: Fix(
                    file: location.file, line: location.line,
                    explanation: "Add `no-new-privileges:true` to the `security_opt` list of \(service.compose.name)."))
        }
    }
}
