import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl stats [SERVICE...] [--watch SECONDS]`.
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Resource usage of the registry's running containers against their limits, with the PERF checks.",
            discussion: """
                For every registry service with a running container, at once: one Engine API \
                stats call (two samples a second apart, for CPU) and its inspect; CPU against its \
                quota, memory against its limit, network and block I/O, PIDs, restarts, and the \
                durations of its last health checks against their timeout. PERF001-PERF004 say \
                what is close to failing and which line to change. Exit 1 on an error-level \
                finding (an OOM kill), 2 when the engine cannot be reached.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Option(name: .long, help: "Sample again every SECONDS until interrupted: a table redrawn on a terminal, one line per service and sample otherwise.")
        var watch: Double?

        @Argument(help: "Only these services (registry names).", completion: WorkspaceCompletions.services)
        var services: [String] = []

        func validate() throws {
            if let watch, !(watch >= 1 && watch <= 86_400) {
                throw ValidationError("--watch takes a number of seconds between 1 and 86400 (each sample takes a second)")
            }
        }

        func run() async throws {
            let operations = try workspaceOptions.operations()
            let request = StatsRequest(services: services, strict: reportOptions.strict)
            guard let watch else {
                try reportOptions.finish(try await operations.stats(request))
                return
            }
            // The first sample outside the loop: a bad name or an unreachable engine is exit 2.
            let first = try await operations.stats(request)
            let watcher = StatsWatch(
                operations: operations, request: request, interval: .milliseconds(Int(watch * 1000)),
                format: reportOptions.resolvedFormat, isTerminal: Terminal.isTerminal(STDOUT_FILENO),
                colored: Terminal.colorsStandardOutput)
            await watcher.run(first: first)
        }
    }
}

/// `infractl stats --watch`: samples again and again until SIGINT or SIGTERM. On a terminal
/// each sample redraws the report (as `docker stats` does); otherwise each prints one line per
/// service, so a log or a pipe reads as a time series.
struct StatsWatch {
    var operations: Operations
    var request: StatsRequest
    var interval: Duration
    var format: ReportFormat
    var isTerminal: Bool
    var colored: Bool

    func run(first: Report) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await watch(first: first) }
            group.addTask { await HealthWatch.interrupted() }
            await group.next()
            group.cancelAll()
        }
        if isTerminal { Terminal.standardOutput("") }
    }

    private func watch(first: Report) async {
        var report: Report? = first
        while !Task.isCancelled {
            let started = ContinuousClock.now
            if report == nil {
                do {
                    report = try await operations.stats(request)
                } catch {
                    Terminal.standardError("infractl: \(error)")
                }
            }
            if Task.isCancelled { break }
            if let report { show(report) }
            report = nil
            try? await Task.sleep(until: started + interval, clock: .continuous)
        }
    }

    private func show(_ report: Report) {
        if isTerminal {
            let footer = "Every \(ProbeFormat.seconds(interval)) · \(HealthWatch.timestamp(Date(), local: true)) · Ctrl-C to stop"
            FileHandle.standardOutput.write(Data((HealthWatch.clearScreen + report.rendered(as: format, colored: colored) + "\n\n" + footer + "\n").utf8))
            return
        }
        for line in Self.lines(report, at: Date()) { Terminal.standardOutput(line) }
    }

    /// One line per service: `2026-01-01T00:00:00Z forge-redis running CPU 3% of one core; memory 12MiB (no limit); 5 PIDs`.
    static func lines(_ report: Report, at date: Date) -> [String] {
        let time = HealthWatch.timestamp(date, local: false)
        let rows = (report.payload as? PerformancePayload)?.rows ?? []
        return rows.map { row in
            "\(time) \(row.service) \(row.state) " + (row.usage?.summary ?? row.note ?? "")
        }
    }
}
