import ArgumentParser
import InfraCore

extension Infractl {
    /// `infractl logs SERVICE [--lines N]`.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "logs",
            abstract: "Print the last lines a service's container wrote, secrets masked (exit 1 when it has no container).")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The registry service.", completion: WorkspaceCompletions.services)
        var service: String

        @Option(help: "How many of the last lines.")
        var lines = 100

        func validate() throws {
            guard (1...10_000).contains(lines) else { throw ValidationError("--lines must be between 1 and 10000") }
        }

        func run() async throws {
            try reportOptions.finish(try await workspaceOptions.operations().logs(LogsRequest(service: service, lines: lines)))
        }
    }
}
