import Foundation
import InfraCore
import Testing

/// The baseline: accepted findings left out of validate, diagnose and audit, matched by a
/// fingerprint that does not depend on lines, with fixed entries reported.
@Suite("Baseline")
struct BaselineTests {
    typealias Axiom = OperationsTests.Axiom

    static let prism = "apps/prism/docker-compose.dev.yml"

    /// The example with prism-frontend publishing prism-backend's port: PORT001 and friends.
    static func conflicted() throws -> Axiom {
        let axiom = try Axiom()
        try edit(axiom, prism) { $0.replacingOccurrences(of: "\"6001:3000\"", with: "\"6000:3000\"") }
        return axiom
    }

    static func edit(_ axiom: Axiom, _ file: String, _ change: (String) -> String) throws {
        let path = axiom.root + "/" + file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = change(text)
        #expect(changed != text, "the edit of \(file) changed nothing")
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Comments added at the top, prism-backend's networks rewritten in flow style, blank lines
    /// between keys: every finding of prism-frontend moves, none of its own lines changes.
    static func reformatUnrelatedLines(_ axiom: Axiom) throws {
        try edit(axiom, prism) { text in
            text.replacingOccurrences(of: "name: prism\n", with: "# Reformatted by hand.\n#\n# Still the same stack.\n\nname: prism\n\n")
                .replacingOccurrences(
                    of: "      - traefik.http.services.prism-api.loadbalancer.server.port=8000\n",
                    with: "      - traefik.http.services.prism-api.loadbalancer.server.port=8000\n\n")
                .replacingOccurrences(
                    of: "    ports:\n      - \"6000:8000\"\n    networks:\n      - default\n      - forge-network\n",
                    with: "    ports: [\"6000:8000\"]\n    networks: [default, forge-network]\n")
        }
    }

    @Test func acceptedFindingsAreHiddenAndStayHiddenWhenUnrelatedLinesAreReformatted() async throws {
        let axiom = try Self.conflicted()
        let operations = axiom.operations()
        let before = try await operations.validate(ValidateRequest(baseline: .none))
        #expect(before.findings.contains { $0.rule == "PORT001" })
        #expect(before.result == .fail)

        let written = try await operations.writeBaseline(BaselineRequest())
        #expect(FileManager.default.fileExists(atPath: axiom.root + "/" + Baseline.defaultPath))
        #expect(written.rendered(as: .text).contains("to .dev/infra/infractl-baseline.json"))

        let after = try await operations.validate(ValidateRequest())
        #expect(after.findings.isEmpty)
        #expect(after.result == .pass)
        #expect(after.baseline?.hidden == before.findings.count)
        #expect(after.baseline?.fixed == [])
        #expect(after.summaryPhrase == "no new problems (\(before.findings.count) hidden by the baseline)")

        try Self.reformatUnrelatedLines(axiom)
        let moved = try await operations.validate(ValidateRequest(baseline: .none))
        let lines = { (report: Report) in report.findings.filter { $0.service == "prism-frontend" }.compactMap(\.location?.line) }
        #expect(lines(moved) != lines(before), "the reformatting was meant to move the findings")
        #expect(moved.findings.map { BaselineEntry($0, command: "validate").fingerprint }.sorted()
            == before.findings.map { BaselineEntry($0, command: "validate").fingerprint }.sorted())
        let reformatted = try await operations.validate(ValidateRequest())
        #expect(reformatted.findings.isEmpty, "\(reformatted.findings.map(\.message))")
        #expect(reformatted.baseline?.hidden == before.findings.count)
    }

    @Test func aNewFindingIsReportedAndAnEntryMatchingNothingIsFixed() async throws {
        let axiom = try Self.conflicted()
        let operations = axiom.operations()
        _ = try await operations.writeBaseline(BaselineRequest())
        let accepted = try await operations.validate(ValidateRequest(baseline: .none)).findings

        // A second conflict is new: it alone is reported.
        try Self.edit(axiom, "apps/synapse/docker-compose.dev.yml") { $0.replacingOccurrences(of: "\"4001:5173\"", with: "\"4000:5173\"") }
        let added = try await operations.validate(ValidateRequest())
        #expect(!added.findings.isEmpty)
        #expect(added.findings.allSatisfy { $0.location?.file == "apps/synapse/docker-compose.dev.yml" || $0.service?.hasPrefix("synapse") == true },
                "\(added.findings.map(\.message))")
        #expect(added.baseline?.hidden == accepted.count)
        #expect(added.result == .fail)
        #expect(added.rendered(as: .text).contains("(\(accepted.count) hidden by the baseline)"))

        // Both conflicts undone: the accepted entries are fixed, and a notice says so.
        try Self.edit(axiom, "apps/synapse/docker-compose.dev.yml") { $0.replacingOccurrences(of: "\"4000:5173\"", with: "\"4001:5173\"") }
        try Self.edit(axiom, Self.prism) { $0.replacingOccurrences(of: "\"6000:3000\"", with: "\"6001:3000\"") }
        let fixed = try await operations.validate(ValidateRequest())
        #expect(fixed.findings.isEmpty)
        #expect(fixed.baseline?.hidden == 0)
        #expect(fixed.baseline?.fixed.count == accepted.count)
        #expect(fixed.notices.contains { $0.contains("match no finding any more (fixed)") && $0.contains("PORT001") })
        let json = fixed.rendered(as: .json)
        #expect(json.contains("\"baseline\""))
        #expect(json.contains("\"fixed\""))
    }

    @Test func eachCommandMatchesOnlyItsOwnEntries() async throws {
        let axiom = try Self.conflicted()
        let operations = axiom.operations()
        let audit = try await operations.audit(AuditRequest(baseline: .none))
        #expect(!audit.findings.isEmpty, "the example's audit was expected to have findings to accept")
        _ = try await operations.writeBaseline(BaselineRequest())

        let filtered = try await operations.audit(AuditRequest())
        #expect(filtered.findings.isEmpty)
        #expect(filtered.baseline?.hidden == audit.findings.count)
        // validate's entries are not audit's findings: not "fixed" for audit.
        #expect(filtered.baseline?.fixed == [])
        #expect(try await operations.audit(AuditRequest(baseline: .none)).findings.count == audit.findings.count)
    }

    @Test func aFindingTwiceIsHiddenOnceAndAnExplicitFileMustExist() async throws {
        let finding = Finding(
            rule: "NET002", severity: .warning, message: "web is not on forge-network",
            location: SourceLocation(file: "apps/a/docker-compose.yml", line: 3, column: 5), service: "web")
        var moved = finding
        moved.location?.line = 40
        #expect(BaselineEntry(finding, command: "validate").fingerprint == BaselineEntry(moved, command: "validate").fingerprint)
        var other = finding
        other.service = "api"
        #expect(BaselineEntry(finding, command: "validate").fingerprint != BaselineEntry(other, command: "validate").fingerprint)
        var quoting = finding
        quoting.message = "web is already defined at line 12"
        var quotingMoved = quoting
        quotingMoved.message = "web is already defined at line 31"
        #expect(BaselineEntry(quoting, command: "validate").fingerprint == BaselineEntry(quotingMoved, command: "validate").fingerprint)

        let report = Report(command: "validate", workspace: "/w", findings: [finding, moved])
        let filtered = report.filtered(by: Baseline(entries: [BaselineEntry(finding, command: "validate")]), file: "/w/b.json", complete: true)
        #expect(filtered.findings == [moved])
        #expect(filtered.baseline?.file == "b.json")

        let axiom = try Axiom()
        await #expect(throws: InputError.self) {
            try await axiom.operations().validate(ValidateRequest(baseline: .file("missing.json")))
        }
        try "{\"entries\": 3}".write(toFile: axiom.root + "/" + Baseline.defaultPath, atomically: true, encoding: .utf8)
        await #expect(throws: InputError.self) { try await axiom.operations().validate(ValidateRequest()) }
    }

    @Test func aDiagnosisOfSomeServicesReportsNothingFixed() {
        let entry = BaselineEntry(Finding(rule: "RUN001", severity: .error, message: "forge-redis: not running", service: "forge-redis"), command: "diagnose")
        let report = Report(command: "diagnose", workspace: "/w", findings: [])
        #expect(report.filtered(by: Baseline(entries: [entry]), file: "/w/b.json", complete: false).baseline?.fixed == [])
        #expect(report.filtered(by: Baseline(entries: [entry]), file: "/w/b.json", complete: true).baseline?.fixed == [entry])
    }
}
