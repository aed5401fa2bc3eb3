/// Findings for a terminal: `file:line:col: error[RULE]: message`, the evidence indented below,
/// the fix with its YAML, the verification commands, then a one-line summary. ANSI colours
/// only when `colored` (the front end decides from isatty and NO_COLOR).
public struct TextReporter: Reporter {
    public static let identifier = "text"

    /// Whether to colour with ANSI SGR codes.
    public var colored: Bool

    public init(colored: Bool = false) { self.colored = colored }

    public func generate(_ report: Report) -> String {
        var blocks = report.findings.map(block)
        // A payload that prints its own answer needs no "no problems" line under it.
        if let text = (report.payload as? any TextReportPayload)?.textLines(colored: colored).joined(separator: "\n")
            ?? report.payload?.text
        {
            blocks.insert(text, at: 0)
            if report.findings.isEmpty, report.payload?.replacesSummary ?? true { return blocks.joined(separator: "\n\n") }
        }
        blocks.append(summary(report))
        return blocks.joined(separator: "\n\n")
    }

    private func block(_ finding: Finding) -> String {
        let label = paint("\(finding.severity.rawValue)[\(finding.rule)]", Self.color(finding.severity))
        var lines = [(finding.location.map { paint("\($0):", .bold) + " " } ?? "") + label + ": " + finding.message]
        lines += finding.evidence.map { "    " + $0 }
        if let fix = finding.fix {
            var place = fix.file ?? ""
            if !place.isEmpty, let line = fix.line { place += ":\(line)" }
            lines.append("  " + paint("fix:", .bold) + " " + fix.explanation + (place.isEmpty ? "" : " (\(place))"))
            if let replace = fix.replace, !replace.isEmpty {
                lines += replace.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { "      " + $0 }
            }
        }
        lines += finding.verify.map { "  " + paint("verify:", .bold) + " " + $0 }
        return lines.joined(separator: "\n")
    }

    private func summary(_ report: Report) -> String {
        if report.findings.isEmpty {
            let hidden = report.baseline.map { " (\($0.phrase))" } ?? ""
            return paint("✔ No \(report.baseline == nil ? "" : "new ")problems found" + hidden, .green)
        }
        return report.result == .fail ? paint("✖ " + report.summaryPhrase, .red) : paint("⚠ " + report.summaryPhrase, .yellow)
    }

    private static func color(_ severity: Severity) -> SGR {
        switch severity {
        case .error: .red
        case .warning: .yellow
        case .info: .cyan
        }
    }

    /// `text` wrapped in an SGR code and a reset, or as is when not coloured.
    private func paint(_ text: String, _ code: SGR) -> String {
        colored ? "\u{1B}[\(code.rawValue)m\(text)\u{1B}[0m" : text
    }

    private enum SGR: String {
        case bold = "1"
        case red = "1;31"
        case yellow = "1;33"
        case cyan = "1;36"
        case green = "1;32"
    }
}
