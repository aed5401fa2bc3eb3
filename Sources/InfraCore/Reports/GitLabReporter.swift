/// GitLab's Code Quality report (a JSON array, `artifacts:reports:codequality`), so merge
/// requests show the findings they add: one issue per finding with `check_name` the rule id,
/// a `fingerprint` that does not depend on lines (the baseline's), the workspace-relative
/// `location.path` and `lines.begin`. Findings without a location point at the registry's
/// first line, as in SARIF.
public struct GitLabReporter: Reporter {
    public static let identifier = "gitlab"

    public init() {}

    public func generate(_ report: Report) -> String {
        var seen: [String: Int] = [:]
        let issues = report.findings.map { finding -> JSONValue in
            // GitLab needs each fingerprint once per report: the second identical finding gets a suffix.
            let base = BaselineEntry(finding, command: report.command).fingerprint
            let count = seen[base, default: 0]
            seen[base] = count + 1
            var description = finding.message
            if let fix = finding.fix { description += " Fix: " + fix.explanation }
            return .fields([
                "description": .string(description),
                "check_name": .string(finding.rule),
                "fingerprint": .string(count == 0 ? base : "\(base)-\(count)"),
                "severity": .string(Self.severity(finding.severity)),
                "location": .fields([
                    "path": .string(finding.location?.file ?? report.registryFile),
                    "lines": .fields(["begin": .int(finding.location?.line ?? 1)]),
                ]),
            ])
        }
        return JSONValue.array(issues).serialized()
    }

    /// GitLab's word for a severity (info, minor, major, critical, blocker).
    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: "major"
        case .warning: "minor"
        case .info: "info"
        }
    }
}
