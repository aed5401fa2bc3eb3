/// Turns a report into the text of one output format. Reporters never print: the front end
/// writes what they return, followed by a newline (the text has no trailing newline).
public protocol Reporter: Sendable {
    /// The `--format` value that selects this reporter.
    static var identifier: String { get }

    /// The report as this format's text.
    func generate(_ report: Report) -> String
}

extension Report {
    /// This report in `format`; `colored` (ANSI colours) applies to `text` only.
    public func rendered(as format: ReportFormat, colored: Bool = false) -> String {
        format.reporter(colored: colored).generate(self)
    }
}
