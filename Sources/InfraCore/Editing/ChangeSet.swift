/// The new contents of a set of workspace files, written all or nothing.
public struct ChangeSet: Sendable, Hashable {
    /// One file's change.
    public struct FileChange: Sendable, Hashable {
        /// Workspace-relative path.
        public var path: String
        /// The contents before, `nil` for a file that does not exist yet.
        public var before: String?
        /// The contents after (empty when the file is removed).
        public var after: String
        /// Whether the change removes the file.
        public var removes: Bool

        public init(path: String, before: String?, after: String, removes: Bool = false) {
            self.path = path
            self.before = before
            self.after = after
            self.removes = removes
        }
    }

    /// The changed files in the order they were first touched.
    public private(set) var files: [FileChange] = []

    public init() {}

    /// Records the new contents of `path`; `before` is kept from the first change of a file.
    public mutating func set(_ path: String, before: String?, after: String) {
        if let index = files.firstIndex(where: { $0.path == path }) {
            files[index].after = after
        } else {
            files.append(FileChange(path: path, before: before, after: after))
        }
        files.removeAll { $0.before == $0.after && !$0.removes }
    }

    /// Records that `path`, holding `before`, is removed.
    public mutating func remove(_ path: String, before: String) {
        files.removeAll { $0.path == path }
        files.append(FileChange(path: path, before: before, after: "", removes: true))
    }

    /// The contents `path` will have, when this change set touches it.
    public func contents(of path: String) -> String? { files.first { $0.path == path }?.after }

    /// Whether nothing changes.
    public var isEmpty: Bool { files.isEmpty }

    /// The changed paths.
    public var paths: [String] { files.map(\.path) }

    /// Unified diffs of every file, `a/` and `b/` prefixed as git writes them.
    public func diff(context: Int = 3) -> String {
        files.map { change in
            UnifiedDiff.diff(
                old: change.before ?? "", new: change.after,
                oldName: change.before == nil ? "/dev/null" : "a/\(change.path)",
                newName: change.removes ? "/dev/null" : "b/\(change.path)", context: context)
        }.joined()
    }
}

/// A file source that sees `overrides` in place of the files below it: the workspace as it
/// will be once a change set is written, for validating it before anything is written.
public struct LayeredFileSource: FileSource {
    public var overrides: [String: String]
    public var base: any FileSource

    /// Paths that no longer exist.
    public var removed: Set<String>

    public init(overrides: [String: String], over base: any FileSource, removed: Set<String> = []) {
        self.overrides = overrides
        self.base = base
        self.removed = removed
    }

    public func text(of path: String) throws -> String? {
        if removed.contains(WorkspacePath.normalize(path) ?? path) { return nil }
        if let text = overrides[WorkspacePath.normalize(path) ?? path] { return text }
        return try base.text(of: path)
    }

    public func exists(_ path: String) -> Bool {
        let normalized = WorkspacePath.normalize(path) ?? path
        if removed.contains(normalized) { return false }
        return overrides[normalized] != nil || overrides.keys.contains { $0.hasPrefix(normalized + "/") } || base.exists(path)
    }

    /// The base's files with the overrides' added and the removed ones left out: a folder
    /// listing (the Traefik dynamic folder, the history) sees the layered state too.
    public func files(under directory: String) -> [String] {
        let folder = WorkspacePath.normalize(directory) ?? directory
        let prefix = folder.isEmpty ? "" : folder + "/"
        return Set(base.files(under: directory) + overrides.keys.filter { $0.hasPrefix(prefix) }).subtracting(removed).sorted()
    }

    public func permissions(of path: String) -> Int? { base.permissions(of: path) }

    public func isTrackedByGit(_ path: String) -> Bool? { base.isTrackedByGit(path) }
}

extension Workspace {
    /// This workspace as it will be once `changes` are written.
    public func applying(_ changes: ChangeSet) -> Workspace {
        var overrides: [String: String] = [:]
        for change in changes.files where !change.removes { overrides[change.path] = change.after }
        let removed = Set(changes.files.filter(\.removes).map(\.path))
        return Workspace(
            root: root, registryPath: registryPath, files: LayeredFileSource(overrides: overrides, over: files, removed: removed),
            environment: environment)
    }
}
