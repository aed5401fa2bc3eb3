import InfraCore
import Testing

@Suite("Reporter golden files")
struct ReporterGoldenTests {
    @Test func text() throws {
        try Golden.check(TextReporter().generate(ReportFixtures.report()), against: "validate.txt")
    }

    @Test func textColored() throws {
        try Golden.check(TextReporter(colored: true).generate(ReportFixtures.report()), against: "validate.ansi.txt")
    }

    @Test func markdown() throws {
        let reporter = MarkdownReporter(layouts: [ValidationMarkdownLayout(rules: ReportFixtures.rules)])
        try Golden.check(reporter.generate(ReportFixtures.report()), against: "validate.md")
    }

    @Test func json() throws {
        try Golden.check(JSONReporter().generate(ReportFixtures.report()), against: "validate.json")
    }

    @Test func sarif() throws {
        try Golden.check(SARIFReporter(rules: ReportFixtures.rules).generate(ReportFixtures.report()), against: "validate.sarif")
    }

    @Test func github() throws {
        try Golden.check(GitHubReporter().generate(ReportFixtures.report()), against: "validate.github.txt")
    }

    @Test func gitlabCodeQuality() throws {
        try Golden.check(GitLabReporter().generate(ReportFixtures.report()), against: "validate.gitlab.json")
    }

    @Test func cleanReports() throws {
        let report = ReportFixtures.report([], platform: nil)
        try Golden.check(TextReporter().generate(report), against: "clean.txt")
        try Golden.check(MarkdownReporter(layouts: [ValidationMarkdownLayout(rules: ReportFixtures.rules)]).generate(report), against: "clean.md")
        try Golden.check(JSONReporter().generate(report), against: "clean.json")
    }

    @Test func strictWarningsFail() throws {
        let warnings = ReportFixtures.findings.filter { $0.severity != .error }
        let reporter = MarkdownReporter(layouts: [ValidationMarkdownLayout(rules: ReportFixtures.rules)])
        try Golden.check(reporter.generate(ReportFixtures.report(warnings, strict: true)), against: "strict-warnings.md")
    }
}
