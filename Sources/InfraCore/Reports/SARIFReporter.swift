import Foundation

/// SARIF 2.1.0 as GitHub code scanning accepts it: one run, every rule of the catalogue (and
/// any other rule a finding names) in `tool.driver.rules`, one result per finding with a
/// workspace-relative location under `%SRCROOT%` and a stable `partialFingerprints` entry.
/// GitHub needs a location on every result, so findings without one point at the registry's
/// first line.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"

    /// Where people read about infractl; `tool.driver.informationUri`.
    public static let informationURI = "https://github.com/infractl/infractl"

    /// The rules described in `tool.driver.rules`, in this order.
    public var rules: [RuleDescription]

    public init(rules: [RuleDescription] = RuleCatalog.descriptions) { self.rules = rules }

    public func generate(_ report: Report) -> String {
        var descriptors = rules.map(Self.descriptor)
        var index: [String: Int] = [:]
        for (position, rule) in rules.enumerated() where index[rule.id] == nil { index[rule.id] = position }
        for finding in report.findings where index[finding.rule] == nil {
            index[finding.rule] = descriptors.count
            descriptors.append(Self.descriptor(id: finding.rule, severity: finding.severity))
        }
        let results = report.findings.map { finding in
            Self.result(finding, ruleIndex: index[finding.rule] ?? 0, registryFile: report.registryFile)
        }
        let driver: JSONValue = .fields([
            "name": "infractl",
            "version": .string(InfraVersion.current),
            "informationUri": .string(Self.informationURI),
            "rules": .array(descriptors),
        ])
        let run: JSONValue = .fields([
            "tool": .fields(["driver": driver]),
            "originalUriBaseIds": .fields([
                "%SRCROOT%": .fields(["uri": .string(URL(fileURLWithPath: report.workspace, isDirectory: true).absoluteString)])
            ]),
            "results": .array(results),
        ])
        return JSONValue.fields([
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        ]).serialized()
    }

    /// SARIF's word for a severity.
    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    private static func descriptor(_ rule: RuleDescription) -> JSONValue {
        .fields([
            "id": .string(rule.id),
            "name": .string(rule.name),
            "shortDescription": .fields(["text": .string(rule.summary)]),
            "fullDescription": .fields(["text": .string(rule.rationale)]),
            "defaultConfiguration": .fields(["level": .string(level(rule.severity))]),
            "help": .fields(["text": .string(rule.rationale)]),
            "properties": .fields(["tags": [.string(rule.category.rawValue)]]),
        ])
    }

    /// A rule known only from a finding (a live check, or one outside the catalogue).
    private static func descriptor(id: String, severity: Severity) -> JSONValue {
        .fields([
            "id": .string(id),
            "name": .string(id),
            "shortDescription": .fields(["text": .string(id)]),
            "defaultConfiguration": .fields(["level": .string(level(severity))]),
        ])
    }

    private static func result(_ finding: Finding, ruleIndex: Int, registryFile: String) -> JSONValue {
        let file = finding.location?.file ?? registryFile
        var text = finding.message
        if let fix = finding.fix { text += "\nFix: " + fix.explanation }
        return .fields([
            "ruleId": .string(finding.rule),
            "ruleIndex": .int(ruleIndex),
            "level": .string(level(finding.severity)),
            "message": .fields(["text": .string(text)]),
            "locations": [
                .fields([
                    "physicalLocation": .fields([
                        "artifactLocation": .fields([
                            "uri": .string(file.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? file),
                            "uriBaseId": "%SRCROOT%",
                        ]),
                        "region": .fields([
                            "startLine": .int(max(1, finding.location?.line ?? 1)),
                            "startColumn": .int(max(1, finding.location?.column ?? 1)),
                        ]),
                    ])
                ])
            ],
            "partialFingerprints": .fields([
                "infractl/v1": .string(Fingerprint.fnv1a64("\(finding.rule)\u{0}\(file)\u{0}\(finding.message)"))
            ]),
        ])
    }
}
