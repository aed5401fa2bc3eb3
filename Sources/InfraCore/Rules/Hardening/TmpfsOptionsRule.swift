/// SEC018: a tmpfs keeps Docker's `noexec` and `nosuid`.
public struct TmpfsOptionsRule: Rule {
    public static let description = RuleDescription(
        id: "SEC018", name: "tmpfs-exec",
        summary: "A tmpfs must not re-enable `exec` or `suid`",
        message: "{service} mounts a tmpfs that allows {option}",
        rationale: """
            Docker mounts every tmpfs `noexec,nosuid`. An `exec` option makes the writable \
            in-memory folder a place to run a dropped binary (the usual reason to make a root \
            file system read-only is lost), and `suid` lets a setuid file there raise \
            privileges. Remove the option; a program that must run from a scratch folder \
            belongs in the image.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0022"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    tmpfs:
                      - /tmp:size=64m,noexec
                      - /run
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    tmpfs:
                      - 1️⃣/tmp:exec,size=64m
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    tmpfs: 2️⃣/cache:rw,suid
                """)),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).flatMap { service in
            service.hardening.tmpfs.compactMap { entry -> Finding? in
                let parts = entry.value.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                let allowed = parts[1].split(separator: ",").map { $0.trimmingSpaces().lowercased() }.filter { $0 == "exec" || $0 == "suid" }
                guard !allowed.isEmpty else { return nil }
                let options = allowed.joined(separator: " and ")
                return service.finding(
                    Self.description, "\(service.name) mounts a tmpfs that allows \(options).", at: entry.location,
                    evidence: ["tmpfs: \(entry.value)"],
                    fix: Fix(file: entry.location.file, line: entry.location.line, explanation: "Remove \(options) from the tmpfs options."))
            }
        }
    }
}
