import ArgumentParser
import InfraCore

extension Infractl {
    /// `infractl impact TARGET... [--change stop|remove|move-port=N|rename=NAME]`.
    struct Impact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "impact",
            abstract: "Before a change: who depends on the target and how, what the change does, and its migration, risks, rollback, tests and updates.",
            discussion: "A target is a service, an app, a network or a port. Reads files only; no Docker needed.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "Services, apps, networks or ports.", completion: WorkspaceCompletions.targets)
        var targets: [String]

        @Option(help: "The change: stop, remove, move-port=N or rename=NAME.")
        var change = "stop"

        func run() async throws {
            let kind: ImpactAnalysis.Change
            do {
                kind = try ImpactAnalysis.Change(change)
            } catch {
                throw ValidationError(error.message)
            }
            reportOptions.print(try await workspaceOptions.operations().impact(ImpactRequest(targets: targets, change: kind)))
        }
    }
}
