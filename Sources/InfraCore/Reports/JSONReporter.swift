/// The one JSON object of spec/cli.md, pretty-printed with keys in the spec's order (not
/// sorted): `tool`, `version`, `command`, `workspace`, `result`, `summary`, `baseline` (when
/// one was applied: `file`, `hidden`, `fixed`), the command's own keys, `findings`. A finding's
/// keys: `rule`, `severity`, `message`, `file`, `line`, `column`, `key_path`, `service`,
/// `port`, `app`, `evidence`, `fix`, `verify`. Absent values are left out (never `null`);
/// `evidence` and `verify` are always arrays.
public struct JSONReporter: Reporter {
    public static let identifier = "json"

    public init() {}

    public func generate(_ report: Report) -> String {
        Self.object(report).serialized()
    }

    /// The report as a JSON value, for front ends that embed it (the MCP server).
    public static func object(_ report: Report) -> JSONValue {
        let summary = report.summary
        var members: [JSONMember] = [
            JSONMember("tool", "infractl"),
            JSONMember("version", .string(InfraVersion.current)),
            JSONMember("command", .string(report.command)),
            JSONMember("workspace", .string(report.workspace)),
            JSONMember("result", .string(report.result.rawValue)),
            JSONMember("summary", .fields(["errors": .int(summary.errors), "warnings": .int(summary.warnings), "info": .int(summary.info)])),
        ]
        if let baseline = report.baseline {
            members.append(JSONMember("baseline", .fields([
                "file": .string(baseline.file), "hidden": .int(baseline.hidden),
                "fixed": .array(baseline.fixed.map { entry in
                    .fields([
                        "rule": .string(entry.rule), "file": .string(entry.file), "service": .string(entry.service),
                        "fingerprint": .string(entry.fingerprint), "message": .string(entry.message),
                    ])
                }),
            ])))
        }
        members += report.payload?.jsonFields ?? []
        if let id = report.changeID { members.append(JSONMember("change_id", .string(id))) }
        members.append(JSONMember("findings", .array(report.findings.map(object))))
        return .object(members)
    }

    /// One finding as a JSON object.
    public static func object(_ finding: Finding) -> JSONValue {
        .fields([
            "rule": .string(finding.rule),
            "severity": .string(finding.severity.rawValue),
            "message": .string(finding.message),
            "file": .text(finding.location?.file),
            "line": .number(finding.location?.line),
            "column": .number(finding.location?.column),
            "key_path": .text(finding.location?.keyPath),
            "service": .text(finding.service),
            "port": .number(finding.port),
            "app": .text(finding.app),
            "evidence": .array(finding.evidence.map(JSONValue.string)),
            "fix": finding.fix.map { fix in
                .fields([
                    "file": .text(fix.file), "line": .number(fix.line), "replace": .text(fix.replace),
                    "explanation": .string(fix.explanation),
                ])
            },
            "verify": .array(finding.verify.map(JSONValue.string)),
        ])
    }
}
