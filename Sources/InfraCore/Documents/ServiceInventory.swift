/// The `## Service Inventory` table of `.dev/infra/infrastructure.md`: where the section and its
/// table stand, the table's columns, and each row with its line, so that rules can compare it
/// with the registry and editors can change rows in place without touching the rest of the
/// document.
public struct ServiceInventory: Sendable, Hashable {
    /// The section's heading text.
    public static let heading = "Service Inventory"
    /// The columns of a new inventory table (spec/registry.md).
    public static let standardColumns = ["Service", "App", "Type", "Ports", "Networks", "Compose file", "Description"]

    /// Lines of the document, without line terminators.
    public var lines: [String]
    /// Line of the `## Service Inventory` heading (1-based).
    public var headingLine: Int
    /// The last line of the section: the line before the next heading of level 1 or 2, or the
    /// document's last line.
    public var sectionEndLine: Int
    /// The section's first table, when it has one.
    public var table: Table?

    /// A Markdown table: header, delimiter row and body rows.
    public struct Table: Sendable, Hashable {
        /// Column names as written in the header, markup removed.
        public var columns: [String]
        public var headerLine: Int
        public var delimiterLine: Int
        public var rows: [Row]

        /// The line where a new row goes: after the last row (after the delimiter row when
        /// the table has no rows).
        public var insertionLine: Int { (rows.last?.line ?? delimiterLine) + 1 }
    }

    /// One body row of the table.
    public struct Row: Sendable, Hashable {
        public var line: Int
        /// The cells' text, trimmed, with an escaped pipe (`\|`) read as `|`, in column order.
        public var cells: [String]
        /// The service the first cell names, with backticks, links, emphasis and HTML tags
        /// removed; empty when the cell is empty or a dash.
        public var service: String
        /// Column (1-based, in Unicode scalars) where the first cell's text starts.
        public var serviceColumn: Int
    }

    /// The inventory of a document; `nil` when it has no `## Service Inventory` section
    /// (headings inside fenced code blocks do not count).
    public static func parse(_ text: String) -> ServiceInventory? {
        // Split as UTF-8 (much faster than by Character); `\r\n` ends a line as `\n` does.
        let segments = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let lines = segments.indices.map { index in
            let line = segments[index]
            let ended = index < segments.count - 1 && line.last == UInt8(ascii: "\r")
            return String(decoding: ended ? line.dropLast() : line, as: UTF8.self)
        }
        var fence: String?
        var headingIndex: Int?
        var endIndex = lines.count - 1
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
                continue
            }
            guard line.prefix(while: { $0 == " " }).count < 4, let (level, title) = atxHeading(trimmed) else { continue }
            if let start = headingIndex, index > start, level <= 2 {
                endIndex = index - 1
                break
            }
            if headingIndex == nil, level == 2, title.caseInsensitiveCompare(heading) == .orderedSame {
                headingIndex = index
            }
        }
        guard let start = headingIndex else { return nil }
        // Drop trailing blank lines from the section.
        while endIndex > start, lines[endIndex].allSatisfy(\.isWhitespace) { endIndex -= 1 }
        return ServiceInventory(
            lines: lines, headingLine: start + 1, sectionEndLine: endIndex + 1,
            table: firstTable(in: lines, from: start + 1, through: endIndex))
    }

    /// The row naming `service`.
    public func row(for service: String) -> Row? { table?.rows.first { $0.service == service } }

    /// The services the table names, in order.
    public var services: [String] { table?.rows.map(\.service).filter { !$0.isEmpty } ?? [] }

    // MARK: Writing rows

    /// A row for a registry service in the given columns (the standard ones by default): each
    /// column whose name the inventory knows (service, app, type, ports, networks, compose file,
    /// description) filled from the registry, any other left empty.
    public static func row(for service: Registry.Service, in registry: Registry, columns: [String] = standardColumns) -> String {
        let values = columns.map { value(of: $0, for: service, in: registry) }
        return render(values)
    }

    /// A whole section (heading and table) listing `services`.
    public static func section(for services: [Registry.Service], in registry: Registry) -> String {
        var lines = ["## \(heading)", "", render(standardColumns), render(standardColumns.map { _ in "---" })]
        lines += services.map { row(for: $0, in: registry) }
        return lines.joined(separator: "\n")
    }

    /// `| a | b |`, with `|` inside a cell escaped.
    public static func render(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
    }

    private static func value(of column: String, for service: Registry.Service, in registry: Registry) -> String {
        let none = "—"
        switch column.lowercased().trimmingSpaces() {
        case "service", "services", "name", "container": return service.name
        case "app", "application": return service.app
        case "type": return service.type.rawValue
        case "port", "ports", "host port", "host ports":
            return service.ports.isEmpty ? none : service.ports.map { String($0.value) }.joined(separator: ", ")
        case "network", "networks":
            return service.networks.isEmpty ? none : service.networks.map(\.value).joined(separator: ", ")
        case "compose file", "compose", "file", "compose_file": return service.composeFile
        case "description":
            return registry.allocations.first { $0.service == service.name && $0.description != nil }?.description ?? ""
        case "environment", "env": return service.environment.rawValue
        case "domain": return service.domain ?? none
        case "image": return service.image ?? none
        default: return ""
        }
    }

    // MARK: Reading Markdown

    /// `## Title ##` as (2, "Title").
    private static func atxHeading(_ line: Substring) -> (Int, String)? {
        let level = line.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = line.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = rest.trimmingSpaces()
        // An optional closing sequence of `#`s preceded by a space.
        let closing = title.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let body = title.dropLast(closing)
            if body.isEmpty || body.last == " " { title = body.trimmingSpaces() }
        }
        return (level, title)
    }

    /// The first table between two line indexes: a header row, a delimiter row with as many
    /// cells, then rows up to a blank line or a line without a `|`.
    private static func firstTable(in lines: [String], from start: Int, through end: Int) -> Table? {
        guard start < end else { return nil }
        var fenced = false
        for index in start..<end {
            let trimmed = lines[index].drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fenced.toggle() }
            guard !fenced, lines[index].utf8.contains(UInt8(ascii: "|")) else { continue }
            let header = cells(of: lines[index])
            let delimiter = cells(of: lines[index + 1])
            guard !header.isEmpty, delimiter.count == header.count, delimiter.allSatisfy({ isDelimiterCell($0.text) }) else { continue }
            var rows: [Row] = []
            var next = index + 2
            while next <= end, lines[next].utf8.contains(UInt8(ascii: "|")), !lines[next].allSatisfy(\.isWhitespace) {
                let cells = cells(of: lines[next])
                let first = cells.first
                rows.append(Row(
                    line: next + 1, cells: cells.map(\.text), service: first.map { plain($0.text) } ?? "",
                    serviceColumn: first?.column ?? 1))
                next += 1
            }
            return Table(columns: header.map { plain($0.text) }, headerLine: index + 1, delimiterLine: index + 2, rows: rows)
        }
        return nil
    }

    /// A row's cells split at unescaped pipes, each trimmed, with the 1-based column (in Unicode
    /// scalars) where its text starts; the outer pipes are optional.
    static func cells(of line: String) -> [(text: String, column: Int)] {
        // Pipes, backslashes and blanks are ASCII, so the line is read as UTF-8 bytes in place
        // and each cell taken as one slice; a column counts the bytes that start a scalar.
        var line = line
        return line.withUTF8 { bytes in
            let pipe = UInt8(ascii: "|"), backslash = UInt8(ascii: "\\")
            func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            var cells: [(text: String, column: Int)] = []
            var index = 0
            var column = 1
            while index < bytes.count, isBlank(bytes[index]) { index += 1; column += 1 }
            let leadingPipe = index < bytes.count && bytes[index] == pipe
            if leadingPipe { index += 1; column += 1 }
            var cellStart = index, cellColumn = column, escaped = false
            func close(upTo end: Int) {
                var from = cellStart, to = end
                while from < to, isBlank(bytes[from]) { from += 1 }
                while to > from, isBlank(bytes[to - 1]) { to -= 1 }
                let core = UnsafeBufferPointer(rebasing: bytes[from..<to])
                var text = String(decoding: core, as: UTF8.self)
                // `\|` is a pipe in the cell's text.
                if escaped { text = text.replacingOccurrences(of: "\\|", with: "|") }
                // Other Unicode spaces (a no-break space…) are trimmed too, as trimmingSpaces() does.
                let ascii = (core.first ?? 0) < 0x80 && (core.last ?? 0) < 0x80
                cells.append((ascii ? text : text.trimmingSpaces(), cellColumn + (from - cellStart)))
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == backslash, index + 1 < bytes.count, bytes[index + 1] == pipe {
                    escaped = true
                    index += 2
                    column += 2
                } else if byte == pipe {
                    close(upTo: index)
                    index += 1
                    column += 1
                    cellStart = index
                    cellColumn = column
                    escaped = false
                } else {
                    if byte & 0xC0 != 0x80 { column += 1 }
                    index += 1
                }
            }
            // A trailing pipe ends the row; text after the last pipe is a last cell.
            let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[cellStart...]), as: UTF8.self)
            if !rest.allSatisfy(\.isWhitespace) || (!leadingPipe && cells.isEmpty) { close(upTo: bytes.count) }
            return cells
        }
    }

    private static func isDelimiterCell(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix(":") { body = body.dropFirst() }
        if body.hasSuffix(":") { body = body.dropLast() }
        return !body.isEmpty && body.allSatisfy { $0 == "-" }
    }

    /// A cell's text without Markdown markup: links keep their text, backticks, HTML tags and
    /// surrounding emphasis go; a lone dash means empty.
    static func plain(_ cell: String) -> String {
        var text = cell
        // Regex matching is slow enough to show on large inventories: only where it can match.
        if text.utf8.contains(UInt8(ascii: "[")) { text = text.replacing(#/\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])/#) { String($0.output.1) } }
        if text.utf8.contains(UInt8(ascii: "<")) { text = text.replacing(#/<[^>]+>/#, with: "") }
        if text.utf8.contains(UInt8(ascii: "`")) { text = text.replacingOccurrences(of: "`", with: "") }
        text = text.trimmingSpaces()
        var changed = true
        while changed {
            changed = false
            // Bytes counted, not Characters: with a marker at both ends, the two counts are
            // on the same side of twice its length.
            for marker in ["**", "__", "~~", "*", "_"] where text.utf8.count > 2 * marker.utf8.count && text.hasPrefix(marker) && text.hasSuffix(marker) {
                text = String(text.dropFirst(marker.count).dropLast(marker.count)).trimmingSpaces()
                changed = true
            }
        }
        return ["—", "–", "-"].contains(text) ? "" : text
    }
}
