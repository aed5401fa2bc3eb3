/// A proposed change that resolves a finding: where to edit and what to write there.
public struct Fix: Sendable, Hashable, Codable {
    /// File to edit, relative to the workspace root.
    public var file: String?
    /// Line to edit (1-based), when known.
    public var line: Int?
    /// The exact text (usually YAML) to put there.
    public var replace: String?
    /// What the change does, in one sentence.
    public var explanation: String

    public init(file: String? = nil, line: Int? = nil, replace: String? = nil, explanation: String) {
        self.file = file
        self.line = line
        self.replace = replace
        self.explanation = explanation
    }
}

/// One problem found by validation, diagnosis or a health check.
public struct Finding: Sendable, Hashable, Codable {
    /// Stable rule id, e.g. `PORT001`.
    public var rule: String
    public var severity: Severity
    /// The rule's message, first sentence as in the rule catalogue.
    public var message: String
    /// Where a person edits to fix it.
    public var location: SourceLocation?
    /// The service, port and app the finding concerns, where there is one.
    public var service: String?
    public var port: Int?
    public var app: String?
    /// Supporting facts (log lines, conflicting definitions), secrets masked.
    public var evidence: [String]
    public var fix: Fix?
    /// Commands that show the problem is gone.
    public var verify: [String]

    public init(
        rule: String, severity: Severity, message: String, location: SourceLocation? = nil,
        service: String? = nil, port: Int? = nil, app: String? = nil,
        evidence: [String] = [], fix: Fix? = nil, verify: [String] = []
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
        self.service = service
        self.port = port
        self.app = app
        self.evidence = evidence
        self.fix = fix
        self.verify = verify
    }
}

extension Finding {
    /// Orders findings by file, line, column, then rule id, so reports are stable.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        let l = lhs.location, r = rhs.location
        if (l?.file ?? "") != (r?.file ?? "") { return (l?.file ?? "") < (r?.file ?? "") }
        if (l?.line ?? 0) != (r?.line ?? 0) { return (l?.line ?? 0) < (r?.line ?? 0) }
        if (l?.column ?? 0) != (r?.column ?? 0) { return (l?.column ?? 0) < (r?.column ?? 0) }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message < rhs.message
    }
}

/// Counts of findings per severity.
public struct FindingSummary: Sendable, Hashable, Codable {
    public var errors: Int
    public var warnings: Int
    public var info: Int

    public init(_ findings: [Finding]) {
        errors = findings.count { $0.severity == .error }
        warnings = findings.count { $0.severity == .warning }
        info = findings.count { $0.severity == .info }
    }
}
