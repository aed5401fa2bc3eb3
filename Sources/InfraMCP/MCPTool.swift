import InfraCore
import MCP

/// A tool of the server, declared as data: its name (a contract), what it does, the arguments
/// it takes (its input schema is made from them), whether it changes files, and what it runs.
public struct MCPTool: Sendable {
    /// Whether a tool only reads the workspace or changes it.
    public enum Access: Sendable, Hashable {
        case read
        /// Listed and callable only with `--allow-writes`.
        case write
    }

    public var name: String
    public var title: String
    public var description: String
    public var parameters: [ToolParameter]
    public var access: Access
    /// MCP's `destructiveHint`: a write that may remove or overwrite what is there (removing a
    /// service, releasing a port, stopping the platform), not only add to it.
    public var destructive: Bool
    /// MCP's `idempotentHint`: calling it again with the same arguments changes nothing more.
    public var idempotent: Bool
    public var run: @Sendable (ToolArguments, ToolContext) async throws -> ToolOutput

    public init(
        name: String, title: String, description: String, parameters: [ToolParameter] = [], access: Access = .read,
        destructive: Bool = false, idempotent: Bool? = nil,
        run: @escaping @Sendable (ToolArguments, ToolContext) async throws -> ToolOutput
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.parameters = parameters
        self.access = access
        self.destructive = destructive
        self.idempotent = idempotent ?? (access == .read)
        self.run = run
    }

    /// A JSON Schema object naming every parameter, its type and description; no other
    /// property is accepted.
    public var inputSchema: Value {
        var schema: [String: Value] = [
            "type": "object",
            "properties": .object(Dictionary(parameters.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })),
            "additionalProperties": false,
        ]
        let required = parameters.filter(\.isRequired).map { Value.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return .object(schema)
    }

    /// The tool as `tools/list` shows it.
    public var declaration: Tool {
        Tool(
            name: name, title: title, description: description, inputSchema: inputSchema,
            annotations: Tool.Annotations(
                title: title, readOnlyHint: access == .read, destructiveHint: access == .write ? destructive : nil,
                idempotentHint: idempotent, openWorldHint: false))
    }

    /// The arguments of a call as ` key=value…`, sorted, secret-looking values masked.
    static func describe(_ arguments: [String: Value], masker: SecretMasker) -> String {
        arguments.keys.sorted().map { key in
            let value = arguments[key].map { value in
                if case .string(let text) = value { return text }
                return String(describing: value)
            } ?? ""
            return " \(key)=" + (SecretMasker.isSecretVariable(key) ? SecretMasker.mask : masker.mask(value))
        }.joined()
    }

    /// Runs the tool with `arguments`; every failure becomes a tool error with the CLI's
    /// message, masked.
    public func call(_ arguments: [String: Value]?, context: ToolContext) async -> CallTool.Result {
        do {
            let checked = try ToolArguments(arguments, for: self)
            var context = context
            context.invocation = "infractl mcp: \(name)" + (arguments.map { Self.describe($0, masker: context.masker) } ?? "")
            return try await run(checked, context).result
        } catch {
            return ToolOutput.failure(ToolError.message(for: error), masker: context.masker)
        }
    }
}
