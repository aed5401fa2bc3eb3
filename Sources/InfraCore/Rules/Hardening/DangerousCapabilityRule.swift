/// SEC009: a service adds no capability that reaches past its container.
public struct DangerousCapabilityRule: Rule {
    public static let description = RuleDescription(
        id: "SEC009", name: "dangerous-capability",
        summary: "A service must not add capabilities that reach the host or other containers",
        message: "{service} adds {capability}",
        rationale: """
            `cap_add` hands the container kernel powers that no namespace contains. They come in \
            classes, and the severity follows the class. Host code execution (error): `ALL`, \
            `SYS_ADMIN`, `SYS_MODULE`, `SYS_RAWIO` let a compromised container load kernel \
            modules, mount the host's disks or write raw memory; there is no safe subset. Host \
            takeover (warning): `NET_ADMIN`, `BPF`, `SYS_BOOT` reconfigure the host's network, \
            load BPF programs or reboot it. Host degradation (warning): `SYS_TIME`, `PERFMON` \
            set the clock or sample every process of the machine, `SYS_NICE`, `IPC_LOCK`, \
            `LEASE` are host-wide levers over the scheduler, memory and file locks. Host \
            disclosure (warning): `SYSLOG` reads the kernel log. Lesser (info): `SYS_PTRACE` and \
            `DAC_READ_SEARCH` trace processes or read files the container does not own. Remove \
            the capability; when the service's job needs it (a VPN needs NET_ADMIN, a backup \
            agent DAC_READ_SEARCH), record that as an exemption with its reason.
            """,
        severity: .error, category: .security,
        equivalents: [
            "compose-lint CL-0011", "compose-lint CL-0024", "compose-lint CL-0027", "compose-lint CL-0028",
            "compose-lint CL-0029", "compose-lint CL-0030", "CIS 5.3",
        ],
        scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    cap_drop: [ALL]
                    cap_add: [NET_BIND_SERVICE, CHOWN]
                """)),
            // A VPN sidecar that needs NET_ADMIN, exempted with its reason.
            RuleExample(HardeningExamples.workspace("""
                services:
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    cap_add: [NET_ADMIN]
                """, exemptions: """
                  exemptions:
                    - services: [nexus-worker]
                      rules: [SEC009]
                      reason: Runs the WireGuard tunnel to the partner's network
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    cap_add:
                      - 1️⃣SYS_ADMIN
                      - NET_BIND_SERVICE
                      - 2️⃣CAP_SYS_MODULE
                """)),
            RuleExample(HardeningExamples.workspace("""
                services:
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    cap_add: [1️⃣NET_ADMIN, 2️⃣SYS_TIME, 3️⃣syslog, 4️⃣IPC_LOCK]
                """), severity: .warning),
            RuleExample(HardeningExamples.workspace("""
                services:
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    cap_add: [1️⃣SYS_PTRACE]
                """), severity: .info),
        ])

    /// What a capability class lets a compromised container do, and how much that weighs.
    enum Class: String {
        case hostCodeExecution = "host code execution"
        case hostTakeover = "host takeover"
        case hostDegradation = "host degradation"
        case hostDisclosure = "host disclosure"
        case lesser = "reach into other processes and files"

        var severity: Severity {
            switch self {
            case .hostCodeExecution: .error
            case .hostTakeover, .hostDegradation, .hostDisclosure: .warning
            case .lesser: .info
            }
        }
    }

    /// The dangerous capabilities by class (names without `CAP_`).
    static let classes: [String: Class] = [
        "ALL": .hostCodeExecution, "SYS_ADMIN": .hostCodeExecution, "SYS_MODULE": .hostCodeExecution, "SYS_RAWIO": .hostCodeExecution,
        "NET_ADMIN": .hostTakeover, "BPF": .hostTakeover, "SYS_BOOT": .hostTakeover,
        "SYS_TIME": .hostDegradation, "PERFMON": .hostDegradation, "SYS_NICE": .hostDegradation, "IPC_LOCK": .hostDegradation,
        "LEASE": .hostDegradation,
        "SYSLOG": .hostDisclosure,
        "SYS_PTRACE": .lesser, "DAC_READ_SEARCH": .lesser,
    ]

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).flatMap { service in
            service.hardening.capAdd.compactMap { added -> Finding? in
                let capability = ServiceHardening.capability(added.value)
                guard let kind = Self.classes[capability] else { return nil }
                return service.finding(
                    Self.description, "\(service.name) adds \(capability) (\(kind.rawValue)).", at: added.location, severity: kind.severity,
                    evidence: ["cap_add: \(added.value) in \(added.location.file)"],
                    fix: Fix(
                        file: added.location.file, line: added.location.line,
                        explanation: "Remove \(capability) from `cap_add`; if \(service.name)'s job needs it, add an exemption with the reason under `rules.exemptions` in \(context.registry.file)."))
            }
        }
    }
}
