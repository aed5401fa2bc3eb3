import ArgumentParser
import InfraCore

extension Infractl {
    /// `infractl rules [ID]`.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every rule, or explain one: its rationale and examples.")

        @Argument(help: "A rule id such as PORT001 or RUN002.")
        var id: String?

        func run() async throws {
            guard let id else {
                Terminal.standardOutput(RuleCatalogText.list(DiagnosisCatalog.everyDescription))
                return
            }
            guard let rule = RuleCatalog.rule(id: id)?.description ?? DiagnosisCatalog.analyzer(id: id)?.description else {
                let known = DiagnosisCatalog.everyDescription.map(\.id)
                var message = "unknown rule \(id)"
                if let guess = NodeReader.suggestion(for: id.uppercased(), among: known) { message += " (did you mean \(guess)?)" }
                throw ValidationError("\(message); `infractl rules` lists them all")
            }
            Terminal.standardOutput(RuleCatalogText.explain(rule))
        }
    }
}
