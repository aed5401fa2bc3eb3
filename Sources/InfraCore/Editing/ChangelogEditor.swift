import Foundation

/// Adds entries to a Keep-a-Changelog `CHANGELOG.md`: under today's `## YYYY-MM-DD` heading
/// (created above the newest day when missing) and its `### Added` / `### Removed` section
/// (created in Keep a Changelog's order when missing), after the section's last entry.
public struct ChangelogEditor: Sendable {
    /// The kinds of change of Keep a Changelog that the tool writes.
    public enum Section: String, Sendable {
        case added = "Added"
        case changed = "Changed"
        case removed = "Removed"
        case reverted = "Reverted"
    }

    /// Keep a Changelog's order of sections within a release.
    static let order = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security", "Reverted"]

    public private(set) var text: String

    public init(text: String) { self.text = text }

    /// A changelog holding one day with one entry, for a workspace that has none.
    public static func newFile(platform: String?, entry: String, section: Section, date: String) -> String {
        let name = platform.map { "the \($0) infrastructure" } ?? "the infrastructure"
        return """
            # Changelog

            All notable changes to \(name) are documented in this file.

            The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/): newest first,
            one `## YYYY-MM-DD` section per day, entries under `### Added`, `### Changed` and `### Removed`.

            ## \(date)

            ### \(section.rawValue)
            - \(entry)

            """
    }

    /// Adds `- entry` to `section` of day `date` (`YYYY-MM-DD`).
    public mutating func add(_ entry: String, to section: Section, on date: String) {
        var buffer = LineBuffer(text)
        let headings = Self.headings(buffer)
        let item = "- \(entry)"
        let blankAfterSubheading = headings.first { $0.level == 3 }.map { $0.line < buffer.count && buffer.isBlank($0.line + 1) } ?? false
        let subheading = ["### \(section.rawValue)"] + (blankAfterSubheading ? [""] : [])

        guard let day = headings.first(where: { $0.level == 2 && ($0.title == date || $0.title == "[\(date)]") }) else {
            let lines = ["## \(date)", ""] + subheading + [item]
            if let newest = headings.first(where: { $0.level == 2 && !$0.title.lowercased().contains("unreleased") }) {
                buffer.insert(lines + [""], before: newest.line)
            } else {
                buffer.insert((buffer.count > 0 && !buffer.isBlank(buffer.count) ? [""] : []) + lines, before: buffer.count + 1)
            }
            text = buffer.text
            return
        }
        let dayEnd = (headings.first { $0.line > day.line && $0.level <= 2 }?.line ?? buffer.count + 1) - 1
        let subsections = headings.filter { $0.level == 3 && $0.line > day.line && $0.line <= dayEnd }
        if let existing = subsections.first(where: { $0.title.caseInsensitiveCompare(section.rawValue) == .orderedSame }) {
            let end = (subsections.first { $0.line > existing.line }?.line ?? dayEnd + 1) - 1
            let last = Self.lastContentLine(buffer, in: existing.line...max(existing.line, end))
            buffer.insert([item], before: last + 1)
        } else {
            let rank = Self.order.firstIndex(of: section.rawValue) ?? Self.order.count
            if let next = subsections.first(where: { (Self.order.firstIndex(of: $0.title) ?? Self.order.count) > rank }) {
                buffer.insert(subheading + [item, ""], before: next.line)
            } else {
                let last = Self.lastContentLine(buffer, in: day.line...max(day.line, dayEnd))
                buffer.insert([""] + subheading + [item], before: last + 1)
            }
        }
        text = buffer.text
    }

    /// The last line in `range` that is not blank.
    private static func lastContentLine(_ buffer: LineBuffer, in range: ClosedRange<Int>) -> Int {
        var line = range.upperBound
        while line > range.lowerBound, buffer.isBlank(line) { line -= 1 }
        return line
    }

    private struct Heading {
        var line: Int
        var level: Int
        var title: String
    }

    /// ATX headings outside fenced code blocks.
    private static func headings(_ buffer: LineBuffer) -> [Heading] {
        var headings: [Heading] = []
        var fence: String?
        for number in stride(from: 1, through: buffer.count, by: 1) {
            let content = buffer.content(number)
            let trimmed = content.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                continue
            }
            guard content.hasPrefix("#") else { continue }
            let level = content.prefix { $0 == "#" }.count
            let rest = content.dropFirst(level)
            guard (1...6).contains(level), rest.isEmpty || rest.first == " " else { continue }
            headings.append(Heading(line: number, level: level, title: rest.trimmingSpaces()))
        }
        return headings
    }
}
