/// SEC004: containers stay inside their isolation: not privileged, not on the host's network.
public struct PrivilegedServiceRule: Rule {
    public static let description = RuleDescription(
        id: "SEC004", name: "privileged-service",
        summary: "A service must not run privileged or in the host's network, process, IPC or UTS namespace",
        message: "{service} runs privileged",
        rationale: """
            `privileged: true` gives a container every capability and every device of the host: \
            it can load kernel modules and mount the host's disks, so a compromise of the \
            container is a compromise of the machine. `network_mode: host` drops the network \
            isolation: the container listens on the host's interfaces (every port it opens is \
            public, whatever `ports` says), sees the host's loopback services, and cannot join \
            the platform's networks, so other containers cannot reach it by name. `pid: host` \
            lets it see and signal every process of the machine, `ipc: host` read other \
            workloads' shared memory, `uts: host` rename the host, and `userns_mode: host` \
            turns off user-namespace remapping. Remove \
            `privileged` and add only the capabilities the service needs with `cap_add` (and \
            the devices with `devices`); instead of host networking, publish the ports it serves \
            under `ports` and join the networks it talks on. A service that really needs either \
            (a node exporter, cAdvisor) gets an exemption with its reason in the registry's \
            `rules.exemptions`.
            """,
        severity: .warning, category: .security,
        equivalents: ["compose-lint CL-0002", "compose-lint CL-0008", "compose-lint CL-0010", "CIS 5.4", "CIS 5.9", "CIS 5.15", "CIS 5.16", "CIS 5.20"],
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                "apps/nexus/docker-compose.yml": """
                    services:
                      api:
                        container_name: nexus-api
                        image: axiom/nexus:dev
                        privileged: false
                        cap_add: [NET_BIND_SERVICE]
                        networks: [default, forge-network]
                      worker:
                        container_name: nexus-worker
                        image: axiom/nexus:dev
                        network_mode: service:api
                        pid: service:api
                        ipc: shareable
                    networks:
                      forge-network:
                        external: true
                    """,
            ]),
            // An exempted monitoring agent.
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: """
                      exemptions:
                        - services: [nexus-worker]
                          rules: [SEC004]
                          reason: Measures the host's network interfaces
                    """),
                "apps/nexus/docker-compose.yml": """
                    services:
                      worker:
                        container_name: nexus-worker
                        image: axiom/nexus:dev
                        network_mode: host
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                "apps/nexus/docker-compose.yml": """
                    services:
                      api:
                        container_name: nexus-api
                        image: axiom/nexus:dev
                        1️⃣privileged: true
                    """,
            ]),
            // The host's process, IPC and UTS namespaces.
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                "apps/nexus/docker-compose.yml": """
                    services:
                      worker:
                        container_name: nexus-worker
                        image: axiom/nexus:dev
                        pid: 1️⃣host
                        ipc: 2️⃣host
                        uts: 3️⃣host
                        userns_mode: 4️⃣host
                    """,
            ]),
            // Both at once: a finding at each key.
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                "apps/nexus/docker-compose.yml": """
                    services:
                      worker:
                        container_name: nexus-worker
                        image: axiom/nexus:dev
                        1️⃣network_mode: host
                        2️⃣privileged: true
                    """,
            ]),
        ])

    private static func registry(exemptions: String) -> String {
        """
        version: 1
        apps:
          nexus: { ports: 5000-5999 }
        services:
          nexus:
            dev:
              - { name: nexus-api, type: api, compose_file: apps/nexus/docker-compose.yml }
              - { name: nexus-worker, type: worker, compose_file: apps/nexus/docker-compose.yml }
        rules:
          disabled: []
        \(exemptions)
        """
    }

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for entry in context.entries {
            let compose = entry.service
            let service = entry.registered?.name ?? ValidationContext.platformName(of: compose)
            if compose.privileged {
                let location = compose.location(of: "privileged")
                if seen.insert("privileged@\(location)").inserted {
                    findings.append(Self.description.finding(
                        "\(service) runs privileged. It has `privileged: true`, every capability and device of the host.",
                        at: location, service: service, app: entry.registered?.app,
                        evidence: ["privileged: true in \(location.file)"],
                        fix: Fix(
                            file: location.file, line: location.line,
                            explanation: "Remove `privileged: true`; grant only the capabilities \(service) needs with `cap_add` and its devices with `devices`.")))
                }
            }
            if compose.networkMode == "host" {
                let location = compose.location(of: "network_mode")
                if seen.insert("network_mode@\(location)").inserted {
                    findings.append(Self.description.finding(
                        "\(service) runs privileged. It has `network_mode: host`, the host's network without isolation.",
                        at: location, service: service, app: entry.registered?.app,
                        evidence: ["network_mode: host in \(location.file)"],
                        fix: Fix(
                            file: location.file, line: location.line,
                            explanation: "Remove `network_mode: host`; publish the ports \(service) serves under `ports` (bound to 127.0.0.1 where only this machine needs them) and join the networks it talks on.")))
                }
            }
            for (key, namespace) in compose.hardening.namespaces.sorted(by: { $0.key < $1.key }) where namespace.value == "host" {
                guard seen.insert("\(key)@\(namespace.location)").inserted else { continue }
                findings.append(Self.description.finding(
                    "\(service) runs privileged. It has `\(key): host`, \(Self.namespaceMeaning[key] ?? "a namespace of the host").",
                    at: namespace.location, service: service, app: entry.registered?.app,
                    evidence: ["\(key): host in \(namespace.location.file)"],
                    fix: Fix(
                        file: namespace.location.file, line: namespace.location.line,
                        explanation: "Remove `\(key): host`; share with the one service that needs it (`\(key): service:NAME`) if any.")))
            }
        }
        return findings
    }

    /// What sharing each namespace with the host gives the container.
    static let namespaceMeaning = [
        "pid": "every process of the host, to see and signal",
        "ipc": "the host's shared memory",
        "uts": "the host's host name",
        "userns_mode": "no user-namespace remapping",
    ]
}
