import MCP

/// One argument of a tool, declared once: the tool's JSON input schema is made from these, and
/// `ToolArguments` checks what a client sends against them.
public struct ToolParameter: Sendable, Hashable {
    /// The JSON type of an argument.
    public enum Kind: Sendable, Hashable {
        case string
        case integer(ClosedRange<Int>)
        case boolean
        /// A string that must be one of these.
        case choice([String])
        /// An array of strings.
        case strings
        /// An array of strings, each one of these.
        case choices([String])
    }

    public var name: String
    public var kind: Kind
    /// What the argument is for, as the client shows it.
    public var description: String
    public var isRequired: Bool

    public init(_ name: String, _ kind: Kind, _ description: String, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.description = description
        self.isRequired = required
    }

    /// The argument's JSON Schema.
    public var schema: Value {
        var schema: [String: Value] = ["description": .string(description)]
        switch kind {
        case .string:
            schema["type"] = "string"
        case .integer(let range):
            schema["type"] = "integer"
            schema["minimum"] = .int(range.lowerBound)
            schema["maximum"] = .int(range.upperBound)
        case .boolean:
            schema["type"] = "boolean"
        case .choice(let values):
            schema["type"] = "string"
            schema["enum"] = .array(values.map(Value.string))
        case .strings:
            schema["type"] = "array"
            schema["items"] = ["type": "string"]
        case .choices(let values):
            schema["type"] = "array"
            schema["items"] = ["type": "string", "enum": .array(values.map(Value.string))]
        }
        return .object(schema)
    }
}
