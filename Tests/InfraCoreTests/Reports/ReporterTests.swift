import Foundation
import InfraCore
import Testing

@Suite("Reporters")
struct ReporterTests {
    private func parse(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func formatsAndIdentifiersAgree() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "markdown", "json", "sarif", "github", "gitlab"])
        for format in ReportFormat.allCases {
            #expect(type(of: format.reporter()).identifier == format.rawValue)
        }
        #expect(ReportFormat.default(isTerminal: true) == .text)
        #expect(ReportFormat.default(isTerminal: false) == .markdown)
    }

    @Test func noFormatPrintsASecret() {
        for (name, text) in ReportFixtures.outputs(ReportFixtures.report()) {
            for secret in ReportFixtures.secrets {
                #expect(!text.contains(secret), "\(name) output contains \(secret)")
            }
            #expect(text.contains("${POSTGRES_PASSWORD}") || name == "sarif" || name == "github", "\(name) lost the ${VAR} reference")
        }
    }

    @Test func payloadIsMaskedToo() throws {
        let payload = JSONFieldsPayload([JSONMember("holder", "postgres://u:hunter2-literal@db:5432")])
        let report = Report(command: "ports check", workspace: "/w", findings: [], payload: payload)
        let text = JSONReporter().generate(report)
        #expect(!text.contains("hunter2-literal"))
        #expect(text.contains("postgres://u:****@db:5432"))
    }

    @Test func resultFollowsSeverityAndStrict() {
        let warning = Finding(rule: "SEC002", severity: .warning, message: "w")
        let error = Finding(rule: "PORT001", severity: .error, message: "e")
        let info = Finding(rule: "REG002", severity: .info, message: "i")
        #expect(ReportFixtures.report([]).result == .pass)
        #expect(ReportFixtures.report([warning, info]).result == .pass)
        #expect(ReportFixtures.report([warning]).result == .pass)
        #expect(ReportFixtures.report([warning], strict: true).result == .fail)
        #expect(ReportFixtures.report([info], strict: true).result == .pass)
        #expect(ReportFixtures.report([error]).result == .fail)
    }

    @Test func absolutePathsBecomeWorkspaceRelative() throws {
        let finding = Finding(
            rule: "PORT001", severity: .error, message: "m",
            location: SourceLocation(file: "/srv/axiom/apps/a/compose.yml", line: 3, column: 5),
            fix: Fix(file: "/srv/axiom/.dev/infra/registry.yml", explanation: "e"))
        let outside = Finding(
            rule: "PORT001", severity: .error, message: "m", location: SourceLocation(file: "/etc/hosts", line: 1, column: 1))
        let report = ReportFixtures.report([finding, outside])
        #expect(report.findings[0].location?.file == "apps/a/compose.yml")
        #expect(report.findings[0].fix?.file == ".dev/infra/registry.yml")
        #expect(report.findings[1].location?.file == "/etc/hosts")
    }

    @Test func jsonHasTheKeysOfTheSpec() throws {
        let text = JSONReporter().generate(ReportFixtures.report())
        let object = try parse(text)
        #expect(Set(object.keys) == ["tool", "version", "command", "workspace", "result", "summary", "findings"])
        #expect(object["tool"] as? String == "infractl")
        #expect(object["version"] as? String == InfraVersion.current)
        #expect(object["command"] as? String == "validate")
        #expect(object["workspace"] as? String == ReportFixtures.workspace)
        #expect(object["result"] as? String == "fail")
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["errors": 2, "warnings": 2, "info": 1])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == ReportFixtures.findings.count)
        let allowed: Set<String> = [
            "rule", "severity", "message", "file", "line", "column", "key_path", "service", "port", "app", "evidence", "fix", "verify",
        ]
        for finding in findings {
            #expect(Set(finding.keys).isSubset(of: allowed))
            #expect(Set(["rule", "severity", "message", "evidence", "verify"]).isSubset(of: finding.keys))
            if let file = finding["file"] as? String { #expect(!file.hasPrefix("/")) }
            if let fix = finding["fix"] as? [String: Any] {
                #expect(Set(fix.keys).isSubset(of: ["file", "line", "replace", "explanation"]))
                if let file = fix["file"] as? String { #expect(!file.hasPrefix("/")) }
            }
        }
        #expect(!text.contains("null"))
        // Key order is the spec's: tool first, findings last.
        #expect(text.hasPrefix("{\n  \"tool\": \"infractl\",\n  \"version\""))
        let payload = Report(
            command: "ports check", workspace: "/w", findings: [],
            payload: JSONFieldsPayload([JSONMember("port", 4000), JSONMember("free", false)]))
        let ordered = try parse(JSONReporter().generate(payload))
        #expect(ordered["port"] as? Int == 4000)
        let rendered = JSONReporter().generate(payload)
        let summaryIndex = try #require(rendered.range(of: "\"summary\""))
        let portIndex = try #require(rendered.range(of: "\"port\""))
        let findingsIndex = try #require(rendered.range(of: "\"findings\""))
        #expect(summaryIndex.lowerBound < portIndex.lowerBound && portIndex.lowerBound < findingsIndex.lowerBound)
    }

    @Test func sarifHasWhatCodeScanningNeeds() throws {
        let report = ReportFixtures.report()
        let sarif = try parse(SARIFReporter(rules: ReportFixtures.rules).generate(report))
        #expect(sarif["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(sarif["version"] as? String == "2.1.0")
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "infractl")
        #expect(driver["version"] as? String == InfraVersion.current)
        #expect(driver["informationUri"] as? String != nil)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(Array(ruleIDs.prefix(ReportFixtures.rules.count)) == ReportFixtures.rules.map(\.id))
        #expect(ruleIDs.contains("REG002"), "a rule used by a finding but not in the list is described too")
        for rule in rules {
            #expect(rule["name"] is String)
            #expect((rule["shortDescription"] as? [String: Any])?["text"] is String)
            let level = (rule["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(["error", "warning", "note"].contains(level ?? ""))
        }
        for rule in rules.prefix(ReportFixtures.rules.count) {
            #expect((rule["fullDescription"] as? [String: Any])?["text"] is String)
            #expect((rule["help"] as? [String: Any])?["text"] is String)
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == report.findings.count)
        var fingerprints: Set<String> = []
        for (result, finding) in zip(results, report.findings) {
            #expect(result["ruleId"] as? String == finding.rule)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs[index] == finding.rule)
            #expect(result["level"] as? String == SARIFReporter.level(finding.severity))
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.hasPrefix(finding.message) == true)
            let locations = try #require(result["locations"] as? [[String: Any]])
            let physical = try #require(locations.first?["physicalLocation"] as? [String: Any])
            let artifact = try #require(physical["artifactLocation"] as? [String: Any])
            let region = try #require(physical["region"] as? [String: Any])
            let uri = try #require(artifact["uri"] as? String)
            #expect(!uri.hasPrefix("/"))
            #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
            #expect(uri == (finding.location?.file ?? report.registryFile))
            #expect(region["startLine"] as? Int == (finding.location?.line ?? 1))
            #expect(region["startColumn"] as? Int == (finding.location?.column ?? 1))
            let fingerprint = try #require((result["partialFingerprints"] as? [String: String])?["infractl/v1"])
            #expect(fingerprint.count == 16)
            fingerprints.insert(fingerprint)
        }
        #expect(fingerprints.count == results.count)
        // Fingerprints do not move with the line.
        var moved = ReportFixtures.findings[0]
        moved.location?.line += 10
        let again = try parse(SARIFReporter(rules: []).generate(ReportFixtures.report([moved])))
        let first = try parse(SARIFReporter(rules: []).generate(ReportFixtures.report([ReportFixtures.findings[0]])))
        func fingerprint(_ sarif: [String: Any]) -> String? {
            (((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first?["partialFingerprints"] as? [String: String])?["infractl/v1"]
        }
        #expect(fingerprint(again) != nil && fingerprint(again) == fingerprint(first))
    }

    @Test func githubEscapesMessagesAndProperties() {
        let finding = Finding(
            rule: "PORT001", severity: .info, message: "100% taken\r\nsecond line",
            location: SourceLocation(file: "apps/a,b:c.yml", line: 2, column: 4))
        let text = GitHubReporter().generate(ReportFixtures.report([finding]))
        let first = text.split(separator: "\n").first.map(String.init)
        #expect(first == "::notice file=apps/a%2Cb%3Ac.yml,line=2,col=4,title=PORT001::100%25 taken%0D%0Asecond line")
    }

    @Test func textHasNoColourCodesUnlessColoured() {
        let report = ReportFixtures.report()
        #expect(!TextReporter(colored: false).generate(report).contains("\u{1B}"))
        #expect(TextReporter(colored: true).generate(report).contains("\u{1B}[1;31merror[PORT001]\u{1B}[0m"))
    }

    @Test func markdownFallsBackToAGenericLayout() {
        // A command without a layout of its own (diagnose has one now).
        let report = Report(
            command: "custom", workspace: "/w", title: "Diagnosis Report", findings: [
                Finding(rule: "RUN001", severity: .error, message: "synapse-backend: not running (no container)")
            ])
        let text = MarkdownReporter().generate(report)
        #expect(text.hasPrefix("## Diagnosis Report\n"))
        #expect(text.contains("### Runtime\n\n- ❌ **RUN001** synapse-backend: not running (no container)"))
        #expect(text.hasSuffix("### Result: FAIL ❌"))
    }

    @Test func markdownValidationReportEndsWithTheResult() {
        let text = MarkdownReporter(layouts: [ValidationMarkdownLayout(rules: [])]).generate(ReportFixtures.report())
        #expect(text.split(separator: "\n").last == "### Validation Result: FAIL ❌")
        let titles = text.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { String($0.dropFirst(4)) }
        #expect(titles == [
            "Port Allocation", "Network Requirements", "Dependencies", "Health Checks", "Registry Consistency", "Security",
            "Documentation", "Validation Result: FAIL ❌",
        ])
    }
}

/// JSON strings: escaped exactly where JSON requires, everything else passed through whole,
/// and read back by a JSON parser as the same text.
@Suite("JSON string escaping")
struct JSONStringEscapingTests {
    @Test(arguments: [
        "plain", "", "quote \" and backslash \\", "line\nbreak\r\ttab", "bell \u{07} and nul \u{00} and unit \u{1F}",
        "ünïcödé ✅ 🐳 and \u{7F}", "\"\\\"", "ends with escape\n",
    ])
    func roundTrips(_ text: String) throws {
        let serialized = JSONValue.string(text).serialized()
        let decoded = try JSONDecoder().decode(String.self, from: Data(serialized.utf8))
        #expect(decoded == text)
        #expect(!serialized.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 }, "raw control character in \(serialized)")
    }

    @Test func controlCharactersAreWrittenAsFourHexDigits() {
        #expect(JSONValue.string("a\u{01}b").serialized() == "\"a\\u0001b\"")
        #expect(JSONValue.string("\u{1F}").serialized() == "\"\\u001f\"")
    }
}
