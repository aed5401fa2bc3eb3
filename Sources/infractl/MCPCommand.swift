import ArgumentParser
import InfraCore
import InfraMCP

extension Infractl {
    /// `infractl mcp [--allow-writes]`.
    struct MCPCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve the platform's tools, documents and prompts to other agents over the Model Context Protocol on stdio.",
            discussion: """
                Standard output carries the protocol only; the server runs until standard input closes. Tools \
                answer with the same JSON as --format json. allocate_port and add_service exist only with \
                --allow-writes.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Flag(name: .customLong("allow-writes"), help: "Offer the tools that change files (allocate_port, add_service).")
        var allowWrites = false

        func run() async throws {
            let workspace = try workspaceOptions.locate()
            guard workspace.files.exists(workspace.registryPath) else {
                throw CommandFailure("no registry at \(workspace.root)/\(workspace.registryPath): infractl mcp serves a workspace (use --workspace DIR)")
            }
            let server = InfraMCPServer(context: ToolContext(workspace: workspace), allowWrites: allowWrites)
            try await server.runOnStandardIO()
        }
    }
}
