import InfraCore
import MCP

/// What a tool answers: a report, rendered as the CLI's `--format json` renders it, and a short
/// Markdown summary for a person or an agent reading along.
public struct ToolOutput: Sendable {
    public var report: Report
    public var markdown: String

    /// `report` with a summary made by `ReportSummary`, or `markdown` when given, and the
    /// report's notices under it.
    public init(_ report: Report, markdown: String? = nil) {
        self.report = report
        self.markdown = markdown ?? ReportSummary.markdown(report)
        for notice in report.notices {
            self.markdown += "\n\n> **Note:** \(notice)" + (notice.hasSuffix(".") ? "" : ".")
        }
    }

    /// The JSON text, byte for byte what `infractl … --format json` prints (without the final
    /// newline).
    public var json: String { report.rendered(as: .json) }

    /// The MCP result: the JSON text first, then the Markdown summary, and the same JSON as
    /// structured content.
    public var result: CallTool.Result {
        let json = self.json
        return CallTool.Result(
            content: [.text(text: json, annotations: nil, _meta: nil), .text(text: markdown, annotations: nil, _meta: nil)],
            structuredContent: Optional.some(Value(json: JSONReporter.object(report))),
            isError: false)
    }

    /// A tool error carrying `message` (masked).
    public static func failure(_ message: String, masker: SecretMasker = SecretMasker()) -> CallTool.Result {
        CallTool.Result(content: [.text(text: masker.mask(message), annotations: nil, _meta: nil)], isError: true)
    }
}

extension Value {
    /// The same JSON as an MCP value (object keys lose their order).
    init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = value.isFinite ? .double(value) : .null
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map { Value(json: $0) })
        case .object(let members):
            self = .object(Dictionary(members.map { ($0.key, Value(json: $0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
