/// What a service's compose definition says about the reach of its container into the host:
/// the settings the Security Report's hardening rules read. Read leniently (a value of an
/// unexpected shape is skipped, never an error), so that reading them cannot change what
/// `validate` reports about a file.
public struct ServiceHardening: Sendable, Hashable {
    /// `cap_add` and `cap_drop` entries as written (`NET_ADMIN`, `CAP_SYS_ADMIN`, `ALL`).
    public var capAdd: [Located<String>] = []
    public var capDrop: [Located<String>] = []
    /// `security_opt` entries (`no-new-privileges:true`, `seccomp:unconfined`).
    public var securityOpt: [Located<String>] = []
    /// `read_only`, where written.
    public var readOnly: Located<Bool>?
    /// `user`, where written.
    public var user: Located<String>?
    /// `pid`, `ipc`, `uts` and `userns_mode`, by key, where written.
    public var namespaces: [String: Located<String>] = [:]
    /// The host side of each `devices` entry (`/dev/sda` of `/dev/sda:/dev/xvda:rwm`).
    public var devices: [Located<String>] = []
    /// `logging.driver`, where written.
    public var loggingDriver: Located<String>?
    /// The service's `tmpfs` entries (`/tmp:exec,size=64m`).
    public var tmpfs: [Located<String>] = []
    /// The memory limit (`deploy.resources.limits.memory`, else `mem_limit`), where written.
    public var memoryLimit: Located<String>?
    /// The CPU limit (`deploy.resources.limits.cpus`, else `cpus` or `cpu_quota`), where written.
    public var cpuLimit: Located<String>?

    public init() {}

    /// The `security_opt` entry that sets `option` (`no-new-privileges`, `seccomp`, `apparmor`),
    /// with its value (`true` for a bare flag), whichever separator it uses (`:` or `=`).
    public func securityOption(_ option: String) -> (value: String, location: SourceLocation)? {
        for entry in securityOpt.reversed() {
            let text = entry.value.trimmingSpaces()
            guard text.lowercased().hasPrefix(option) else { continue }
            let rest = text.dropFirst(option.count)
            if rest.isEmpty { return ("true", entry.location) }
            guard let separator = rest.first, separator == ":" || separator == "=" else { continue }
            return (String(rest.dropFirst()).trimmingSpaces(), entry.location)
        }
        return nil
    }

    /// A capability's name as Docker compares it: upper case, without the `CAP_` prefix.
    public static func capability(_ text: String) -> String {
        let name = text.trimmingSpaces().uppercased()
        return name.hasPrefix("CAP_") ? String(name.dropFirst(4)) : name
    }
}
