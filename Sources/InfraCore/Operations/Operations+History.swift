import Foundation

/// What `undo` undoes and how.
public struct UndoRequest: Sendable {
    /// The change to undo (an id or a unique prefix); nil for the latest change not yet undone.
    public var id: String?
    /// Work out the change and its diff; write nothing.
    public var dryRun: Bool
    /// Undo even when the result would add a finding to `validate`.
    public var force: Bool

    public init(id: String? = nil, dryRun: Bool = false, force: Bool = false) {
        self.id = id
        self.dryRun = dryRun
        self.force = force
    }
}

extension Operations {
    /// `history`: the recorded changes, newest first.
    public func history() async throws -> Report {
        let workspace = self.workspace
        let (records, recovery) = try await Blocking.run { try EditSession(workspace: workspace).reading { HistoryStore(files: $0.files).records() } }
        return HistoryReports.list(records, workspace: workspace).noting(recovery.notice)
    }

    /// `history show ID`: one recorded change as a unified diff.
    public func historyShow(_ id: String) async throws -> Report {
        let workspace = self.workspace
        let ((record, records), recovery) = try await Blocking.run {
            try EditSession(workspace: workspace).reading { committed in
                let records = HistoryStore(files: committed.files).records()
                return (try HistoryStore.record(id, in: records), records)
            }
        }
        return HistoryReports.show(record, undone: HistoryStore.undone(in: records).contains(record.id), workspace: workspace)
            .noting(recovery.notice)
    }

    /// `undo`: every file of a recorded change back to its contents before it, as a new change
    /// (lock, journal, validation, history record); a dry run gives the diff and writes nothing.
    public func undo(_ request: UndoRequest) async throws -> Report {
        let workspace = self.workspace, date = today(), invocation = self.invocation
        let outcome = try await Blocking.run {
            // The target is named before the lock (its id goes into the record), from the
            // committed history, and checked again under it, from a fresh read.
            let (chosen, _) = try EditSession(workspace: workspace).reading { committed in
                try Self.undoTarget(request.id, in: HistoryStore(files: committed.files).records())
            }
            return try EditSession(workspace: workspace, command: invocation).perform(
                dryRun: request.dryRun, validate: !request.force, undoes: chosen.id
            ) { workspace, context in
                let records = HistoryStore(files: workspace.files).records()
                let target = try Self.undoTarget(request.id, in: records)
                guard target.id == chosen.id else {
                    throw EditError("the history changed while undo started (another infractl wrote); run it again")
                }
                let plan = try UndoPlan.plan(target, in: workspace, records: records, date: date)
                return ((plan.target, context.registry), plan.changes)
            }
        }
        let (target, registry) = outcome.plan
        let summary = "\(request.dryRun ? "Would undo" : "Undid") change \(target.id) (\(target.command))."
        return EditReports.change(
            command: "undo", summary: summary,
            fields: [JSONMember("undoes", .string(target.id)), JSONMember("undone_command", .string(target.command))],
            changes: outcome.changes, dryRun: request.dryRun, notes: [], registry: registry, workspace: workspace.root
        ).recorded(outcome)
    }

    private static func undoTarget(_ id: String?, in records: [HistoryRecord]) throws(HistoryError) -> HistoryRecord {
        guard let id else { return try UndoPlan.latest(in: records) }
        return try HistoryStore.record(id, in: records)
    }
}
