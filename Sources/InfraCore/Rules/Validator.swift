import Foundation

/// Runs the static rules over a workspace: loads the registry and every compose file it names
/// (plus proposed ones), then applies each rule and the workspace's rule settings.
public struct Validator: Sendable {
    public let workspace: Workspace
    public let rules: [any Rule.Type]
    /// The current date, read once per validation (certificate validity depends on it).
    public let clock: @Sendable () -> Date
    /// `--target`: the orchestrator to check for, instead of the registry's.
    public let target: Orchestrator?

    public init(
        workspace: Workspace, rules: [any Rule.Type] = RuleCatalog.validation, target: Orchestrator? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.workspace = workspace
        self.rules = rules
        self.target = target
        self.clock = clock
    }

    /// Validates the workspace; `proposed` compose files (workspace-relative) are checked as a
    /// change against the registry. Throws when an input cannot be read or parsed.
    public func validate(proposed: [String] = []) throws(InputErrors) -> ValidationReport {
        var context = try WorkspaceLoader(workspace: workspace).load(proposed: proposed, now: clock())
        context.targetOverride = target
        return ValidationReport(workspace: workspace.root, findings: run(context), context: context)
    }

    /// The findings of every enabled rule, less exempted ones, with the workspace's severity
    /// overrides, in report order.
    public func run(_ context: ValidationContext) -> [Finding] {
        let settings = context.registry.rules
        // The Swarm rules judge only a platform that Swarm runs.
        let enabled = rules.filter { !settings.isDisabled($0.description.id) && ($0.description.scope != .swarm || context.target == .swarm) }
            .map(RuleBox.init)
        return settings.apply(Array(enabled.concurrentMap { $0.rule.init().validate(context) }.joined())).sorted(by: Finding.reportOrder)
    }
}

/// A rule type as a value that can cross to another thread (rule types are `Sendable`, their
/// metatypes are not marked so).
private struct RuleBox: @unchecked Sendable {
    let rule: any Rule.Type
}

/// The outcome of `validate`.
public struct ValidationReport: Sendable {
    /// Absolute path of the workspace root.
    public var workspace: String
    public var findings: [Finding]
    public var context: ValidationContext

    public init(workspace: String, findings: [Finding], context: ValidationContext) {
        self.workspace = workspace
        self.findings = findings
        self.context = context
    }

    public var summary: FindingSummary { FindingSummary(findings) }

    /// Whether the workspace passes: no errors, and with `strict` no warnings either.
    public func passed(strict: Bool = false) -> Bool {
        summary.errors == 0 && (!strict || summary.warnings == 0)
    }
}
