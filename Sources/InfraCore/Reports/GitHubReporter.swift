/// GitHub Actions workflow commands, one annotation per finding:
/// `::error file=F,line=L,col=C,title=RULE::message` (`::warning`, `::notice` for info), the
/// fix explanation on the annotation's second line; then a plain summary line for the log.
public struct GitHubReporter: Reporter {
    public static let identifier = "github"

    public init() {}

    public func generate(_ report: Report) -> String {
        var lines = report.findings.map(Self.annotation)
        lines.append("infractl \(report.command): \(report.summaryPhrase) (\(report.result.rawValue))")
        return lines.joined(separator: "\n")
    }

    private static func annotation(_ finding: Finding) -> String {
        let command = switch finding.severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
        var properties: [(String, String)] = []
        if let location = finding.location {
            properties += [("file", location.file), ("line", "\(location.line)"), ("col", "\(location.column)")]
        }
        properties.append(("title", finding.rule))
        var message = finding.message
        if let fix = finding.fix { message += "\nFix: " + fix.explanation }
        let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(command) \(list)::\(escapeData(message))"
    }

    /// A message escaped as GitHub's runner reads it: `%`, CR and LF. Scalars, not characters,
    /// because `\r\n` is one Swift character.
    static func escapeData(_ text: String) -> String {
        escape(text, ["%": "%25", "\r": "%0D", "\n": "%0A"])
    }

    /// A property value escaped: the message's escapes plus `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escape(text, ["%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"])
    }

    private static func escape(_ text: String, _ table: [Unicode.Scalar: String]) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if let replacement = table[scalar] { out += replacement } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
