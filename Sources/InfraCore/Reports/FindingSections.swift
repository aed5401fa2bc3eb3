/// Findings grouped into report sections by rule category.
enum FindingSections {
    /// Section order: the validation report's, then Runtime, then `Other` for unknown rules.
    static let order: [RuleCategory] = [
        .ports, .networks, .dependencies, .health, .environment, .registry, .tls, .security, .documentation, .runtime, .performance,
    ]

    /// Every category of `order` with its findings (possibly none), then `Other` when needed.
    static func grouped(_ findings: [Finding], rules: [RuleDescription]) -> [(title: String, findings: [Finding])] {
        var byCategory: [RuleCategory: [Finding]] = [:]
        var other: [Finding] = []
        for finding in findings {
            if let category = RuleCategory.of(ruleID: finding.rule, in: rules) {
                byCategory[category, default: []].append(finding)
            } else {
                other.append(finding)
            }
        }
        var sections = order.map { (title: $0.title, findings: byCategory[$0] ?? []) }
        if !other.isEmpty { sections.append((title: "Other", findings: other)) }
        return sections
    }
}
