/// SEC016: a service does not override its image's user with root.
public struct RootUserRule: Rule {
    public static let description = RuleDescription(
        id: "SEC016", name: "root-user",
        summary: "A service must not set `user` to root",
        message: "{service} runs as root",
        rationale: """
            `user: root` (or uid `0`, whatever the group) overrides the non-root `USER` an image \
            was built with, so a compromise of the process is root in the container, one kernel \
            bug away from root on the host and able to write every file of its volumes. Remove \
            the line to keep the image's user, or set a non-root uid (`user: "1000:1000"`) and \
            give that user the paths it writes. Images that start as root and drop privileges \
            themselves (PostgreSQL, nginx) need no `user` line at all.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0018", "CIS 4.1"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    user: "1000:0"
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    user: nexus
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    user: 1️⃣root
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    user: 2️⃣"0:1000"
                """)),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).compactMap { service in
            guard let user = service.hardening.user else { return nil }
            let name = user.value.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init)?.trimmingSpaces() ?? ""
            guard name == "root" || name == "0" else { return nil }
            return service.finding(
                Self.description, "\(service.name) runs as root.", at: user.location,
                evidence: ["user: \(user.value)"],
                fix: Fix(
                    file: user.location.file, line: user.location.line,
                    explanation: "Remove `user` to keep the image's own user, or set a non-root uid and give it the paths it writes."))
        }
    }
}
