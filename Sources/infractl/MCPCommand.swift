import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl mcp [--allow-writes]`: checks its options, then becomes `infractl-mcp`, the
    /// server installed beside infractl (a binary of its own, so that the libraries the MCP SDK
    /// links are loaded by the server alone, not by every infractl command).
    struct MCPCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve the platform's tools, documents and prompts to other agents over the Model Context Protocol on stdio.",
            discussion: """
                Standard output carries the protocol only; the server runs until standard input closes. Tools \
                answer with the same JSON as --format json. allocate_port and add_service exist only with \
                --allow-writes. The server is the program infractl-mcp, installed beside infractl.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Flag(name: .customLong("allow-writes"), help: "Offer the tools that change files (allocate_port, add_service).")
        var allowWrites = false

        func run() async throws {
            let workspace = try workspaceOptions.locate()
            guard workspace.files.exists(workspace.registryPath) else {
                throw CommandFailure("no registry at \(workspace.root)/\(workspace.registryPath): infractl mcp serves a workspace (use --workspace DIR)")
            }
            let server = try Self.serverExecutable()
            var arguments = [server, "--workspace", workspace.root, "--registry", workspace.root + "/" + workspace.registryPath]
            if allowWrites { arguments.append("--allow-writes") }
            // Nothing is written yet, so nothing is buffered; the server inherits the standard
            // streams and the environment, and its exit status is this command's.
            let argv = arguments.map { strdup($0) } + [nil]
            execv(server, argv)
            let reason = String(cString: strerror(errno))
            argv.forEach { free($0) }
            throw CommandFailure("infractl mcp runs \(server), which could not be started (\(reason)): install infractl and infractl-mcp together (scripts/install.sh)")
        }

        /// `infractl-mcp` in the folder of the running infractl (links resolved: beside the
        /// real binary, as install.sh and the image place them).
        static func serverExecutable() throws -> String {
            guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else {
                throw CommandFailure("infractl mcp could not find its own executable to start infractl-mcp beside it")
            }
            return executable.deletingLastPathComponent().appendingPathComponent("infractl-mcp").path
        }
    }
}
