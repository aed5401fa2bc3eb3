/// For commands without a layout of their own: a title, the findings grouped by category,
/// and the result.
public struct GenericMarkdownLayout: MarkdownLayout {
    public var command: String { "" }
    public var rules: [RuleDescription]

    public init(rules: [RuleDescription] = RuleCatalog.all.map { $0.description } + LiveCheckCatalog.all) { self.rules = rules }

    public func render(_ report: Report) -> String {
        var writer = MarkdownWriter()
        var title = report.title ?? "\(report.command.prefix(1).uppercased())\(report.command.dropFirst()) Report"
        if let platform = report.platform { title += " — \(platform)" }
        writer.heading(2, title)
        if let markdown = report.payload?.markdown { writer.paragraph(markdown) }
        for (heading, findings) in FindingSections.grouped(report.findings, rules: rules) where !findings.isEmpty {
            writer.heading(3, heading)
            findings.forEach { writer.finding($0) }
        }
        writer.paragraph("**Summary:** \(report.summaryPhrase)")
        writer.heading(3, "Result: " + (report.result == .pass ? "PASS ✅" : "FAIL ❌"))
        return writer.text
    }
}
