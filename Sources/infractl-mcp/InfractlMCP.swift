import ArgumentParser
import Foundation
import InfraCore
import InfraMCP

/// `infractl-mcp`: the Model Context Protocol server that `infractl mcp` runs.
///
/// It is a binary of its own because the MCP SDK imports FoundationNetworking, which links
/// libcurl and some thirty libraries behind it (GnuTLS, Kerberos, LDAP): loading them took
/// 4-6 ms and 6 MiB of every infractl run, `validate` included, though only this server links
/// the SDK and it speaks on stdio. `infractl mcp` parses and checks its options, then replaces
/// itself with this program, which is installed beside it; run directly, it takes the same
/// options.
@main
struct InfractlMCP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infractl-mcp",
        abstract: "The MCP server of `infractl mcp` (see `infractl mcp --help`).")

    @Option(name: .long, help: "Workspace root (default: the nearest folder upward holding .dev/infra/registry.yml).")
    var workspace: String?

    @Option(name: .long, help: "Registry file (default: .dev/infra/registry.yml under the workspace).")
    var registry: String?

    @Flag(name: .customLong("allow-writes"), help: "Offer the tools that change files (allocate_port, add_service).")
    var allowWrites = false

    func run() async throws {
        let workspace = try Workspace.locate(explicitRoot: workspace, registryPath: registry)
        guard workspace.files.exists(workspace.registryPath) else {
            throw MCPServerFailure(message: "no registry at \(workspace.root)/\(workspace.registryPath): infractl mcp serves a workspace (use --workspace DIR)")
        }
        let server = InfraMCPServer(context: ToolContext(workspace: workspace), allowWrites: allowWrites)
        try await server.runOnStandardIO()
    }

    /// infractl's exit statuses (spec/cli.md): what stops the server before it serves exits 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { Self.exit(withError: error) }
            let message = (error as? any InfraError)?.printedMessage ?? fullMessage(for: error)
            FileHandle.standardError.write(Data(((message.lowercased().hasPrefix("error:") ? message : "error: \(message)") + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// The server could not start.
struct MCPServerFailure: InfraError {
    var message: String
    var code: String { "command" }
    var errorDescription: String? { message }
}
