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
            return try WorkspaceLock.reading(root: workspace.root) {
                let (current, pending) = pendingView()
                let (plan, changes) = try check(current, validate: validate, body)
                return Outcome(plan: plan, changes: changes, recovery: pending, written: false)
            }
        }
        return try WorkspaceLock.withLock(root: workspace.root) {
            let journal = ChangeJournal(root: workspace.root)
            let recovery = try journal.recover()
            let (plan, changes) = try check(workspace, validate: validate, body)
            guard !changes.isEmpty else { return Outcome(plan: plan, changes: changes, recovery: recovery, written: false) }
            let limit = try? RegistryLoader(workspace: workspace.applying(changes)).load().historyLimit
            let recorded = try HistoryStore(root: workspace.root).recording(
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

    /// The workspace as a reader sees it: with the new contents of a committed change an
    /// interrupted run left pending, as they will be once a writer finishes it (`.pending`).
    private func pendingView() -> (Workspace, ChangeJournal.Recovery) {
        let journal = ChangeJournal(root: workspace.root)
        guard let pending = journal.pendingContents() else { return (workspace, .none) }
        let removed = journal.pendingRemovals()
        let current = Workspace(
            root: workspace.root, registryPath: workspace.registryPath,
            files: LayeredFileSource(overrides: pending, over: workspace.files, removed: removed), environment: workspace.environment)
        return (current, .pending((Array(pending.keys) + removed).sorted()))
    }

    /// The workspace's context for commands that only read, as `WorkspaceLock.reading` reads:
    /// nothing is written, and a committed change an interrupted run left pending is read as
    /// finished (`.pending`) and left for the next writer to finish.
    public func read(traefik: Bool = false) throws -> (context: ValidationContext, recovery: ChangeJournal.Recovery) {
        try WorkspaceLock.reading(root: workspace.root) {
            let (current, pending) = pendingView()
            return (try WorkspaceLoader(workspace: current).load(traefik: traefik), pending)
        }
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
