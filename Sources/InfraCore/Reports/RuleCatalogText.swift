import Foundation

/// The rule catalogue as text: the list `infractl rules` prints and one rule's documentation.
public enum RuleCatalogText {
    /// One line per rule: id, severity, summary, aligned.
    public static func list(_ rules: [RuleDescription]) -> String {
        let idWidth = max(2, rules.map(\.id.count).max() ?? 0)
        let severityWidth = Severity.allCases.map(\.rawValue.count).max() ?? 7
        var lines = ["ID".padded(idWidth) + "  " + "SEVERITY".padded(max(8, severityWidth)) + "  SUMMARY"]
        for rule in rules {
            lines.append(rule.id.padded(idWidth) + "  " + rule.severity.rawValue.padded(max(8, severityWidth)) + "  " + rule.summary)
        }
        return lines.joined(separator: "\n")
    }

    /// A rule's heading, summary and rationale in Markdown.
    public static func markdown(_ rule: RuleDescription) -> String {
        "### \(rule.id) \(rule.name) (\(rule.severity.rawValue), \(rule.category.title))\n\n\(rule.summary)\n\n\(rule.rationale)\n"
    }

    /// A rule's full documentation: summary, message, rationale and its examples, markers shown
    /// as `↓` where a finding is reported.
    public static func explain(_ rule: RuleDescription) -> String {
        var text = """
            \(rule.id) \(rule.name) (\(rule.severity.rawValue), \(rule.category.title))

            \(rule.summary)

            Message: \(rule.message)

            \(rule.rationale)
            """
        if !rule.equivalents.isEmpty { text += "\n\nEquivalents: \(rule.equivalents.joined(separator: ", "))" }
        for (equivalent, reason) in rule.differences.sorted(by: { $0.key < $1.key }) { text += "\nJudged otherwise than \(equivalent): \(reason)" }
        if rule.scope == .audit { text += "\n\nRuns in `infractl audit` only (a hardening rule of the Security Report)." }
        for (title, examples) in [("Triggering examples (a finding at each ↓)", rule.triggeringExamples), ("Non-triggering examples", rule.nonTriggeringExamples)] where !examples.isEmpty {
            text += "\n\n\(title):"
            for (index, example) in examples.enumerated() {
                text += "\n\n  Example \(index + 1)" + (example.proposed.isEmpty ? "" : " (proposed: \(example.proposed.joined(separator: ", ")))")
                for path in example.files.keys.sorted() {
                    guard let contents = example.files[path] else { continue }
                    var shown = Self.elidingPEM(contents)
                    for marker in RuleExample.markers { shown = shown.replacingOccurrences(of: marker, with: "↓") }
                    text += "\n  \(path):\n" + shown.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
                }
                if let engine = example.engine {
                    text += "\n  engine:\n" + engine.lines.map { "    " + $0 }.joined(separator: "\n")
                }
            }
        }
        return text
    }

    /// The text with the base64 lines of PEM blocks (example certificates and keys) shown as `…`.
    static func elidingPEM(_ text: String) -> String {
        guard text.contains("-----BEGIN ") else { return text }
        var lines: [Substring] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("-----BEGIN ") {
                inside = true
                lines.append(line)
                lines.append(line.prefix { $0 == " " } + "…")
            } else if trimmed.hasPrefix("-----END ") {
                inside = false
                lines.append(line)
            } else if !inside {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
