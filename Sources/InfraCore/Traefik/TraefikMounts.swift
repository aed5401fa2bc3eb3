/// A path as the Traefik container sees it, traced back to where it comes from on the host.
public struct ContainerPath: Sendable, Hashable {
    /// Where the file comes from.
    public enum Origin: Sendable, Hashable {
        /// A workspace file, by path relative to the root, through a bind mount.
        case workspace(String)
        /// A host path outside the workspace (absolute or under `~`): not read.
        case outsideWorkspace(String)
        /// Inside a named volume: not readable before the container runs.
        case volume(String)
        /// No mount covers it: only the image could provide it.
        case notMounted
    }

    /// The absolute path inside the container.
    public var path: String
    public var origin: Origin
    /// The volume entry that provides it.
    public var mount: VolumeMount?

    public init(path: String, origin: Origin, mount: VolumeMount? = nil) {
        self.path = path
        self.origin = origin
        self.mount = mount
    }

    /// The workspace path, when the file comes from the workspace.
    public var workspacePath: String? {
        if case .workspace(let path) = origin { return path }
        return nil
    }

    /// The path to show a person: the workspace path when known, else the container path.
    public var display: String { workspacePath ?? path }

    /// One sentence on where the file comes from, for a finding's detail.
    public var provenance: String {
        let volume = mount.map { " (volume \($0.source ?? "")\($0.source == nil ? "" : ":")\($0.target))" } ?? ""
        switch origin {
        case .workspace(let host): return "Traefik reads \(path) from \(host)\(volume)."
        case .outsideWorkspace(let host): return "Traefik reads \(path) from \(host) outside the workspace\(volume), which infractl does not read."
        case .volume(let name): return "Traefik reads \(path) from the named volume \(name)\(volume), which infractl cannot read."
        case .notMounted: return "No volume of the Traefik service mounts \(path)."
        }
    }
}

/// The bind mounts and volumes of the Traefik service, for mapping container paths to host
/// files. Relative bind sources are resolved against the compose project's directory, as
/// Compose does.
public struct TraefikMounts: Sendable {
    public var mounts: [VolumeMount]
    /// The compose project directory, relative to the workspace root.
    public var projectDirectory: String
    /// The workspace root on disk, to recognise absolute sources inside it.
    public var workspaceRoot: String

    public init(mounts: [VolumeMount], projectDirectory: String, workspaceRoot: String) {
        self.mounts = mounts
        self.projectDirectory = projectDirectory
        self.workspaceRoot = workspaceRoot
    }

    /// Where the container path `path` comes from; relative paths are taken from `/`
    /// (Traefik's working directory in the official image).
    public func resolve(_ path: String) -> ContainerPath {
        let absolute = Self.clean(path.hasPrefix("/") ? path : "/" + path)
        let covering = mounts
            .filter { Self.isUnder(absolute, Self.clean($0.target)) }
            .max { Self.clean($0.target).count < Self.clean($1.target).count }
        guard let mount = covering else { return ContainerPath(path: absolute, origin: .notMounted) }
        let target = Self.clean(mount.target)
        let rest = absolute == target ? "" : String(absolute.dropFirst(target == "/" ? 1 : target.count + 1))
        guard mount.type == "bind", let source = mount.source else {
            return ContainerPath(path: absolute, origin: .volume(mount.source ?? "anonymous volume"), mount: mount)
        }
        return ContainerPath(path: absolute, origin: origin(ofSource: source, rest: rest), mount: mount)
    }

    private func origin(ofSource source: String, rest: String) -> ContainerPath.Origin {
        let joinedRest = rest.isEmpty ? "" : "/" + rest
        if source.hasPrefix("/") {
            if let relative = WorkspacePath.relative(Self.clean(source), to: Self.clean(workspaceRoot)),
               let path = WorkspacePath.normalize(relative + joinedRest) {
                return .workspace(path)
            }
            return .outsideWorkspace(Self.clean(source) + joinedRest)
        }
        if source.hasPrefix("~") { return .outsideWorkspace(source + joinedRest) }
        if let path = WorkspacePath.join(projectDirectory, source + joinedRest) { return .workspace(path) }
        return .outsideWorkspace(source + joinedRest)
    }

    /// `/a/b/../c/` as `/a/c`.
    static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    static func isUnder(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }
}
