/// SEC013: a service mounts no host path that discloses the host or, writable, is host root.
public struct SensitiveHostPathRule: Rule {
    public static let description = RuleDescription(
        id: "SEC013", name: "sensitive-host-path",
        summary: "A service must not bind-mount host paths that disclose the host or give it root",
        message: "{service} mounts the host path {path}",
        rationale: """
            Some host paths are root on the host when written: `/etc` (cron, sudoers, shadow), \
            `/root` (authorized_keys), `/boot`, `/proc` (core_pattern runs a program as root), \
            the engine's data (`/var/lib/docker`, `/var/lib/containerd`), the folders root runs \
            programs from (`/bin`, `/sbin`, `/usr/bin`, `/usr/local/bin`, the kernel modules) and \
            the folders that contain them (`/`, `/usr`, `/var`, `/var/lib`, `/lib`). Mounted \
            writable, they are an error. Read-only they still disclose configuration, keys and \
            other containers' files (a warning), as do `/sys`, `/dev`, the runtime state under \
            `/run` and `/var/run`, home folders and credential folders (`~/.ssh`, `~/.aws`, \
            `~/.kube`, `~/.docker`). Mount only the file the service needs, read-only, or copy \
            it into the image. The time zone files (`/etc/localtime`, `/etc/timezone`) and the \
            harmless devices (`/dev/null`, `/dev/urandom`…) are fine; the engine's socket is \
            SEC003's. A log shipper that reads `/var/lib/docker/containers` gets an exemption \
            with its reason.
            """,
        severity: .error, category: .security, equivalents: ["compose-lint CL-0013", "compose-lint CL-0025", "CIS 5.5"],
        scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    volumes:
                      - ./config:/etc/nexus:ro
                      - /etc/localtime:/etc/localtime:ro
                      - /var/run/docker.sock:/var/run/docker.sock
                      - /dev/urandom:/dev/random
                      - /srv/nexus/uploads:/uploads
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    volumes:
                      - 1️⃣/etc:/host/etc
                      - 2️⃣type: bind
                        source: /var/lib/docker/
                        target: /docker
                      - 3️⃣/:/host
                """)),
            // Read-only, or never root: disclosure only.
            RuleExample(HardeningExamples.workspace("""
                services:
                  worker:
                    container_name: nexus-worker
                    image: axiom/nexus:1.4.0
                    volumes:
                      - 1️⃣/var/lib/docker/containers:/var/lib/docker/containers:ro
                      - 2️⃣/sys:/sys
                      - 3️⃣~/.ssh:/root/.ssh:ro
                      - 4️⃣/run/systemd:/run/systemd
                """), severity: .warning),
        ])

    /// Paths that are host root when writable, with everything below them.
    static let rootTrees = [
        "/etc", "/root", "/boot", "/proc", "/var/lib/docker", "/var/lib/containerd", "/bin", "/sbin", "/usr/bin", "/usr/sbin",
        "/usr/local/bin", "/usr/local/sbin", "/lib/modules", "/usr/lib/modules",
    ]
    /// Folders that are host root when writable because of what they contain (not their subfolders).
    static let rootAncestors: Set<String> = ["/", "/usr", "/usr/lib", "/lib", "/lib64", "/var", "/var/lib"]
    /// Trees whose contents disclose the host.
    static let disclosingTrees = ["/sys", "/dev", "/run", "/var/run", "/home"]
    /// Credential folders in a home folder.
    static let credentialFolders: Set<String> = [".ssh", ".aws", ".kube", ".docker", ".gnupg", ".azure", ".config"]
    /// Host paths that are safe to share.
    static let harmless: Set<String> = [
        "/etc/localtime", "/etc/timezone", "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/shm",
    ]

    /// How much a host path gives a container.
    enum Reach { case hostRoot, disclosure }

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).flatMap { service in
            service.compose.volumes.compactMap { mount -> Finding? in
                guard mount.type == "bind", let source = mount.source, !DockerSocketRule.isEngineSocket(mount),
                      let reach = Self.reach(of: source, readOnly: mount.readOnly)
                else { return nil }
                let path = Self.normalized(source)
                let hostRoot = reach == .hostRoot
                return service.finding(
                    Self.description,
                    "\(service.name) mounts the host path \(path)" + (hostRoot ? " writable: that is root on the host." : (mount.readOnly ? " (read-only): it discloses the host." : ": it discloses the host.")),
                    at: mount.location, severity: hostRoot ? .error : .warning,
                    evidence: ["\(source) is mounted at \(mount.target)\(mount.readOnly ? " read-only" : "")"],
                    fix: Fix(
                        file: mount.location.file, line: mount.location.line,
                        explanation: "Remove the mount, or mount only the file \(service.compose.name) needs, read-only; if it must stay, add an exemption with the reason."))
            }
        }
    }

    /// What mounting `source` gives, or `nil` when it is not a sensitive host path.
    static func reach(of source: String, readOnly: Bool) -> Reach? {
        let path = normalized(source)
        guard !harmless.contains(path) else { return nil }
        if path.hasPrefix("~") {
            let first = path.dropFirst(2).split(separator: "/").first.map(String.init) ?? ""
            return path == "~" || credentialFolders.contains(first) ? .disclosure : nil
        }
        guard path.hasPrefix("/") else { return nil }
        let rootEquivalent = rootAncestors.contains(path) || rootTrees.contains { path == $0 || path.hasPrefix($0 + "/") }
        if rootEquivalent { return readOnly ? .disclosure : .hostRoot }
        if path.hasPrefix("/home/") {
            let parts = path.split(separator: "/")
            return parts.count <= 2 || credentialFolders.contains(String(parts[2])) ? .disclosure : nil
        }
        return disclosingTrees.contains { path == $0 || path.hasPrefix($0 + "/") } ? .disclosure : nil
    }

    /// A host path without repeated or trailing slashes.
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }
}
