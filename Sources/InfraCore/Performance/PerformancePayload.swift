/// The Performance Report's own part: one row per service (CPU, memory against the limit,
/// network and block I/O, PIDs, restarts, health-check durations), as a table in text and
/// Markdown and as JSON `services`.
public struct PerformancePayload: ReportPayload {
    public var rows: [PerformanceAnalyzer.Row]
    /// Requests sent to the engine, and how long the read took.
    public var requests: Int?
    public var elapsedMs: Int?

    public init(rows: [PerformanceAnalyzer.Row], requests: Int? = nil, elapsedMs: Int? = nil) {
        self.rows = rows
        self.requests = requests
        self.elapsedMs = elapsedMs
    }

    public var jsonFields: [JSONMember] {
        var members = [JSONMember("services", .array(rows.map(Self.object)))]
        if let requests { members.append(JSONMember("engine_requests", .int(requests))) }
        if let elapsedMs { members.append(JSONMember("elapsed_ms", .int(elapsedMs))) }
        return members
    }

    /// One row in JSON; absent numbers are left out.
    static func object(_ row: PerformanceAnalyzer.Row) -> JSONValue {
        let usage = row.usage
        func bytes(_ value: Int64?) -> JSONValue? { value.map { .int(Int($0)) } }
        func share(_ value: Double?) -> JSONValue? { value.map { .double(rounded($0)) } }
        var members: [(String, JSONValue?)] = [
            ("name", .string(row.service)), ("app", .string(row.app)), ("container", .text(row.container)),
            ("state", .string(row.state)),
        ]
        members += [
            ("cpu_percent", share(usage?.cpuPercent)), ("cpu_limit_cores", usage?.cpuLimitCores.map(JSONValue.double)),
            ("memory_bytes", bytes(usage?.memoryBytes)), ("memory_limit_bytes", bytes(usage?.memoryLimitBytes)),
            ("memory_percent", share(usage?.memoryPercent)),
        ]
        members += [
            ("net_rx_bytes", bytes(usage?.networkReceivedBytes)), ("net_tx_bytes", bytes(usage?.networkSentBytes)),
            ("block_read_bytes", bytes(usage?.blockReadBytes)), ("block_write_bytes", bytes(usage?.blockWrittenBytes)),
            ("pids", .number(usage?.pids)),
        ]
        members += [
            ("restarts", .int(row.restarts)), ("oom_killed", .bool(row.oomKilled)),
            ("health_check_ms", row.healthCheck.map { .array($0.durationsMs.map(JSONValue.int)) }),
            ("health_check_timeout_ms", .number(row.healthCheck?.timeoutMs)), ("note", .text(row.note)),
        ]
        return .object(members.compactMap { key, value in value.map { JSONMember(key, $0) } })
    }

    public func masked(by masker: SecretMasker) -> PerformancePayload {
        var copy = self
        copy.rows = rows.map { row in
            var row = row
            row.note = row.note.map(masker.mask)
            return row
        }
        return copy
    }

    /// The table's columns, per row.
    var table: (header: [String], rows: [[String]]) {
        let header = ["SERVICE", "STATE", "CPU", "MEMORY", "MEM %", "NET I/O", "BLOCK I/O", "PIDS", "RESTARTS", "HEALTH CHECK"]
        let cells = rows.map { row -> [String] in
            guard let usage = row.usage else {
                return [row.service, row.state, "-", "-", "-", "-", "-", "-", "\(row.restarts)", row.note ?? ""]
            }
            let cpu = usage.cpuPercent.map { PerformanceAnalyzer.percent($0) + (usage.cpuLimitCores.map { " of \(PerformanceAnalyzer.cores($0))" } ?? "") } ?? "-"
            let memory = ByteSize.text(usage.memoryBytes) + " / " + (usage.memoryLimitBytes.map(ByteSize.text) ?? "no limit")
            let health = row.healthCheck.map { "\($0.slowestMs) ms of \($0.timeoutMs) ms" } ?? "-"
            return [
                row.service, row.state + (row.oomKilled ? " (OOM)" : ""), cpu, memory, usage.memoryPercent.map(PerformanceAnalyzer.percent) ?? "-",
                ByteSize.text(usage.networkReceivedBytes) + " / " + ByteSize.text(usage.networkSentBytes),
                ByteSize.text(usage.blockReadBytes) + " / " + ByteSize.text(usage.blockWrittenBytes),
                "\(usage.pids)", "\(row.restarts)", health,
            ]
        }
        return (header, cells)
    }

    public var text: String? {
        let (header, cells) = table
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(header)] + cells.map(line)).joined(separator: "\n")
    }

    public var markdown: String? {
        let (header, cells) = table
        func row(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        return (["### Resource Usage", "", row(Self.titles), row(header.map { _ in "---" })] + cells.map(row))
            .joined(separator: "\n")
    }

    /// The table's headings in Markdown.
    static let titles = ["Service", "State", "CPU", "Memory", "Mem %", "Net I/O (rx / tx)", "Block I/O (read / write)", "PIDs", "Restarts", "Health check"]

    static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
