import InfraCore

/// A short Markdown summary of a report, the second content of every tool result: the result
/// and counts, the command's own short text, and the first findings (root causes and errors
/// first). The JSON beside it has everything.
public enum ReportSummary {
    /// How many findings the summary lists.
    public static let findingLimit = 10
    /// Payload Markdown longer than this is left to the JSON.
    static let payloadLimit = 6_000

    public static func markdown(_ report: Report) -> String {
        var writer = MarkdownWriter()
        let mark = report.result == .pass ? "PASS ✅" : "FAIL ❌"
        writer.heading(3, "\(report.title ?? report.command.capitalized)\(report.platform.map { " — \($0)" } ?? ""): \(mark)")
        let summary = report.summary
        writer.paragraph(
            "\(count(summary.errors, "error")), \(count(summary.warnings, "warning")), \(summary.info) info"
                + (report.strict ? " (strict: warnings fail)" : "") + ".")

        if let health = report.payload as? HealthReportPayload {
            writer.paragraph("Overall **\(health.overall.rawValue)**: \(health.countsPhrase).")
            for service in health.services {
                writer.bullet("\(symbol(service.status)) **\(service.name)** (\(service.app)): \(service.summary)")
            }
            if let problem = health.engineProblem { writer.paragraph("Docker: \(problem)") }
        } else if let diagnosis = report.payload as? DiagnosisPayload {
            for state in diagnosis.services {
                writer.bullet("\(symbol(state.condition.rawValue)) **\(state.name)**: \(state.summary)")
            }
        } else if let text = report.payload?.markdown, text.count <= payloadLimit {
            writer.paragraph(text)
        }

        let rootCauses = Set((report.payload as? DiagnosisPayload)?.rootCauses ?? [])
        let ordered = report.findings.enumerated().sorted { lhs, rhs in
            let left = (rootCauses.contains(lhs.offset) ? 0 : 1, rank(lhs.element.severity), lhs.offset)
            let right = (rootCauses.contains(rhs.offset) ? 0 : 1, rank(rhs.element.severity), rhs.offset)
            return left < right
        }
        if !ordered.isEmpty {
            writer.paragraph("**Findings**")
            for (offset, finding) in ordered.prefix(findingLimit) {
                var line = "\(symbol(finding.severity)) **\(finding.rule)**"
                if let location = finding.location {
                    line += " " + MarkdownWriter.codeSpan(location.line > 0 ? "\(location.file):\(location.line)" : location.file)
                }
                line += " — \(finding.message)"
                if rootCauses.contains(offset) { line += " *(root cause)*" }
                if let fix = finding.fix {
                    line += (finding.message.last.map { ".!?".contains($0) } == true ? " " : ". ") + "Fix: \(fix.explanation)"
                }
                writer.bullet(line)
            }
            if ordered.count > findingLimit {
                writer.bullet("… and \(ordered.count - findingLimit) more in the JSON.")
            }
        }
        return writer.text
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    private static func rank(_ severity: Severity) -> Int {
        switch severity {
        case .error: 0
        case .warning: 1
        default: 2
        }
    }

    private static func symbol(_ severity: Severity) -> String {
        switch severity {
        case .error: "❌"
        case .warning: "⚠️"
        default: "ℹ️"
        }
    }

    private static func symbol(_ status: ServiceStatus) -> String { symbol(status.rawValue) }

    private static func symbol(_ status: String) -> String {
        switch status {
        case "healthy", "ok", "running": "✅"
        case "degraded", "warning": "⚠️"
        case "unknown": "❔"
        default: "❌"
        }
    }
}
