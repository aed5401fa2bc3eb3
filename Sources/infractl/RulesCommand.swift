import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl rules [ID]`.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "List every rule and live check, or explain one: its rationale and examples.")

        @Argument(help: "A rule id such as PORT001, RUN002 or HLT001.", completion: WorkspaceCompletions.rules)
        var id: String?

        @Option(help: "text (default) or json: each rule's id, severity, category, scope, summary and equivalents (compose-lint, CIS).")
        var format: ReportFormat = .text

        func validate() throws {
            guard [.text, .json].contains(format) else { throw ValidationError("rules prints text or json") }
        }

        func run() async throws {
            let workspace = FileManager.default.currentDirectoryPath
            var report = RuleReports.catalogue(RuleCatalog.descriptions, workspace: workspace)
            if let id {
                do {
                    report = RuleReports.explain(try RuleReports.rule(id: id), workspace: workspace)
                } catch {
                    throw ValidationError(error.message)
                }
            }
            Terminal.standardOutput(format == .json ? report.rendered(as: .json) : report.payload?.text ?? "")
        }
    }
}
