import DockerEngine
import Foundation

/// A live check (`diagnose`): a pure function of the workspace and an engine snapshot, described
/// like a static rule so `infractl rules` lists and explains it.
public protocol Analyzer: Sendable {
    /// The check's catalogue entry and documentation.
    static var description: RuleDescription { get }

    init()

    /// The findings of this check, at its default severity; the diagnosis applies the
    /// workspace's overrides and puts root causes first.
    func analyze(_ context: DiagnosisContext) -> [Finding]
}

extension DiagnosisContext {
    /// The most evidence lines a finding carries.
    static let evidenceLimit = 12

    /// Where a service is defined: its compose service key, else its registry entry.
    public func definition(of service: Registry.Service) -> SourceLocation {
        compose(of: service)?.service.location ?? service.location
    }

    /// A finding about a service whose container fails: the check's first sentence, then its
    /// root cause explained, with the cause's evidence (or the last log lines), its fix, and
    /// the commands that show the fix worked.
    func failureFinding(
        _ rule: RuleDescription, _ firstSentence: String, service: Registry.Service, container: ContainerSnapshot,
        stateEvidence: [String] = [], fallback: SourceLocation? = nil
    ) -> Finding {
        let causes = self.causes(of: service.name)
        let primary = causes.first
        var message = firstSentence
        if let primary { message += " " + primary.explanation }
        var evidence = stateEvidence
        for (index, cause) in causes.prefix(2).enumerated() where index == 0 || cause.cause.kind != .dependencyDown {
            for line in cause.cause.evidence where !evidence.contains(line) { evidence.append(line) }
        }
        if primary == nil || primary?.cause.evidence.isEmpty == true {
            let tail = container.logText.filter { !$0.trimmingSpaces().isEmpty }.suffix(5)
            evidence += tail.map { "Log: \($0)" }
            if tail.isEmpty, let reason = container.logsUnavailable { evidence.append("Logs not read: \(reason)") }
        }
        var verify = primary?.verify ?? []
        verify.append(composeUpCommand(for: service))
        verify += statusCommands(for: container.name)
        return rule.finding(
            message, at: primary?.location ?? fallback ?? definition(of: service), service: service.name,
            port: primary?.heldPort, app: service.app, evidence: Array(evidence.prefix(Self.evidenceLimit)),
            fix: primary?.fix, verify: Self.unique(verify))
    }

    /// `State: exited (1) at …, restarted 5 times, OOMKilled`, what the engine says of it.
    func stateEvidence(_ container: ContainerSnapshot) -> [String] {
        var parts: [String] = []
        switch container.status {
        case .exited, .dead:
            parts.append("\(container.status) (\(container.exitCode.map(String.init) ?? "?"))")
        case .restarting:
            parts.append("restarting (last exit \(container.exitCode.map(String.init) ?? "?"))")
        case .created:
            parts.append("created, never started")
        default:
            parts.append(container.status.rawValue + (container.health.map { ", \($0)" } ?? ""))
        }
        if let state = container.details?.state, state.finishedDate != nil, !container.isRunning {
            parts.append("finished \(state.finishedAt.prefix(19))Z")
        }
        if let restarts = container.restartCount, restarts > 0 { parts.append("restarted \(restarts) times") }
        if let policy = container.details?.hostConfig.restartPolicy.name, !policy.isEmpty, policy != "no" {
            parts.append("restart policy \(policy)")
        }
        return ["State: " + parts.joined(separator: ", ")]
    }

    static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
