/// An output format of the commands that print a report (`--format`).
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case markdown
    case json
    case sarif
    case github
    /// GitLab's Code Quality report.
    case gitlab

    /// The default when none is asked for: `text` on a terminal, `markdown` otherwise.
    public static func `default`(isTerminal: Bool) -> ReportFormat { isTerminal ? .text : .markdown }

    /// The reporter for this format; `colored` applies to `text` only.
    public func reporter(colored: Bool = false) -> any Reporter {
        switch self {
        case .text: TextReporter(colored: colored)
        case .markdown: MarkdownReporter()
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .github: GitHubReporter()
        case .gitlab: GitLabReporter()
        }
    }
}
