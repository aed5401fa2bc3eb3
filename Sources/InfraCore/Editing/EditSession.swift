import Foundation

/// Runs one change to a workspace on disk safely: under the workspace lock, after finishing
/// (or discarding) a change an earlier run left half-done, from a fresh read of every file;
/// the edited files must load, and (for changes that must keep the platform valid) add no
/// finding; then they are written all or nothing through the journal. A dry run and a read
/// write nothing at all: they hold the lock shared only when its file exists
/// (`WorkspaceLock.reading`), and read a pending journal's change as finished without
/// finishing it.
public struct EditSession: Sendable {
    /// The workspace on disk.
    public let workspace: Workspace
    /// The command line recorded in the history with each change, secrets masked.
    public var command: String

    public init(workspace: Workspace, command: String = HistoryStore.processCommand()) {
        self.workspace = workspace
        self.command = command
    }

    /// What a session did.
    public struct Outcome<Plan: Sendable>: Sendable {
        public var plan: Plan
        public var changes: ChangeSet
        /// What became of a journal an earlier run left.
        public var recovery: ChangeJournal.Recovery
        /// Whether the files were written (false for a dry run).
        public var written: Bool
        /// The history id the written change was recorded under (`infractl undo ID`).
        public var changeID: String?
    }

    /// Plans a change with `body` (given the workspace as it is now and its loaded context),
    /// checks it, and writes it unless `dryRun`. With `validate`, a change that adds an error
    /// or a warning to what `validate` reports is refused. A written change carries its history
    /// record (`HistoryStore`) in the same journal commit; `undoes` names the change an undo undid.
    public func perform<Plan: Sendable>(
        dryRun: Bool = false, validate: Bool, undoes: String? = nil,
        _ body: (Workspace, ValidationContext) throws -> (plan: Plan, changes: ChangeSet)
    ) throws -> Outcome<Plan> {
        if dryRun {
            let ((plan, changes), pending) = try reading { try check($0, validate: validate, body) }
            return Outcome(plan: plan, changes: changes, recovery: pending, written: false)
        }
        return try WorkspaceLock.withLock(root: workspace.root) {
            let journal = ChangeJournal(root: workspace.root)
            let recovery = try journal.recover()
            let (plan, changes) = try check(workspace, validate: validate, body)
            guard !changes.isEmpty else { return Outcome(plan: plan, changes: changes, recovery: recovery, written: false) }
            let limit = try? RegistryLoader(workspace: workspace.applying(changes)).load().historyLimit
            let recorded = try HistoryStore(files: workspace.files).recording(
                changes, command: command, undoes: undoes, limit: (limit ?? nil) ?? HistoryStore.defaultLimit)
            try journal.write(recorded.changes)
            return Outcome(plan: plan, changes: changes, recovery: recovery, written: true, changeID: recorded.id)
        }
    }

    /// Plans the change on `current` and checks that the edited files load and, with
    /// `validate`, add no finding.
    private func check<Plan: Sendable>(
        _ current: Workspace, validate: Bool, _ body: (Workspace, ValidationContext) throws -> (plan: Plan, changes: ChangeSet)
    ) throws -> (plan: Plan, changes: ChangeSet) {
        // Only a change that is validated needs what the rules read beyond ports and services.
        let context = try WorkspaceLoader(workspace: current).load(traefik: validate)
        let (plan, changes) = try body(current, context)
        // The edited files must load: the whole workspace when it is validated, else the
        // registry and every changed YAML file.
        let editedWorkspace = current.applying(changes)
        var edited: ValidationContext?
        do {
            if validate {
                edited = try WorkspaceLoader(workspace: editedWorkspace).load()
            } else {
                _ = try RegistryLoader(workspace: editedWorkspace).load()
                for change in changes.files where change.path.hasSuffix(".yml") || change.path.hasSuffix(".yaml") {
                    do throws(InputError) {
                        _ = try YAMLParser.parse(change.after, file: change.path)
                    } catch {
                        throw InputErrors([error])
                    }
                }
            }
        } catch let failure as InputErrors {
            throw EditError("the edited files would not load, so nothing was written:\n\(failure.description)")
        }
        if validate, let edited {
            let validator = Validator(workspace: current)
            let added = Self.addedFindings(before: validator.run(context), after: validator.run(edited))
            if !added.isEmpty {
                var message = "the change would add \(added.count == 1 ? "a finding" : "\(added.count) findings") to `infractl validate`, so nothing was written:"
                for finding in added {
                    message += "\n  \(finding.location.map { "\($0): " } ?? "")\(finding.severity.rawValue)[\(finding.rule)]: \(finding.message)"
                }
                throw EditError(message, findings: added)
            }
        }
        return (plan, changes)
    }

    /// The workspace as a reader sees it: with a committed change an interrupted run left
    /// pending read as finished (`.pending`), as SQLite's readers read its write-ahead log; an
    /// uncommitted journal is ignored (its files are untouched). Writes nothing.
    private func committedView() throws -> (Workspace, ChangeJournal.Recovery) {
        guard let pending = try ChangeJournal(root: workspace.root).pending() else { return (workspace, .none) }
        let current = Workspace(
            root: workspace.root, registryPath: workspace.registryPath,
            files: LayeredFileSource(overrides: pending.contents, over: workspace.files, removed: pending.removals),
            environment: workspace.environment)
        return (current, .pending(pending.paths))
    }

    /// Runs `body`, which must only read, on the workspace's committed state: under
    /// `WorkspaceLock.reading` (no lock file or folder created, none left behind), with a
    /// committed change an interrupted run left pending read as finished and left for the next
    /// writer to finish (`.pending`). Every command that only reads goes through here, so none
    /// reports on a half-written platform.
    public func reading<T>(_ body: (Workspace) throws -> T) throws -> (value: T, recovery: ChangeJournal.Recovery) {
        try WorkspaceLock.reading(root: workspace.root) {
            let (current, pending) = try committedView()
            return (try body(current), pending)
        }
    }

    /// Finishes (or discards) a change an interrupted run left, under the lock, for a command
    /// that hands the files on disk to another program (`up` and `down` run `docker compose`,
    /// which would read them half-written). Without a journal nothing is created or locked.
    public func finishPending() throws -> ChangeJournal.Recovery {
        let journal = ChangeJournal(root: workspace.root)
        guard FileManager.default.fileExists(atPath: journal.directory) else { return .none }
        return try WorkspaceLock.withLock(root: workspace.root) { try journal.recover() }
    }

    /// The workspace's loaded context for commands that only read (`reading`).
    public func read(traefik: Bool = false) throws -> (context: ValidationContext, recovery: ChangeJournal.Recovery) {
        let (context, recovery) = try reading { try WorkspaceLoader(workspace: $0).load(traefik: traefik) }
        return (context, recovery)
    }

    /// The errors and warnings of `after` that `before` does not have. Findings are matched by
    /// rule, severity, file and service, not by line (an edit moves lines), counting repeats.
    public static func addedFindings(before: [Finding], after: [Finding]) -> [Finding] {
        func key(_ finding: Finding) -> String {
            "\(finding.rule)|\(finding.severity.rawValue)|\(finding.location?.file ?? "")|\(finding.service ?? "")|\(finding.port.map(String.init) ?? "")"
        }
        var remaining = Dictionary(before.map { (key($0), 1) }, uniquingKeysWith: +)
        var added: [Finding] = []
        for finding in after where finding.severity != .info {
            let key = key(finding)
            if let count = remaining[key], count > 0 {
                remaining[key] = count - 1
            } else {
                added.append(finding)
            }
        }
        return added
    }
}
