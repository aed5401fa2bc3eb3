/// The runbook's `## Security Report`: Exposure, Credentials, Isolation, TLS and Hardening, each
/// with a line per fact or finding (✅ ❌ ⚠️), then the Recommended Fixes (one per rule, worst
/// first, with every place it applies) and the result.
public struct AuditMarkdownLayout: MarkdownLayout {
    public var command: String { "audit" }

    public init() {}

    public func render(_ report: Report) -> String {
        var writer = MarkdownWriter()
        writer.heading(2, "Security Report" + (report.platform.map { " — \($0)" } ?? ""))
        let payload = report.payload as? AuditPayload
        let sections = Dictionary(grouping: report.findings) { AuditSection.of(ruleID: $0.rule) }
        for section in AuditSection.allCases {
            writer.heading(3, section.title)
            var lines = facts(section, payload)
            let findings = sections[section] ?? []
            lines += section == .hardening ? byRule(findings) : findings.map(line)
            if lines.isEmpty { lines = ["✅ " + Self.clean[section, default: "No findings"]] }
            writer.lineBlock(lines)
        }
        writer.heading(3, "Recommended Fixes")
        let fixes = recommendations(report.findings)
        if fixes.isEmpty {
            writer.lineBlock(["None."])
        } else {
            for (index, fix) in fixes.enumerated() { writer.bullet(fix, marker: "\(index + 1).") }
        }
        for note in payload?.audit.notes ?? [] { writer.paragraph("Note: \(note)") }
        writer.paragraph("**Summary:** \(report.summaryPhrase)")
        writer.heading(3, "Security Result: " + (report.result == .pass ? "PASS ✅" : "FAIL ❌"))
        return writer.text
    }

    /// What a section says when nothing is wrong in it.
    private static let clean: [AuditSection: String] = [
        .exposure: "Nothing is reachable from outside the host",
        .credentials: "No hard-coded secrets, readable private keys or tracked secret files",
        .isolation: "Data stores and services are isolated",
        .tls: "Every routed domain is served over TLS",
        .hardening: "Every service is hardened",
    ]

    /// The section's facts before its findings: exposed ports, isolation, routed domains.
    private func facts(_ section: AuditSection, _ payload: AuditPayload?) -> [String] {
        guard let audit = payload?.audit else { return [] }
        switch section {
        case .exposure:
            return audit.exposure.map { AuditPayload.marker($0) + " " + AuditPayload.line($0) }
        case .isolation:
            return audit.isolation.map { "⚠️ " + AuditPayload.line($0) }
        case .tls:
            return audit.domains.map { domain in
                (domain.tls && ["valid", "ACME"].contains(domain.state) ? "✅ " : domain.tls && domain.state == "expiring" ? "⚠️ " : "❌ ")
                    + AuditPayload.line(domain)
            }
        case .credentials, .hardening:
            return []
        }
    }

    private func line(_ finding: Finding) -> String {
        var text = "\(finding.severity.emoji) **\(finding.rule)** \(finding.message)"
        if let location = finding.location { text += " — " + MarkdownWriter.codeSpan("\(location.file):\(location.line)") }
        return text
    }

    /// One line per rule: its worst severity, name and the services it names.
    private func byRule(_ findings: [Finding]) -> [String] {
        groups(findings).map { rule, findings in
            let services = Self.unique(findings.compactMap(\.service))
            return "\(Self.worst(findings).emoji) **\(rule.id)** \(rule.name): \(services.count) service\(services.count == 1 ? "" : "s") — \(services.joined(separator: ", "))"
        }
    }

    /// One fix per rule, errors first: the rule's summary and each place to change.
    private func recommendations(_ findings: [Finding]) -> [String] {
        groups(findings).map { rule, findings in
            let places = Self.unique(findings.map { finding in
                let place = (finding.fix?.file ?? finding.location?.file).map { file in
                    " " + MarkdownWriter.codeSpan((finding.fix?.line ?? finding.location?.line).map { "\(file):\($0)" } ?? file)
                } ?? ""
                return (finding.service ?? "") + place
            })
            let advice = findings.count == 1 ? findings[0].fix?.explanation ?? rule.summary : rule.summary
            return "\(Self.worst(findings).emoji) **\(rule.id)** \(advice) (`infractl rules \(rule.id)`): \(places.joined(separator: "; "))"
        }
    }

    /// Findings grouped by rule, the worst rules first, then in catalogue order.
    private func groups(_ findings: [Finding]) -> [(RuleDescription, [Finding])] {
        let catalogue = RuleCatalog.all.map { $0.description }
        let grouped = Dictionary(grouping: findings, by: \.rule)
        return catalogue.compactMap { rule in grouped[rule.id].map { (rule, $0) } }
            .enumerated()
            .sorted { ($1.element.1.map(\.severity).max() ?? .info, $0.offset) < ($0.element.1.map(\.severity).max() ?? .info, $1.offset) }
            .map(\.element)
    }

    private static func worst(_ findings: [Finding]) -> Severity { findings.map(\.severity).max() ?? .info }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
