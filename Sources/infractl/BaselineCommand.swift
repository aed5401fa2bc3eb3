import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl baseline [--output FILE] [--live]`.
    struct Baseline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "baseline",
            abstract: "Accept today's findings: validate, diagnose and audit then report only new ones.",
            discussion: """
                Writes every finding of validate and audit (with --live, of diagnose too) to \
                .dev/infra/infractl-baseline.json: rule, file, service and a fingerprint that does not \
                depend on line numbers. Commit the file; entries that match nothing any more are \
                reported as fixed, and running this command again shrinks it.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: "File to write (default: .dev/infra/infractl-baseline.json in the workspace).", completion: .file(extensions: ["json"]))
        var output: String?

        @Flag(help: "Also accept what diagnose finds on the Docker engine now.")
        var live = false

        @OptionGroup var reportOptions: ReportOptions

        func run() async throws {
            let output = self.output.map {
                URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)).standardizedFileURL.path
            }
            let report = try await workspaceOptions.operations().writeBaseline(BaselineRequest(output: output, live: live))
            reportOptions.print(report)
        }
    }
}
