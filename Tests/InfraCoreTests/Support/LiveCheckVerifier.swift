@testable import InfraCore
import Testing

/// Runs a live check's examples (SwiftLint's `verifyRule` for the RUN, HLT and UP checks): the
/// example's workspace and engine state go through the check's own producer, a diagnosis
/// analyzer or the health evaluator; non-triggering examples must give no finding of the
/// check, triggering ones exactly the marked findings. A check without both kinds of example
/// fails.
enum LiveCheckVerifier {
    static let root = "/example"

    static func verify(_ description: RuleDescription) {
        if description.nonTriggeringExamples.isEmpty {
            Issue.record("\(description.id): the live check has no non-triggering example")
        }
        if description.triggeringExamples.isEmpty {
            Issue.record("\(description.id): the live check has no triggering example")
        }
        for example in description.nonTriggeringExamples {
            for finding in run(description, example) {
                Issue.record(
                    "\(description.id): non-triggering example gave a finding: \(finding.location?.description ?? "-") \(finding.message)",
                    sourceLocation: RuleVerifier.place(example))
            }
        }
        for example in description.triggeringExamples {
            let marks = example.unmarked().marks
            if marks.isEmpty {
                Issue.record("\(description.id): triggering example has no 1️⃣ marker", sourceLocation: RuleVerifier.place(example))
            }
            let findings = run(description, example)
            let found = findings.map { $0.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "-" }.sorted()
            let expected = marks.map { "\($0.file):\($0.line):\($0.column)" }.sorted()
            if found != expected {
                let messages = findings.map { "\($0.location?.description ?? "-") \($0.message)" }.joined(separator: "\n  ")
                Issue.record(
                    "\(description.id): expected findings at \(expected), found \(found):\n  \(messages)",
                    sourceLocation: RuleVerifier.place(example))
            }
            for finding in findings where finding.severity != (example.severity ?? description.severity) {
                Issue.record("\(description.id): finding has severity \(finding.severity)", sourceLocation: RuleVerifier.place(example))
            }
        }
    }

    /// The findings of the check on the example's workspace and engine.
    static func run(_ description: RuleDescription, _ example: RuleExample) -> [Finding] {
        guard let engine = example.engine else {
            Issue.record("\(description.id): a live check's example needs an engine state", sourceLocation: RuleVerifier.place(example))
            return []
        }
        do {
            let workspace = Workspace(root: root, files: MemoryFileSource(example.unmarked().files), environment: example.environment)
            let validation = try WorkspaceLoader(workspace: workspace).load()
            let findings: [Finding]
            if let analyzer = DiagnosisCatalog.analyzer(id: description.id) {
                let external = validation.registry.networks.filter(\.external).map(\.name)
                let context = try DiagnosisContext(
                    validation: validation, snapshot: engine.snapshot(externalNetworks: external, workspaceRoot: root),
                    workspaceRoot: root)
                findings = analyzer.init().analyze(context)
            } else if LiveCheckCatalog.performance.contains(where: { $0.id == description.id }) {
                let external = validation.registry.networks.filter(\.external).map(\.name)
                let snapshot = engine.performanceSnapshot(externalNetworks: external, workspaceRoot: root)
                let context = try DiagnosisContext(validation: validation, snapshot: snapshot.engine, workspaceRoot: root)
                findings = PerformanceAnalyzer(context: context, snapshot: snapshot).findings
            } else if LiveCheckCatalog.health.contains(where: { $0.id == description.id }) {
                findings = HealthEvaluator.evaluate(
                    plan: HealthPlan(context: validation), outcomes: engine.probes, snapshot: engine.healthSnapshot(),
                    workspace: root).findings
            } else if description.id == LiveCheckCatalog.startupFailed.id {
                findings = try startupFailures(validation, engine)
            } else {
                Issue.record("\(description.id): no producer known for this live check", sourceLocation: RuleVerifier.place(example))
                return []
            }
            return findings.filter { $0.rule == description.id }
        } catch {
            Issue.record("\(description.id): example does not load: \(error)", sourceLocation: RuleVerifier.place(example))
            return []
        }
    }

    /// UP001 as `infractl up` reports it: the first tier with a compose project whose `docker
    /// compose up` failed (nothing later starts), one finding per such project.
    static func startupFailures(_ validation: ValidationContext, _ engine: EngineExample) throws -> [Finding] {
        let plan = try StartupPlanner(context: validation, workspaceRoot: root).plan()
        for tier in plan.tiers {
            let failed = tier.projects.filter { engine.composeFailures[$0.name] != nil }
            guard !failed.isEmpty else { continue }
            return failed.map { project in
                let step = StartupStep(
                    action: .composeUp, target: project.name, tier: tier.number, services: project.services.map(\.name),
                    command: ComposeCommand.up(project, workspaceRoot: root, waitTimeoutSeconds: 60), succeeded: false,
                    detail: "exit status 1: " + (engine.composeFailures[project.name] ?? ""))
                return PlatformStarter.failure(of: step, tier: tier)
            }
        }
        return []
    }
}
