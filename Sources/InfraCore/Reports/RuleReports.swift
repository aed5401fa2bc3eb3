/// A rule's documentation as a report, for front ends that answer in JSON (the MCP server's
/// `explain_rule`); `infractl rules ID` prints the same text.
public enum RuleReports {
    /// The report of `rule`: its id, name, severity, category, summary, message and rationale as
    /// JSON keys, its full documentation (`RuleCatalogText.explain`) as text and Markdown.
    public static func explain(_ rule: RuleDescription, workspace: String) -> Report {
        let text = RuleCatalogText.explain(rule)
        var writer = MarkdownWriter()
        writer.codeBlock(text, language: "text")
        return Report(
            command: "rules", workspace: workspace, title: "\(rule.id) \(rule.name)", findings: [],
            payload: DocumentPayload(
                [
                    JSONMember("id", .string(rule.id)), JSONMember("name", .string(rule.name)),
                    JSONMember("severity", .string(rule.severity.rawValue)), JSONMember("category", .string(rule.category.rawValue)),
                    JSONMember("summary", .string(rule.summary)), JSONMember("message", .string(rule.message)),
                    JSONMember("rationale", .string(rule.rationale)), JSONMember("equivalents", .array(rule.equivalents.map(JSONValue.string))),
                    JSONMember("differences", Self.differences(rule)),
                    JSONMember("scope", .string(rule.scope.rawValue)), JSONMember("documentation", .string(text)),
                ],
                text: text, markdown: writer.text))
    }

    /// The catalogue as a report: `rules` in JSON (id, name, severity, category, scope, summary,
    /// equivalents of each), the aligned list as text.
    public static func catalogue(_ rules: [RuleDescription], workspace: String) -> Report {
        let list = RuleCatalogText.list(rules)
        var writer = MarkdownWriter()
        writer.codeBlock(list, language: "text")
        return Report(
            command: "rules", workspace: workspace, title: "Rules", findings: [],
            payload: DocumentPayload(
                [
                    JSONMember("rules", .array(rules.map { rule in
                        .fields([
                            "id": .string(rule.id), "name": .string(rule.name), "severity": .string(rule.severity.rawValue),
                            "category": .string(rule.category.rawValue), "scope": .string(rule.scope.rawValue),
                            "summary": .string(rule.summary), "equivalents": .array(rule.equivalents.map(JSONValue.string)),
                            "differences": Self.differences(rule),
                        ])
                    })),
                ],
                text: list, markdown: writer.text))
    }

    /// Where the rule judges otherwise than an equivalent: an object keyed by equivalent.
    static func differences(_ rule: RuleDescription) -> JSONValue {
        .object(rule.differences.sorted(by: { $0.key < $1.key }).map { JSONMember($0.key, .string($0.value)) })
    }

    /// The rule or live check with this id (case-insensitive), or an error naming the nearest
    /// known id, as `infractl rules ID` says it.
    public static func rule(id: String) throws(EditError) -> RuleDescription {
        if let rule = RuleCatalog.rule(id: id)?.description ?? LiveCheckCatalog.check(id: id) { return rule }
        var message = "unknown rule \(id)"
        if let guess = NodeReader.suggestion(for: id.uppercased(), among: RuleCatalog.descriptions.map(\.id)) {
            message += " (did you mean \(guess)?)"
        }
        throw EditError("\(message); `infractl rules` lists them all")
    }
}
