/// SEC012: a service keeps Docker's seccomp filter, AppArmor profile and SELinux labels.
public struct SecurityProfileRule: Rule {
    public static let description = RuleDescription(
        id: "SEC012", name: "unconfined-profile",
        summary: "A service must not turn off seccomp, AppArmor or SELinux confinement",
        message: "{service} turns off {profile}",
        rationale: """
            Docker confines every container with a seccomp filter (it blocks some 50 system \
            calls, among them those of most kernel container escapes), an AppArmor profile and, \
            on SELinux hosts, a label. `security_opt: [seccomp:unconfined]`, \
            `apparmor:unconfined` or `label:disable` (`label=disable`) turn that guard off, so the \
            container talks to the whole kernel. Remove the entry; if the default filter blocks \
            a call the service really makes, allow just that call in a custom profile \
            (`seccomp:./seccomp.json`).
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0009", "CIS 5.1", "CIS 5.2", "CIS 5.21"],
        scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    security_opt:
                      - no-new-privileges:true
                      - seccomp:./config/seccomp.json
                      - apparmor=docker-default
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    security_opt:
                      - 1️⃣seccomp:unconfined
                      - 2️⃣apparmor=unconfined
                      - 3️⃣"label:disable"
                """)),
        ])

    /// The options that switch a confinement off, with what they switch off.
    static let disabling: [(option: String, value: String, profile: String)] = [
        ("seccomp", "unconfined", "the seccomp filter"),
        ("apparmor", "unconfined", "AppArmor"),
        ("label", "disable", "SELinux labelling"),
    ]

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).flatMap { service in
            service.hardening.securityOpt.compactMap { entry -> Finding? in
                let text = entry.value.trimmingSpaces().lowercased()
                guard let match = Self.disabling.first(where: { text == "\($0.option):\($0.value)" || text == "\($0.option)=\($0.value)" }) else {
                    return nil
                }
                return service.finding(
                    Self.description, "\(service.name) turns off \(match.profile).", at: entry.location,
                    evidence: ["security_opt: \(entry.value)"],
                    fix: Fix(
                        file: entry.location.file, line: entry.location.line,
                        explanation: "Remove the entry so Docker's default applies; allow a blocked call in a custom profile instead."))
            }
        }
    }
}
