/// SEC015: a bind mount does not share mount events with the host.
public struct MountPropagationRule: Rule {
    public static let description = RuleDescription(
        id: "SEC015", name: "shared-mount-propagation",
        summary: "A bind mount must not use shared propagation",
        message: "{service} shares mount events with the host through {path}",
        rationale: """
            With `shared` (or `rshared`) propagation, mounts the host makes under the path \
            appear in the container, and with enough privilege mounts the container makes appear \
            on the host: the mount namespace stops being a boundary. Drop the option (the default \
            is `rprivate`), or use `rslave` where mounts of the host must reach the container but \
            never the reverse.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0017", "CIS 5.19"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    volumes:
                      - /srv/media:/media:ro,rslave
                      - type: bind
                        source: /srv/backups
                        target: /backups
                        bind:
                          propagation: rprivate
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    volumes:
                      - 1️⃣/srv/media:/media:shared
                      - 2️⃣type: bind
                        source: /srv/backups
                        target: /backups
                        bind:
                          propagation: rshared
                """)),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).flatMap { service in
            service.compose.volumes.compactMap { mount -> Finding? in
                guard let propagation = mount.propagation, ["shared", "rshared"].contains(propagation.lowercased()) else { return nil }
                let path = mount.source ?? mount.target
                return service.finding(
                    Self.description, "\(service.name) shares mount events with the host through \(path).", at: mount.location,
                    evidence: ["\(path) is mounted at \(mount.target) with \(propagation) propagation"],
                    fix: Fix(
                        file: mount.location.file, line: mount.location.line,
                        explanation: "Drop the `\(propagation)` propagation (the default is rprivate), or use `rslave`."))
            }
        }
    }
}
