import Foundation
import InfraCore
import MCP

/// `infractl mcp`: the platform's infrastructure authority for other agents, over the Model
/// Context Protocol. Tools answer with the CLI's JSON reports; write tools exist only when
/// writes are allowed. Everything is read afresh from the workspace on every request.
public struct InfraMCPServer: Sendable {
    /// The name the server gives in its handshake.
    public static let name = "infractl"

    public var context: ToolContext
    public var allowWrites: Bool

    public init(context: ToolContext, allowWrites: Bool) {
        self.context = context
        self.allowWrites = allowWrites
    }

    /// The tools this server lists and runs.
    public var tools: [MCPTool] { InfraTools.available(allowWrites: allowWrites) }

    /// What the server tells a client about itself when it connects.
    public var instructions: String {
        """
        infractl is the infrastructure authority of the \(context.workspace.root) workspace: consult it before \
        changing any compose file. Every tool answers with infractl's JSON report (result pass or fail, findings \
        with rule, file, line, fix and verification commands) and a Markdown summary. Ask `registry_summary` \
        first, `check_port` before taking a port, `validate` with the proposed compose text before writing it, \
        `diagnose` and `health` when something does not run. \
        \(allowWrites ? "`allocate_port` and `add_service` change the registry and compose files (use `dry_run` first)." : "This server is read-only: it was started without --allow-writes.")
        """
    }

    /// The answer to `tools/call`: an unknown tool (or a write tool without `--allow-writes`)
    /// is a tool error that says so.
    public func call(_ name: String, arguments: [String: Value]?) async -> CallTool.Result {
        guard let tool = tools.first(where: { $0.name == name }) else {
            if InfraTools.all.contains(where: { $0.name == name }) {
                return ToolOutput.failure("error: \(name) changes files and is only available when the server runs with --allow-writes")
            }
            return ToolOutput.failure("error: unknown tool \(name); the server has \(tools.map(\.name).joined(separator: ", "))")
        }
        return await tool.call(arguments, context: context)
    }

    /// A server with every handler registered, not yet started.
    public func makeServer() async -> Server {
        let server = Server(
            name: Self.name, version: InfraVersion.current, title: "infractl",
            instructions: instructions,
            capabilities: Server.Capabilities(
                prompts: .init(listChanged: false), resources: .init(subscribe: false, listChanged: false),
                tools: .init(listChanged: false)))
        let handler = self
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: handler.tools.map(\.declaration))
        }
        await server.withMethodHandler(CallTool.self) { parameters in
            await handler.call(parameters.name, arguments: parameters.arguments)
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: MCPResources.declarations)
        }
        await server.withMethodHandler(ReadResource.self) { parameters in
            try MCPResources.read(parameters.uri, workspace: handler.context.workspace)
        }
        await server.withMethodHandler(ListPrompts.self) { _ in
            ListPrompts.Result(prompts: MCPPrompts.declarations)
        }
        await server.withMethodHandler(GetPrompt.self) { parameters in
            try MCPPrompts.get(
                parameters.name, arguments: parameters.arguments ?? [:], workspace: handler.context.workspace,
                allowWrites: handler.allowWrites)
        }
        return server
    }

    /// Serves on standard input and output until the client closes standard input, then
    /// finishes the requests still running. Standard output carries the protocol only. The
    /// descriptors' flags (the transport makes them non-blocking) are restored at the end, as a
    /// terminal shared with the parent shell needs.
    public func runOnStandardIO() async throws {
        let flags = [STDIN_FILENO, STDOUT_FILENO].map { ($0, fcntl($0, F_GETFL)) }
        defer { for (descriptor, flag) in flags where flag >= 0 { _ = fcntl(descriptor, F_SETFL, flag) } }
        let transport = AnsweringTransport()
        let server = await makeServer()
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        // Every tool's own work is bounded (probe and engine timeouts) well within this.
        await transport.drained(within: .seconds(300))
        await server.stop()
    }
}
