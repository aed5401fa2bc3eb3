import InfraCore
import Testing

/// Runs a rule's examples through the validator with that rule alone (SwiftLint's
/// `verifyRule`): non-triggering examples give no finding of the rule, triggering examples give
/// exactly the marked findings at the marked places.
enum RuleVerifier {
    static func verify(_ rule: any Rule.Type) {
        let description = rule.description
        for example in description.nonTriggeringExamples {
            let findings = run(rule, example)
            for finding in findings {
                Issue.record(
                    "\(description.id): non-triggering example gave a finding: \(finding.location?.description ?? "-") \(finding.message)",
                    sourceLocation: place(example))
            }
        }
        for example in description.triggeringExamples {
            let marks = example.unmarked().marks
            if marks.isEmpty {
                Issue.record("\(description.id): triggering example has no 1️⃣ marker", sourceLocation: place(example))
            }
            let findings = run(rule, example)
            let found = findings.compactMap(\.location).map { "\($0.file):\($0.line):\($0.column)" }.sorted()
            let expected = marks.map { "\($0.file):\($0.line):\($0.column)" }.sorted()
            if found != expected {
                let messages = findings.map { "\($0.location?.description ?? "-") \($0.message)" }.joined(separator: "\n  ")
                Issue.record(
                    "\(description.id): expected findings at \(expected), found \(found):\n  \(messages)",
                    sourceLocation: place(example))
            }
            let severity = example.severity ?? description.severity
            for finding in findings where finding.severity != severity {
                Issue.record("\(description.id): finding has severity \(finding.severity), the example expects \(severity)", sourceLocation: place(example))
            }
        }
    }

    /// The findings of `rule` on the example's workspace.
    static func run(_ rule: any Rule.Type, _ example: RuleExample) -> [Finding] {
        let files = example.unmarked().files
        let workspace = Workspace(root: "/example", files: MemoryFileSource(files, modes: example.modes, gitTracked: example.gitTracked), environment: example.environment)
        do {
            let now = example.now
            return try Validator(workspace: workspace, rules: [rule], clock: { now }).validate(proposed: example.proposed).findings
                .filter { $0.rule == rule.description.id }
        } catch {
            Issue.record("\(rule.description.id): example does not load: \(error)", sourceLocation: place(example))
            return []
        }
    }

    static func place(_ example: RuleExample) -> Testing.SourceLocation {
        Testing.SourceLocation(fileID: "InfraCore/\(example.sourceFile.split(separator: "/").last ?? "")", filePath: example.sourceFile, line: example.sourceLine, column: 1)
    }
}
