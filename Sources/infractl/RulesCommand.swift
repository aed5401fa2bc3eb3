import ArgumentParser
import InfraCore

extension Infractl {
    /// `infractl rules [ID]`.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "List every rule and live check, or explain one: its rationale and examples.")

        @Argument(help: "A rule id such as PORT001, RUN002 or HLT001.")
        var id: String?

        func run() async throws {
            guard let id else {
                Terminal.standardOutput(RuleCatalogText.list(RuleCatalog.descriptions))
                return
            }
            do {
                Terminal.standardOutput(RuleCatalogText.explain(try RuleReports.rule(id: id)))
            } catch {
                throw ValidationError(error.message)
            }
        }
    }
}
