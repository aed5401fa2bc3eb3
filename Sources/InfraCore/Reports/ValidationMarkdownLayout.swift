/// The runbooks' `## Validation Report`: Port Allocation, Network Requirements, Dependencies and
/// Health Checks always (✅ when clean), after the checks of each proposed service, the other categories when they have findings, a
/// summary line, and last `### Validation Result: PASS ✅` or `FAIL ❌`.
public struct ValidationMarkdownLayout: MarkdownLayout {
    public var command: String { "validate" }
    /// Where categories of rule ids come from.
    public var rules: [RuleDescription]

    /// Sections shown even without findings.
    static let alwaysShown: Set<String> = Set(
        [RuleCategory.ports, .networks, .dependencies, .health].map(\.title))

    public init(rules: [RuleDescription] = RuleCatalog.all.map { $0.description }) { self.rules = rules }

    public func render(_ report: Report) -> String {
        var writer = MarkdownWriter()
        writer.heading(2, "Validation Report" + (report.platform.map { " — \($0)" } ?? ""))
        // A proposed change: what was checked for each new service, before the findings.
        let proposed = report.payload as? ProposedServiceChecks
        proposed?.write(into: &writer)
        if proposed != nil { writer.expectedState(report.expectedState) }
        for (title, findings) in FindingSections.grouped(report.findings, rules: rules)
        where !findings.isEmpty || Self.alwaysShown.contains(title) {
            writer.heading(3, title)
            if findings.isEmpty {
                writer.paragraph("✅ No issues found")
            } else {
                findings.forEach { writer.finding($0) }
            }
        }
        if let proposed { writer.updatesRequired(report, proposed: proposed.services.map(\.name)) }
        var summary = "**Summary:** \(report.summaryPhrase)"
        if report.strict { summary += " (strict: warnings fail)" }
        writer.paragraph(summary)
        writer.heading(3, "Validation Result: " + (report.result == .pass ? "PASS ✅" : "FAIL ❌"))
        return writer.text
    }
}
