import MCP

/// The arguments of one tool call, checked against the tool's parameters before the tool runs:
/// an unknown name, a missing required argument, a value of the wrong type or outside its
/// range is a tool error that says which argument and what it takes.
public struct ToolArguments: Sendable {
    public let tool: String
    private let parameters: [String: ToolParameter]
    private let values: [String: Value]

    /// Checks `values` (`null` counts as absent) against `tool`'s parameters.
    public init(_ values: [String: Value]?, for tool: MCPTool) throws(ToolError) {
        self.tool = tool.name
        self.parameters = Dictionary(tool.parameters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var checked: [String: Value] = [:]
        for (name, value) in values ?? [:] where !value.isNull {
            guard let parameter = parameters[name] else {
                let known = tool.parameters.map(\.name)
                throw ToolError(
                    "unknown argument `\(name)` for \(tool.name)"
                        + (known.isEmpty ? "; it takes no arguments" : "; it takes \(known.map { "`\($0)`" }.joined(separator: ", "))"))
            }
            checked[name] = try Self.check(value, against: parameter, tool: tool.name)
        }
        for parameter in tool.parameters where parameter.isRequired && checked[parameter.name] == nil {
            throw ToolError("\(tool.name) needs the argument `\(parameter.name)`: \(parameter.description)")
        }
        self.values = checked
    }

    /// The value of a string argument (or a choice), `nil` when it was not given.
    public func string(_ name: String) throws(ToolError) -> String? {
        try value(name)?.stringValue
    }

    /// The value of an integer argument, `nil` when it was not given.
    public func integer(_ name: String) throws(ToolError) -> Int? {
        try value(name)?.intValue
    }

    /// The value of a boolean argument, `nil` when it was not given.
    public func boolean(_ name: String) throws(ToolError) -> Bool? {
        try value(name)?.boolValue
    }

    /// The values of an array-of-strings argument, empty when it was not given.
    public func strings(_ name: String) throws(ToolError) -> [String] {
        try value(name)?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    private func value(_ name: String) throws(ToolError) -> Value? {
        guard parameters[name] != nil else {
            throw ToolError("internal error: \(tool) reads the argument `\(name)` its input schema does not declare")
        }
        return values[name]
    }

    /// `value` as `parameter` takes it (a whole-number double as an integer, a lone string as
    /// a one-element array), or an error saying what it must be.
    private static func check(_ value: Value, against parameter: ToolParameter, tool: String) throws(ToolError) -> Value {
        let name = "`\(parameter.name)` of \(tool)"
        switch parameter.kind {
        case .string:
            guard let text = string(value) else { throw ToolError("\(name) must be a string") }
            return .string(text)
        case .integer(let range):
            let number: Int?
            switch value {
            case .int(let int): number = int
            case .double(let double) where double.rounded() == double && abs(double) < 1e15: number = Int(double)
            case .string(let text): number = Int(text)
            default: number = nil
            }
            guard let number else { throw ToolError("\(name) must be an integer") }
            guard range.contains(number) else {
                throw ToolError("\(name) must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
            }
            return .int(number)
        case .boolean:
            switch value {
            case .bool: return value
            case .string("true"): return .bool(true)
            case .string("false"): return .bool(false)
            default: throw ToolError("\(name) must be true or false")
            }
        case .choice(let allowed):
            guard let text = string(value), allowed.contains(text) else {
                throw ToolError("\(name) must be one of \(allowed.joined(separator: ", "))")
            }
            return .string(text)
        case .strings, .choices:
            let items: [Value]
            if case .array(let array) = value { items = array } else { items = [value] }
            var texts: [Value] = []
            for item in items {
                guard let text = string(item) else { throw ToolError("\(name) must be an array of strings") }
                if case .choices(let allowed) = parameter.kind, !allowed.contains(text) {
                    throw ToolError("\(name) takes \(allowed.joined(separator: ", ")), not \(text)")
                }
                texts.append(.string(text))
            }
            return .array(texts)
        }
    }

    /// A string value; the SDK decodes a string that looks like a data URL as data, so that is
    /// turned back into text.
    private static func string(_ value: Value) -> String? {
        switch value {
        case .string(let text): text
        case .data(let mimeType, let data): "data:\(mimeType ?? "text/plain");base64,\(data.base64EncodedString())"
        default: nil
        }
    }
}
