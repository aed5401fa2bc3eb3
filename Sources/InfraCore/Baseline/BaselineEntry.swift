import Foundation

/// One accepted finding of a baseline: what it is and where, without its line, so that edits
/// elsewhere in the file do not turn it into a "new" finding.
public struct BaselineEntry: Sendable, Hashable, Codable {
    /// The command whose report held it (`validate`, `audit`, `diagnose`): an entry is matched,
    /// and reported as fixed, only by its own command.
    public var command: String
    public var rule: String
    /// Workspace-relative file of the finding; empty when it has no location.
    public var file: String
    /// The service it concerns; empty when none.
    public var service: String
    /// `Fingerprint.fnv1a64` of rule, file, service and message (line references removed).
    public var fingerprint: String
    /// The message, so a reviewer of the baseline file reads what was accepted.
    public var message: String

    /// The entry that accepts `finding` of `command`'s report (already masked and made
    /// workspace-relative by `Report`).
    public init(_ finding: Finding, command: String) {
        self.command = command
        rule = finding.rule
        file = finding.location?.file ?? ""
        service = finding.service ?? ""
        fingerprint = Self.fingerprint(finding)
        message = finding.message
    }

    /// What identifies a finding across runs: rule, file, service and message, never the
    /// line or column. A message that quotes a line number (`… at line 14`) has the number
    /// removed, so moving the lines around it keeps its identity.
    public static func fingerprint(_ finding: Finding) -> String {
        let message = finding.message.replacingOccurrences(of: #"\blines? [0-9]+"#, with: "line", options: .regularExpression)
        let parts = [finding.rule, finding.location?.file ?? "", finding.service ?? "", message]
        return Fingerprint.fnv1a64(parts.joined(separator: "\u{0}"))
    }

    /// The key an entry and a finding are matched on.
    var key: String { command + "\u{0}" + fingerprint }

    /// `RULE file (service): message`, for notices.
    public var summary: String {
        var place = file.isEmpty ? "" : " \(file)"
        if !service.isEmpty { place += " (\(service))" }
        return "\(rule)\(place): \(message)"
    }
}
