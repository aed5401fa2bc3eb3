/// The runbooks' `## Diagnosis Report`: Current State (one line per service, ✅ ❌ ⚠️), Root
/// Cause, Evidence (log lines), Fix (file, line, the exact YAML) and Verification Commands; then
/// the findings the root causes explain, the remaining warnings, and the result.
public struct DiagnosisMarkdownLayout: MarkdownLayout {
    public var command: String { "diagnose" }

    public init() {}

    public func render(_ report: Report) -> String {
        let payload = report.payload as? DiagnosisPayload
        var writer = MarkdownWriter()
        writer.heading(2, "Diagnosis Report" + (report.platform.map { " — \($0)" } ?? ""))
        if let payload {
            writer.paragraph("Engine: " + MarkdownWriter.codeSpan(payload.engineAddress)
                + (payload.engineVersion.map { " (Docker \($0))" } ?? ""))
        }

        writer.heading(3, "Current State")
        let services = payload?.services ?? []
        if services.isEmpty { writer.paragraph("No registry service was diagnosed.") }
        for state in services {
            writer.bullet("\(Self.marker(state.condition)) \(state.name): \(state.summary)")
        }
        writer.expectedState(report.expectedState)

        let roots = Set(payload?.rootCauses ?? Array(report.findings.indices))
        let rootFindings = report.findings.indices.filter { roots.contains($0) }
        let rootErrors = rootFindings.filter { report.findings[$0].severity == .error }
        let shown = rootErrors.isEmpty ? rootFindings : rootErrors
        let causes = shown.map { report.findings[$0] }

        writer.heading(3, "Root Cause")
        if causes.isEmpty {
            writer.paragraph("None found: every service diagnosed runs as the registry says.")
        } else if causes.count == 1, let cause = causes.first {
            writer.paragraph(Self.headline(cause))
        } else {
            for (number, cause) in causes.enumerated() { writer.paragraph("\(number + 1). " + Self.headline(cause)) }
        }

        if !causes.isEmpty {
            section("Evidence", causes, &writer) { cause, writer in
                guard !cause.evidence.isEmpty else {
                    writer.paragraph("No log lines: see the state above.")
                    return
                }
                writer.codeBlock(cause.evidence.joined(separator: "\n"), language: "text")
            }
            section("Fix", causes, &writer) { cause, writer in
                guard let fix = cause.fix else {
                    writer.paragraph("No change to a file is needed; the verification commands below apply it.")
                    return
                }
                var place: [String] = []
                if let file = fix.file { place.append("File: " + MarkdownWriter.codeSpan(file)) }
                if let line = fix.line { place.append("Line: \(line)") }
                if !place.isEmpty { writer.paragraph(place.joined(separator: "\n")) }
                writer.paragraph(fix.explanation)
                if let replace = fix.replace, !replace.isEmpty {
                    var yaml = Substring(replace)
                    while yaml.last?.isNewline == true { yaml = yaml.dropLast() }
                    writer.codeBlock(String(yaml), language: "yaml")
                }
            }
            section("Verification Commands", causes, &writer) { cause, writer in
                if !cause.verify.isEmpty { writer.codeBlock(cause.verify.joined(separator: "\n"), language: "sh") }
            }
        }

        let symptoms = report.findings.indices.filter { !roots.contains($0) }.map { report.findings[$0] }
        if !symptoms.isEmpty {
            writer.heading(3, "Also Affected")
            symptoms.forEach { writer.finding($0) }
        }
        let others = rootFindings.filter { !shown.contains($0) }.map { report.findings[$0] }
        if !others.isEmpty {
            writer.heading(3, "Warnings")
            others.forEach { writer.finding($0) }
        }
        if let notes = payload?.notes, !notes.isEmpty {
            writer.heading(3, "Not Read")
            notes.forEach { writer.bullet($0) }
        }
        writer.updatesRequired(report)
        var summary = "**Summary:** \(report.summaryPhrase)"
        if report.strict { summary += " (strict: warnings fail)" }
        writer.paragraph(summary)
        writer.heading(3, "Diagnosis Result: " + (report.result == .pass ? "HEALTHY ✅" : "UNHEALTHY ❌"))
        return writer.text
    }

    /// A heading, then the part of each root cause under a numbered sub-heading when there are
    /// several.
    private func section(
        _ title: String, _ causes: [Finding], _ writer: inout MarkdownWriter,
        _ body: (Finding, inout MarkdownWriter) -> Void
    ) {
        writer.heading(3, title)
        for (number, cause) in causes.enumerated() {
            if causes.count > 1 {
                writer.heading(4, "\(number + 1). \(cause.service ?? cause.rule)")
            }
            body(cause, &writer)
        }
    }

    /// `**RUN002** prism-backend: not running (exited 1). It cannot … — file:line`.
    private static func headline(_ finding: Finding) -> String {
        var text = "**\(finding.rule)** \(finding.message)"
        if let location = finding.location { text += " — " + MarkdownWriter.codeSpan("\(location.file):\(location.line)") }
        return text
    }

    private static func marker(_ condition: ServiceState.Condition) -> String {
        switch condition {
        case .ok: "✅"
        case .failing: "❌"
        case .warning: "⚠️"
        }
    }
}
