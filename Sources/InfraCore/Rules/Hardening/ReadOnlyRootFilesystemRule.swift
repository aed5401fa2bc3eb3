/// SEC010: a service's root file system is read-only.
public struct ReadOnlyRootFilesystemRule: Rule {
    public static let description = RuleDescription(
        id: "SEC010", name: "writable-root-filesystem",
        summary: "A service should run with a read-only root file system",
        message: "{service} has a writable root file system",
        rationale: """
            With a writable root file system, code an attacker runs in the container can replace \
            the service's binaries and configuration or download tools, and the change survives \
            until the container is recreated. Set `read_only: true` and give the paths the \
            service writes a `tmpfs` (scratch: `/tmp`, `/run`) or a named volume (data that must \
            survive). It matters most where the outside world can send requests: a warning on \
            an exposed service (a port on every interface, a `domain`, a Traefik route), info \
            on an internal one such as a worker.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0007", "CIS 5.12"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    ports: ["5000:8080"]
                    read_only: true
                    tmpfs: [/tmp]
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  1️⃣api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    ports: ["5000:8080"]
                  admin:
                    image: axiom/nexus:1.4.0
                    labels:
                      traefik.enable: "true"
                    read_only: 2️⃣false
                """)),
            RuleExample(HardeningExamples.workspace("""
                services:
                  1️⃣worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    ports: ["127.0.0.1:5001:8080"]
                """), severity: .info),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).compactMap { service in
            let setting = service.hardening.readOnly
            guard setting?.value != true else { return nil }
            let location = setting?.location ?? service.compose.location
            return service.finding(
                Self.description, "\(service.name) has a writable root file system.", at: location,
                severity: service.severity(exposed: .warning, internal: .info),
                evidence: [setting == nil ? "read_only is not set" : "read_only: false", service.reach + "."],
                fix: Fix(
                    file: location.file, line: location.line, replace: "read_only: true",
                    explanation: "Set `read_only: true` and give the paths \(service.compose.name) writes a tmpfs or a named volume."))
        }
    }
}
