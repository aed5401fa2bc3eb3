import ArgumentParser
import Foundation
import InfraCore

extension Orchestrator: ExpressibleByArgument {}

extension Infractl {
    /// `infractl validate [COMPOSE_FILE...]`.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check the registry and every compose file it names against the rules; no Docker needed.",
            discussion: "Compose files given as arguments are checked as a proposed change against the registry.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions
        @OptionGroup var baselineOptions: BaselineOptions

        @Argument(help: "Compose files to check as a proposed change.", completion: .file())
        var composeFiles: [String] = []

        @Option(name: .long, help: "Check for this orchestrator (compose or swarm) instead of the registry's `orchestrator`.")
        var target: Orchestrator?

        func run() async throws {
            var operations = try workspaceOptions.operations()
            // One validation, then the process exits: the exit frees the workspace it read.
            operations.retirement = .atExit
            let proposed = try composeFiles.map { try Self.relativePath($0, in: operations.workspace) }
            try reportOptions.finish(try await operations.validate(ValidateRequest(
                proposedFiles: proposed, strict: reportOptions.strict, target: target, baseline: baselineOptions.choice)))
        }

        /// A command-line path as a workspace-relative one; an error when it leaves the workspace.
        static func relativePath(_ path: String, in workspace: Workspace) throws -> String {
            let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)).standardizedFileURL.path
            guard let relative = WorkspacePath.relative(absolute, to: workspace.root), !relative.isEmpty else {
                throw InputError(file: path, message: "\(path) is outside the workspace \(workspace.root)")
            }
            guard FileManager.default.fileExists(atPath: absolute) else {
                throw InputError(file: path, message: "file \(path) does not exist")
            }
            return relative
        }
    }
}
