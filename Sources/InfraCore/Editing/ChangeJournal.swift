import Foundation

/// Writes a change set all or nothing across a crash. First the journal: every file's new
/// contents, then a manifest naming each file with the hash of its old and new contents,
/// flushed and renamed into place (the commit point). Then each file is replaced atomically,
/// and the journal removed. A run that finds a journal (always under the workspace lock)
/// finishes a committed one (roll forward) or discards one without a manifest (roll back:
/// no file was touched yet).
public struct ChangeJournal: Sendable {
    /// The journal folder, relative to the workspace root.
    public static let path = ".dev/infra/.infractl-journal"
    static let manifestName = "manifest.json"

    /// Absolute path of the workspace root.
    public let root: String

    public init(root: String) { self.root = root }

    var directory: String { root + "/" + Self.path }

    struct Manifest: Codable {
        var version = 1
        var entries: [Entry]

        struct Entry: Codable {
            /// Workspace-relative path of the file.
            var path: String
            /// SHA-256 of its contents before, `nil` when it did not exist.
            var before: String?
            /// SHA-256 of its new contents.
            var after: String
            /// The journal file holding the new contents.
            var contents: String
            /// Whether the change removes the file (`after` is then unused).
            var removes: Bool?
        }
    }

    /// What `recover` did.
    public enum Recovery: Sendable, Equatable {
        /// There was no journal.
        case none
        /// A committed change was finished; these files were written now.
        case rolledForward([String])
        /// An uncommitted journal was discarded; no file had been touched.
        case rolledBack
        /// A committed change to these files is still pending: a command that only reads took
        /// their new contents and left the journal for the next writer to finish.
        case pending([String])
    }

    /// Writes `changes` all or nothing. Call it holding the workspace lock, after `recover`.
    public func write(_ changes: ChangeSet) throws {
        guard !changes.isEmpty else { return }
        try prepare(changes)
        // Under the lock, right after reading them, the files still hold their old contents:
        // no need to hash them again as a recovery must.
        for change in changes.files {
            let target = root + "/" + change.path
            if change.removes {
                try Self.removeIfPresent(target)
                continue
            }
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(Data(change.after.utf8), to: target)
        }
        try finish()
    }

    /// Writes the journal up to and including its commit point.
    func prepare(_ changes: ChangeSet) throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: directory) { try fileManager.removeItem(atPath: directory) }
        try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var entries: [Manifest.Entry] = []
        for (index, change) in changes.files.enumerated() {
            let name = "\(index).new"
            try AtomicFile.write(Data(change.after.utf8), to: directory + "/" + name)
            entries.append(Manifest.Entry(
                path: change.path, before: change.before.map(SHA256.hex), after: SHA256.hex(change.after), contents: name,
                removes: change.removes ? true : nil))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(Manifest(entries: entries)), to: directory + "/" + Self.manifestName)
    }

    /// What finishing one entry of a committed journal takes.
    private enum Step {
        /// The file already has its new contents (or, for a removal, is already gone).
        case done
        case remove
        case write(Data)
    }

    /// What finishing `entry` takes, checked as every finisher must: a file that has neither its
    /// old nor its new contents was changed by something else meanwhile, and a journal file
    /// whose hash is not the manifest's is damaged. Reads only.
    private func step(for entry: Manifest.Entry) throws -> Step {
        let current = FileManager.default.contents(atPath: root + "/" + entry.path)
        let currentHash = current.map { SHA256.hex(Array($0)) }
        if entry.removes == true {
            guard let currentHash else { return .done }
            guard currentHash == entry.before else { throw changedMeanwhile(entry) }
            return .remove
        }
        if currentHash == entry.after { return .done }
        guard currentHash == entry.before else { throw changedMeanwhile(entry) }
        guard let data = FileManager.default.contents(atPath: directory + "/" + entry.contents), SHA256.hex(Array(data)) == entry.after else {
            throw EditError("the journal in \(Self.path) is damaged (\(entry.contents)); check \(entry.path) and remove the journal")
        }
        return .write(data)
    }

    private func changedMeanwhile(_ entry: Manifest.Entry) -> EditError {
        EditError(
            "\(entry.path) changed while an interrupted infractl change was pending; the change is kept in \(Self.path) for you to compare and remove")
    }

    /// Replaces every file of the committed journal that does not have its new contents yet.
    /// Every entry is checked (`step(for:)`) before any file is touched, so a refused journal
    /// is kept with the files as they were.
    @discardableResult
    func apply() throws -> [String] {
        let manifest = try readManifest()
        let steps = try manifest.entries.map { ($0, try step(for: $0)) }
        var written: [String] = []
        for (entry, step) in steps {
            let target = root + "/" + entry.path
            switch step {
            case .done:
                continue
            case .remove:
                try Self.removeIfPresent(target)
            case .write(let data):
                try FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AtomicFile.write(data, to: target)
            }
            written.append(entry.path)
        }
        return written
    }

    /// Removes the journal: the manifest first (the change is complete), then the rest, and
    /// any temporary file a killed write left beside a changed file.
    func finish() throws {
        let manifest = try? readManifest()
        let fileManager = FileManager.default
        let manifestPath = directory + "/" + Self.manifestName
        if fileManager.fileExists(atPath: manifestPath) {
            try fileManager.removeItem(atPath: manifestPath)
            Self.syncDirectory(directory)
        }
        try fileManager.removeItem(atPath: directory)
        Self.syncDirectory((directory as NSString).deletingLastPathComponent)
        for entry in manifest?.entries ?? [] { removeStaleTemporaries(beside: entry.path) }
    }

    /// Finishes or discards a journal left by a command that did not complete. Call it
    /// holding the workspace lock.
    @discardableResult
    public func recover() throws -> Recovery {
        guard FileManager.default.fileExists(atPath: directory) else { return .none }
        guard FileManager.default.fileExists(atPath: directory + "/" + Self.manifestName) else {
            try FileManager.default.removeItem(atPath: directory)
            return .rolledBack
        }
        let written = try apply()
        try finish()
        return .rolledForward(written)
    }

    /// A committed change as a reader sees it: the workspace's files as they will be once a
    /// writer finishes it.
    public struct PendingChange: Sendable, Equatable {
        /// Every file the change touches, workspace-relative, in the journal's order.
        public var paths: [String]
        /// The new contents of the files not renamed into place yet, by path.
        public var contents: [String: String]
        /// The files the change removes.
        public var removals: Set<String>
    }

    /// The change a committed journal holds, without writing anything; `nil` when there is no
    /// journal or it has no manifest (not committed: its files are untouched and a writer will
    /// discard it). It is checked as a writer finishing it checks it, so a reader refuses what
    /// a writer would refuse instead of reading a state no writer will ever produce.
    public func pending() throws -> PendingChange? {
        guard FileManager.default.fileExists(atPath: directory + "/" + Self.manifestName) else { return nil }
        let manifest = try readManifest()
        var change = PendingChange(paths: manifest.entries.map(\.path), contents: [:], removals: [])
        for entry in manifest.entries {
            switch try step(for: entry) {
            case .done: continue
            case .remove: change.removals.insert(entry.path)
            case .write(let data): change.contents[entry.path] = String(decoding: data, as: UTF8.self)
            }
        }
        return change
    }

    private func readManifest() throws -> Manifest {
        let path = directory + "/" + Self.manifestName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EditError("cannot read \(Self.path)/\(Self.manifestName)")
        }
        do {
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw EditError("the journal manifest \(Self.path)/\(Self.manifestName) is damaged: \(error.localizedDescription)")
        }
    }

    /// Removes `.<name>.<pid>.<random>.tmp` files that `AtomicFile` leaves when killed mid-write.
    private func removeStaleTemporaries(beside path: String) {
        let target = root + "/" + path
        let folder = (target as NSString).deletingLastPathComponent
        let prefix = "." + (target as NSString).lastPathComponent + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    /// Removes the file at `path` when there is one, and syncs its folder.
    static func removeIfPresent(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.removeItem(atPath: path)
        syncDirectory((path as NSString).deletingLastPathComponent)
    }

    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
