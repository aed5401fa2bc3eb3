import Foundation

/// What a rule checks, described once: the catalogue entry, the documentation `infractl rules`
/// prints, and (through its examples) the rule's own tests.
public struct RuleDescription: Sendable {
    /// Stable id, never reused (`PORT001`).
    public var id: String
    /// Short name in kebab case (`port-conflict`).
    public var name: String
    /// One line: what the rule checks.
    public var summary: String
    /// The first sentence of every message, with `{placeholders}` (spec/rules.md).
    public var message: String
    /// Why the rule exists and how to fix what it finds: the user documentation.
    public var rationale: String
    public var severity: Severity
    public var category: RuleCategory
    /// Workspaces that must give no finding.
    public var nonTriggeringExamples: [RuleExample]
    /// Workspaces that must give exactly the marked findings.
    public var triggeringExamples: [RuleExample]
    /// The same check in other scanners and benchmarks (`compose-lint CL-0003`, `CIS 5.25`), so
    /// that teams moving from one can map their suppressions.
    public var equivalents: [String]
    /// Where infractl deliberately judges otherwise than an equivalent, and why, by equivalent
    /// (`"compose-lint CL-0001": "the proxy needs the socket"`).
    public var differences: [String: String]
    /// Which commands run the rule.
    public var scope: RuleScope

    public init(
        id: String, name: String, summary: String, message: String, rationale: String,
        severity: Severity, category: RuleCategory, equivalents: [String] = [], differences: [String: String] = [:],
        scope: RuleScope = .validate,
        nonTriggeringExamples: [RuleExample] = [], triggeringExamples: [RuleExample] = []
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.message = message
        self.rationale = rationale
        self.severity = severity
        self.category = category
        self.equivalents = equivalents
        self.differences = differences
        self.scope = scope
        self.nonTriggeringExamples = nonTriggeringExamples
        self.triggeringExamples = triggeringExamples
    }

    /// A finding of this rule at its default severity.
    public func finding(
        _ message: String, at location: SourceLocation?, service: String? = nil, port: Int? = nil,
        app: String? = nil, evidence: [String] = [], fix: Fix? = nil, verify: [String] = []
    ) -> Finding {
        Finding(
            rule: id, severity: severity, message: message, location: location, service: service, port: port,
            app: app, evidence: evidence, fix: fix, verify: verify)
    }
}

/// Which commands run a rule. The hardening rules of the Security Report would add dozens of
/// findings to a platform that validates clean, so they run in `audit` only; `validate`'s
/// answer (and its exit status) stays what it was.
public enum RuleScope: String, Sendable {
    /// `validate` and `audit`.
    case validate
    /// `audit` only.
    case audit
    /// `validate` and `audit` of a platform that Docker Swarm runs (`--target swarm`).
    case swarm
}

/// The report section a rule belongs to.
public enum RuleCategory: String, Sendable, CaseIterable {
    case ports, networks, dependencies, health, environment, registry, tls, security, documentation, runtime, performance

    /// The section heading in the Markdown reports.
    public var title: String {
        switch self {
        case .ports: "Port Allocation"
        case .networks: "Network Requirements"
        case .dependencies: "Dependencies"
        case .health: "Health Checks"
        case .environment: "Environment"
        case .registry: "Registry Consistency"
        case .tls: "TLS"
        case .security: "Security"
        case .documentation: "Documentation"
        case .runtime: "Runtime"
        case .performance: "Performance"
        }
    }
}

/// A small workspace that shows a rule at work, validated with that rule alone. Files are given
/// by path relative to the workspace root; in triggering examples each expected finding is
/// marked where it must be reported with 1️⃣, 2️⃣, … (the marker's line and column).
public struct RuleExample: Sendable {
    /// The date examples are validated at unless they name another: 2026-01-01T00:00:00Z, so
    /// that examples with certificates give the same findings on any day.
    public static let referenceDate = Date(timeIntervalSince1970: 1_767_225_600)

    public var files: [String: String]
    /// Permission bits of files that need them (a private key's mode).
    public var modes: [String: Int]
    /// The files git tracks; `nil` when the example is no git repository.
    public var gitTracked: Set<String>?
    /// Compose files passed to `validate` as a proposed change.
    public var proposed: [String]
    /// Variables of the process environment.
    public var environment: [String: String]
    /// What the engine and the host show, for the live checks' examples.
    public var engine: EngineExample?
    /// The current date while the example is validated.
    public var now: Date
    /// The severity every marked finding must have, when it is not the rule's default (a rule
    /// that reports some cases at a lower severity, such as a certificate that expires soon).
    public var severity: Severity?
    /// Where the example is written, for test failure messages.
    public var sourceFile: String
    public var sourceLine: Int

    public init(
        _ files: [String: String], modes: [String: Int] = [:], gitTracked: Set<String>? = nil, proposed: [String] = [],
        environment: [String: String] = [:], engine: EngineExample? = nil, now: Date = RuleExample.referenceDate,
        severity: Severity? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        self.files = files
        self.modes = modes
        self.gitTracked = gitTracked
        self.proposed = proposed
        self.environment = environment
        self.engine = engine
        self.now = now
        self.severity = severity
        self.sourceFile = "\(file)"
        self.sourceLine = Int(line)
    }

    /// The markers, in order.
    public static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// The files without markers, and the places the markers stood (1-based line and column).
    public func unmarked() -> (files: [String: String], marks: [SourceLocation]) {
        var files: [String: String] = [:]
        var marks: [(Int, SourceLocation)] = []
        for (path, text) in self.files {
            var lines: [String] = []
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var line = String(line)
                while let (order, marker) = Self.markers.enumerated().first(where: { line.contains($0.element) }),
                      let range = line.range(of: marker) {
                    let column = line[..<range.lowerBound].unicodeScalars.count + 1
                    marks.append((order, SourceLocation(file: path, line: index + 1, column: column)))
                    line.removeSubrange(range)
                }
                lines.append(line)
            }
            files[path] = lines.joined(separator: "\n")
        }
        return (files, marks.sorted { $0.0 < $1.0 }.map(\.1))
    }
}
