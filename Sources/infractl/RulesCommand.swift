import ArgumentParser
import InfraCore

extension Infractl {
    /// `infractl rules [ID]`.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every rule and live check, or explain one: its rationale and examples.")

        @Argument(help: "A rule id such as PORT001, RUN002 or HLT001.")
        var id: String?

        func run() async throws {
            guard let id else {
                Terminal.standardOutput(RuleCatalogText.list(RuleCatalog.descriptions))
                return
            }
            guard let rule = RuleCatalog.rule(id: id)?.description ?? LiveCheckCatalog.check(id: id) else {
                let known = RuleCatalog.descriptions.map(\.id)
                var message = "unknown rule \(id)"
                if let guess = NodeReader.suggestion(for: id.uppercased(), among: known) { message += " (did you mean \(guess)?)" }
                throw ValidationError("\(message); `infractl rules` lists them all")
            }
            Terminal.standardOutput(RuleCatalogText.explain(rule))
        }
    }
}
