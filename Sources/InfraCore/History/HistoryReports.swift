/// The reports of `history` and `history show`.
public enum HistoryReports {
    /// The recorded changes, newest first.
    public static func list(_ records: [HistoryRecord], workspace: Workspace) -> Report {
        let undone = HistoryStore.undone(in: records)
        let newestFirst = Array(records.reversed())
        func status(_ record: HistoryRecord) -> String {
            [record.undoes.map { "undoes \($0)" }, undone.contains(record.id) ? "undone" : nil].compactMap { $0 }.joined(separator: ", ")
        }
        let headers = ["ID", "TIME", "USER", "FILES", "STATUS", "COMMAND"]
        let rows = newestFirst.map { [$0.id, $0.time, $0.user, String($0.files.count), status($0), $0.command] }
        let text = records.isEmpty ? "No recorded changes in \(HistoryStore.path)." : TextTable.render(headers, rows)
        let markdown = records.isEmpty
            ? text
            : TextTable.markdown(["ID", "Time", "User", "Files", "Status", "Command"], rows.map { row in
                row.enumerated().map { $0.offset == 0 || $0.offset == 5 ? MarkdownWriter.codeSpan($0.element) : $0.element }
            })
        let changes = newestFirst.map { record in
            json(record, undone: undone.contains(record.id))
        }
        return Report(
            command: "history", workspace: workspace.root, title: "History", registryFile: workspace.registryPath, findings: [],
            payload: DocumentPayload([JSONMember("changes", .array(changes))], text: text, markdown: markdown))
    }

    /// One change as a unified diff.
    public static func show(_ record: HistoryRecord, undone: Bool, workspace: Workspace) -> Report {
        let diff = record.diff
        var header = "change \(record.id)\ntime: \(record.time)\nuser: \(record.user)\ncommand: \(record.command)"
        if let target = record.undoes { header += "\nundoes: \(target)" }
        if undone { header += "\nundone: yes" }
        let text = header + "\n\n" + (diff.hasSuffix("\n") ? String(diff.dropLast()) : diff)
        var writer = MarkdownWriter()
        writer.codeBlock(diff.hasSuffix("\n") ? String(diff.dropLast()) : diff, language: "diff")
        let markdown = "Change \(MarkdownWriter.codeSpan(record.id)) by \(record.user) at \(record.time): \(MarkdownWriter.codeSpan(record.command))"
            + (record.undoes.map { ", undoing \(MarkdownWriter.codeSpan($0))" } ?? "") + (undone ? " (undone)" : "") + "\n\n" + writer.text
        var members = jsonMembers(record, undone: undone)
        members.append(JSONMember("diff", .string(diff)))
        return Report(
            command: "history show", workspace: workspace.root, title: "Change \(record.id)", registryFile: workspace.registryPath,
            findings: [], payload: DocumentPayload(members, text: text, markdown: markdown))
    }

    static func json(_ record: HistoryRecord, undone: Bool) -> JSONValue { .object(jsonMembers(record, undone: undone)) }

    static func jsonMembers(_ record: HistoryRecord, undone: Bool) -> [JSONMember] {
        var members = [
            JSONMember("id", .string(record.id)), JSONMember("time", .string(record.time)),
            JSONMember("user", .string(record.user)), JSONMember("command", .string(record.command)),
        ]
        if let target = record.undoes { members.append(JSONMember("undoes", .string(target))) }
        members.append(JSONMember("undone", .bool(undone)))
        members.append(JSONMember("files", .array(record.files.map { file in
            .fields(["path": .string(file.path), "before": file.before.map(JSONValue.string), "after": file.after.map(JSONValue.string)])
        })))
        return members
    }
}
