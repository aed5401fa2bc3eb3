/// Words and symbols the reporters share, so every format says the same thing the same way.
extension RuleCategory {
    /// The category of the rule with id `ruleID`: the catalogue's, else the one its id prefix
    /// names (spec/rules.md: PORT, NET, DEP, HC, ENV, REG, TLS, SEC, DOC; RUN, HLT, DNS live).
    public static func of(ruleID: String, in rules: [RuleDescription] = RuleCatalog.all.map { $0.description }) -> RuleCategory? {
        if let rule = rules.first(where: { $0.id == ruleID }) { return rule.category }
        switch ruleID.prefix(while: { !$0.isNumber }).uppercased() {
        case "PORT": return .ports
        case "NET": return .networks
        case "DEP": return .dependencies
        case "HC": return .health
        case "ENV": return .environment
        case "REG": return .registry
        case "TLS": return .tls
        case "SEC": return .security
        case "DOC": return .documentation
        case "RUN", "HLT", "DNS": return .runtime
        default: return nil
        }
    }
}

extension Severity {
    /// The Markdown marker: ❌ error, ⚠️ warning, ℹ️ info.
    public var emoji: String {
        switch self {
        case .error: "❌"
        case .warning: "⚠️"
        case .info: "ℹ️"
        }
    }
}

extension FindingSummary {
    /// `2 errors, 1 warning, 1 info`, counts of zero left out; `no problems` when all are zero.
    public var phrase: String {
        var parts: [String] = []
        if errors > 0 { parts.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { parts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        if info > 0 { parts.append("\(info) info") }
        return parts.isEmpty ? "no problems" : parts.joined(separator: ", ")
    }
}
