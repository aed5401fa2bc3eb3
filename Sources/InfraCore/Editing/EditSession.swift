import Foundation

/// Runs one change to a workspace on disk safely: under the workspace lock, after finishing
/// (or discarding) a change an earlier run left half-done, from a fresh read of every file;
/// the edited files must load, and (for changes that must keep the platform valid) add no
/// finding; then they are written all or nothing through the journal. A dry run holds the
/// lock to read a consistent state but writes nothing, not even a pending journal.
public struct EditSession: Sendable {
    /// The workspace on disk.
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// What a session did.
    public struct Outcome<Plan: Sendable>: Sendable {
        public var plan: Plan
        public var changes: ChangeSet
        /// What became of a journal an earlier run left.
        public var recovery: ChangeJournal.Recovery
        /// Whether the files were written (false for a dry run).
        public var written: Bool
    }

    /// Plans a change with `body` (given the workspace as it is now and its loaded context),
    /// checks it, and writes it unless `dryRun`. With `validate`, a change that adds an error
    /// or a warning to what `validate` reports is refused.
    public func perform<Plan: Sendable>(
        dryRun: Bool = false, validate: Bool,
        _ body: (Workspace, ValidationContext) throws -> (plan: Plan, changes: ChangeSet)
    ) throws -> Outcome<Plan> {
        try WorkspaceLock.withLock(root: workspace.root) {
            let journal = ChangeJournal(root: workspace.root)
            var recovery = ChangeJournal.Recovery.none
            var current = workspace
            if dryRun {
                if let pending = journal.pendingContents() {
                    current = Workspace(
                        root: workspace.root, registryPath: workspace.registryPath,
                        files: LayeredFileSource(overrides: pending, over: workspace.files), environment: workspace.environment)
                }
            } else {
                recovery = try journal.recover()
            }
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
            if !dryRun { try journal.write(changes) }
            return Outcome(plan: plan, changes: changes, recovery: recovery, written: !dryRun && !changes.isEmpty)
        }
    }

    /// The workspace's context, read under the lock after finishing (or discarding) a change
    /// an earlier run left half-done, for commands that only read.
    /// A workspace the user cannot write to (a read-only checkout) is read without the lock
    /// when no journal is pending.
    public func read() throws -> (context: ValidationContext, recovery: ChangeJournal.Recovery) {
        let folder = workspace.root + "/" + (WorkspaceLock.path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: workspace.root + "/" + ChangeJournal.path),
           !FileManager.default.isWritableFile(atPath: folder) {
            return (try WorkspaceLoader(workspace: workspace).load(traefik: false), .none)
        }
        return try WorkspaceLock.withLock(root: workspace.root) {
            let recovery = try ChangeJournal(root: workspace.root).recover()
            return (try WorkspaceLoader(workspace: workspace).load(traefik: false), recovery)
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
