import Foundation

/// The change history of a workspace, one JSON file per change in
/// `.dev/infra/.infractl-history/`. Records are written as files of the change they describe,
/// through the same journal, so a change and its record are written all or nothing.
public struct HistoryStore: Sendable {
    /// The history folder, relative to the workspace root.
    public static let path = ".dev/infra/.infractl-history"
    /// How many changes are kept when the registry sets no `history:`.
    public static let defaultLimit = 100

    /// The workspace's files: the disk, or a reader's committed view of it
    /// (`EditSession.reading`), where a record a pending change adds is already there.
    public let files: any FileSource

    public init(files: any FileSource) { self.files = files }

    /// The history of the workspace on disk at `root` (absolute).
    public init(root: String) { self.init(files: DiskFileSource(root: root)) }

    /// Every record, oldest first. Unreadable files are skipped.
    public func records() -> [HistoryRecord] {
        let decoder = JSONDecoder()
        return recordFiles().compactMap { file in
            (try? files.text(of: file)).flatMap { $0 }.flatMap { try? decoder.decode(HistoryRecord.self, from: Data($0.utf8)) }
        }
    }

    /// The record files, oldest first (ids sort by time); temporary files are skipped.
    private func recordFiles() -> [String] {
        files.files(under: Self.path).filter { path in
            let name = (path as NSString).lastPathComponent
            return name.hasSuffix(".json") && !name.hasPrefix(".") && WorkspacePath.directory(of: path) == Self.path
        }.sorted()
    }

    /// The record `id` (or the only one starting with `id`).
    public static func record(_ id: String, in records: [HistoryRecord]) throws(HistoryError) -> HistoryRecord {
        if let exact = records.first(where: { $0.id == id }) { return exact }
        let matches = records.filter { $0.id.hasPrefix(id) }
        if matches.count == 1, let match = matches.first { return match }
        throw HistoryError(.notFound, "no change \(id) in \(Self.path)\(records.isEmpty ? " (the history is empty)" : "; `infractl history` lists them")")
    }

    /// The ids of changes undone by an undo that is not itself undone.
    public static func undone(in records: [HistoryRecord]) -> Set<String> {
        var undone: Set<String> = []
        for record in records.reversed() where !undone.contains(record.id) {
            if let target = record.undoes { undone.insert(target) }
        }
        return undone
    }

    /// `changes` with the record of them added, and the oldest records beyond `limit` removed.
    public func recording(
        _ changes: ChangeSet, command: String, undoes: String?, limit: Int, now: Date = Date()
    ) throws -> (changes: ChangeSet, id: String) {
        let existing = records()
        var id = Self.id(for: now)
        if let last = existing.last?.id, id <= last { id = Self.id(for: now, after: last) }
        let record = HistoryRecord(
            id: id, time: Self.timestamp(now), command: command, user: Self.currentUser(), undoes: undoes, changes: changes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var recorded = changes
        recorded.set(Self.path + "/" + id + ".json", before: nil, after: String(decoding: try encoder.encode(record), as: UTF8.self) + "\n")
        for old in existing.dropLast(max(0, limit - 1)) {
            let file = Self.path + "/" + old.id + ".json"
            if let text = try? files.text(of: file) {
                recorded.remove(file, before: text)
            }
        }
        return (recorded, id)
    }

    static func id(for date: Date, after last: String? = nil) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        var stamp = compact(millis)
        // Two changes in one millisecond (or a clock set back): one past the last id's time.
        if let last, let lastMillis = millisecond(of: last), stamp <= String(last.prefix(stamp.count)) { stamp = compact(lastMillis + 1) }
        return stamp + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }

    private static func compact(_ millis: Int) -> String {
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02d%03dZ", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, millis % 1000)
    }

    private static func millisecond(of id: String) -> Int? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss"
        guard id.count >= 19, let date = formatter.date(from: String(id.prefix(15))), let millis = Int(id.dropFirst(15).prefix(3)) else { return nil }
        return Int(date.timeIntervalSince1970) * 1000 + millis
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// The user running this process: `$USER`, else the account name.
    static func currentUser() -> String {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return String(getuid())
    }

    /// The command line of this process, secret-looking values masked.
    public static func processCommand(_ arguments: [String] = CommandLine.arguments) -> String {
        let masker = SecretMasker()
        var words: [String] = []
        var maskNext = false
        for (index, argument) in arguments.enumerated() {
            var word = index == 0 ? (argument as NSString).lastPathComponent : argument
            if maskNext { word = SecretMasker.mask }
            maskNext = false
            if let equals = word.firstIndex(of: "="), word.hasPrefix("-") || word.contains("=") {
                let name = word[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: "-"))
                if SecretMasker.isSecretVariable(name) { word = String(word[...equals]) + SecretMasker.mask }
            } else if word.hasPrefix("--"), SecretMasker.isSecretVariable(word.dropFirst(2).replacingOccurrences(of: "-", with: "_")) {
                maskNext = true
            }
            words.append(masker.mask(word))
        }
        return words.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
    }
}
