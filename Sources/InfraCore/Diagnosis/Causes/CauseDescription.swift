/// What a cause explainer recognises, described once: the documentation `infractl rules`
/// can print and, through its examples, the explainer's own tests.
public struct CauseDescription: Sendable {
    /// The kind of root cause explained; its raw value is the cause's stable id.
    public var kind: RootCause.Kind
    /// One line: what the cause is.
    public var summary: String
    /// Why it happens and how its fixes are chosen.
    public var rationale: String
    /// Small workspaces and engine states, each with the explanation and fix expected.
    public var examples: [CauseExample]

    /// The description of the explainer of `kind`.
    public init(kind: RootCause.Kind, summary: String, rationale: String, examples: [CauseExample]) {
        self.kind = kind
        self.summary = summary
        self.rationale = rationale
        self.examples = examples
    }

    /// The stable id (`port-allocated`).
    public var id: String { kind.rawValue }
    /// A few words for reports (`host port already allocated`).
    public var name: String { kind.title }
}
