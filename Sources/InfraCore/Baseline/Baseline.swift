import Foundation

/// The findings a team accepted when it adopted infractl (`infractl baseline`): `validate`,
/// `diagnose` and `audit` report only findings not in it, so CI fails on what is new while the
/// old debt is paid off; entries that match nothing any more are reported as fixed so the file
/// can shrink.
public struct Baseline: Sendable, Hashable, Codable {
    /// Where the baseline lives by default, relative to the workspace root.
    public static let defaultPath = ".dev/infra/infractl-baseline.json"
    /// The file format's version; another one is refused.
    public static let formatVersion = 1

    public var tool = "infractl"
    public var version = Baseline.formatVersion
    /// Sorted by command, file, service, rule and fingerprint, so the file diffs well.
    public var entries: [BaselineEntry]

    public init(entries: [BaselineEntry]) {
        self.entries = entries.sorted {
            ($0.command, $0.file, $0.service, $0.rule, $0.fingerprint) < ($1.command, $1.file, $1.service, $1.rule, $1.fingerprint)
        }
    }

    /// The baseline accepting every finding of `reports`.
    public init(reports: [Report]) {
        self.init(entries: reports.flatMap { report in report.findings.map { BaselineEntry($0, command: report.command) } })
    }

    /// The file's text: pretty JSON, keys sorted, a trailing newline.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }

    /// The baseline in `data`, read from `file` (named in the error when it is not one).
    public static func decode(_ data: Data, file: String) throws(InputError) -> Baseline {
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            throw InputError(file: file, message: "not an infractl baseline (\(Self.reason(error))); write it again with `infractl baseline`")
        }
        guard baseline.version == formatVersion else {
            throw InputError(file: file, message: "baseline format version \(baseline.version) is not supported (this infractl reads \(formatVersion))")
        }
        return baseline
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no `\(key.stringValue)`"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "malformed JSON"
        }
    }

    /// `findings` of `command` split into those the baseline does not hold and what it hid.
    /// Each entry hides one finding, so a second identical finding is new. When `complete`
    /// (the command looked at everything, not at some services), the command's entries that
    /// hid nothing are returned as fixed.
    func filter(_ findings: [Finding], command: String, complete: Bool) -> (kept: [Finding], hidden: Int, fixed: [BaselineEntry]) {
        var unused: [String: Int] = [:]
        for entry in entries where entry.command == command { unused[entry.key, default: 0] += 1 }
        var kept: [Finding] = []
        var hidden = 0
        for finding in findings {
            let key = BaselineEntry(finding, command: command).key
            if let count = unused[key], count > 0 {
                unused[key] = count - 1
                hidden += 1
            } else {
                kept.append(finding)
            }
        }
        guard complete else { return (kept, hidden, []) }
        var fixed: [BaselineEntry] = []
        for entry in entries where entry.command == command {
            guard let count = unused[entry.key], count > 0 else { continue }
            unused[entry.key] = count - 1
            fixed.append(entry)
        }
        return (kept, hidden, fixed)
    }
}
