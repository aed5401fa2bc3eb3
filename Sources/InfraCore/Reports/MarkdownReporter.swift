/// Reports in the Markdown layouts of the platform's runbooks (spec/cli.md): each command has
/// its own layout, chosen by `Report.command`; a command without one gets a generic layout.
public struct MarkdownReporter: Reporter {
    public static let identifier = "markdown"

    /// The layouts, by the command they render.
    public var layouts: [String: any MarkdownLayout]

    public init(layouts: [any MarkdownLayout] = [
        ValidationMarkdownLayout(), DiagnosisMarkdownLayout(), HealthMarkdownLayout(), AuditMarkdownLayout(),
    ]) {
        self.layouts = Dictionary(layouts.map { ($0.command, $0) }, uniquingKeysWith: { _, last in last })
    }

    public func generate(_ report: Report) -> String {
        (layouts[report.command] ?? GenericMarkdownLayout()).render(report)
    }
}

/// How one command's report reads in Markdown.
public protocol MarkdownLayout: Sendable {
    /// The command (`Report.command`) this layout renders.
    var command: String { get }

    /// The whole document, without a trailing newline.
    func render(_ report: Report) -> String
}
