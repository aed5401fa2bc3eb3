import Foundation

/// The change that undoes a recorded one: every file back to its contents before it (a file
/// the change created is removed, one it removed written again), except `CHANGELOG.md`, a log,
/// which keeps the change's entry and gains a `### Reverted` entry naming it.
public struct UndoPlan: Sendable {
    /// The change undone.
    public var target: HistoryRecord
    /// The files to write.
    public var changes: ChangeSet

    /// The plan to undo `target` in `workspace` as it is now. Refused (`modifiedSince`) when a
    /// file of the change no longer holds what the change wrote, naming the later recorded
    /// change to undo first when there is one.
    public static func plan(
        _ target: HistoryRecord, in workspace: Workspace, records: [HistoryRecord], date: String
    ) throws -> UndoPlan {
        var changes = ChangeSet()
        let entry = "Change \(target.id) (`\(target.command)`)"
        for file in target.files {
            let current = try workspace.files.text(of: file.path)
            // The changelog is a log every later change appends to: it is not compared.
            if (file.path as NSString).lastPathComponent == "CHANGELOG.md" {
                guard let current else {
                    changes.set(file.path, before: nil, after: ChangelogEditor.newFile(platform: nil, entry: entry, section: .reverted, date: date))
                    continue
                }
                var editor = ChangelogEditor(text: current)
                editor.add(entry, to: .reverted, on: date)
                changes.set(file.path, before: current, after: editor.text)
                continue
            }
            guard current.map({ SHA256.hex($0) }) == file.after else {
                throw modified(file.path, since: target, records: records)
            }
            if let old = file.oldContents {
                changes.set(file.path, before: current, after: old)
            } else if let current {
                changes.remove(file.path, before: current)
            }
        }
        return UndoPlan(target: target, changes: changes)
    }

    /// The change to undo by default: the newest one that is not an undo and not undone.
    public static func latest(in records: [HistoryRecord]) throws(HistoryError) -> HistoryRecord {
        let undone = HistoryStore.undone(in: records)
        guard let latest = records.last(where: { $0.undoes == nil && !undone.contains($0.id) }) else {
            throw HistoryError(.notFound, "nothing to undo: \(HistoryStore.path) holds no change that is not undone")
        }
        return latest
    }

    private static func modified(_ path: String, since target: HistoryRecord, records: [HistoryRecord]) -> HistoryError {
        let undone = HistoryStore.undone(in: records)
        let later = records.last { later in
            later.id > target.id && !undone.contains(later.id) && later.files.contains { $0.path == path }
        }
        let advice = later.map { "; undo \($0.id) (`\($0.command)`) first" } ?? "; restore it or undo that change by hand"
        return HistoryError(.modifiedSince, "\(path) was changed since change \(target.id), so nothing was undone\(advice)")
    }
}
