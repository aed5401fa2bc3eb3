import Foundation

/// One change infractl wrote, as kept in `.dev/infra/.infractl-history/<id>.json`: enough to
/// show it as a diff and to undo it byte for byte.
public struct HistoryRecord: Codable, Sendable, Hashable {
    /// The format of the record file.
    public var version = 1
    /// Sortable id: the UTC time to the millisecond and a random suffix (`20261205T101500123Z-3fa2`).
    public var id: String
    /// When the change was written, ISO 8601 in UTC.
    public var time: String
    /// The command line that made it, secrets masked.
    public var command: String
    /// The user who ran it.
    public var user: String
    /// The change this one undid, for an undo.
    public var undoes: String?
    /// Every file the change touched.
    public var files: [File]

    /// One file of a change.
    public struct File: Codable, Sendable, Hashable {
        /// Workspace-relative path.
        public var path: String
        /// SHA-256 of its contents before, nil when it did not exist.
        public var before: String?
        /// SHA-256 of its contents after, nil when the change removed it.
        public var after: String?
        /// Its contents before, nil when it did not exist.
        public var oldContents: String?
        /// Its contents after, nil when the change removed it.
        public var newContents: String?
    }

    /// The record of `changes`.
    public init(id: String, time: String, command: String, user: String, undoes: String?, changes: ChangeSet) {
        self.id = id
        self.time = time
        self.command = command
        self.user = user
        self.undoes = undoes
        self.files = changes.files.map { change in
            File(
                path: change.path, before: change.before.map(SHA256.hex), after: change.removes ? nil : SHA256.hex(change.after),
                oldContents: change.before, newContents: change.removes ? nil : change.after)
        }
    }

    /// The change as unified diffs, `a/` and `b/` prefixed as git writes them.
    public var diff: String {
        files.map { file in
            UnifiedDiff.diff(
                old: file.oldContents ?? "", new: file.newContents ?? "",
                oldName: file.oldContents == nil ? "/dev/null" : "a/\(file.path)",
                newName: file.newContents == nil ? "/dev/null" : "b/\(file.path)", context: 3)
        }.joined()
    }
}
