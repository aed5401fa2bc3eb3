import ArgumentParser
import InfraCore

extension Infractl {
    /// `infractl rules [ID]`.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every rule, or explain one: its rationale and examples.")

        @Argument(help: "A rule id such as PORT001.")
        var id: String?

        func run() async throws {
            guard let id else {
                Terminal.standardOutput(RuleCatalogText.list(RuleCatalog.all.map { $0.description }))
                return
            }
            guard let rule = RuleCatalog.rule(id: id) else {
                let known = RuleCatalog.all.map { $0.description.id }
                var message = "unknown rule \(id)"
                if let guess = NodeReader.suggestion(for: id.uppercased(), among: known) { message += " (did you mean \(guess)?)" }
                throw ValidationError("\(message); `infractl rules` lists them all")
            }
            Terminal.standardOutput(RuleCatalogText.explain(rule.description))
        }
    }
}
