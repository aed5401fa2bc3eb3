import Dispatch
import Foundation
import InfraCore

/// `infractl health --watch`: checks again and again with one session until SIGINT or SIGTERM.
/// On a terminal each round redraws the screen; otherwise a line is printed for each service
/// whose status changed (every service the first time), so a log or a pipe reads as a history.
struct HealthWatch {
    var checker: HealthChecker
    var interval: Duration
    var format: ReportFormat
    var strict: Bool
    var isTerminal: Bool
    var colored: Bool

    /// Clears the screen and moves the cursor home.
    static let clearScreen = "\u{1B}[H\u{1B}[2J"

    func run() async {
        await checker.withSession { session in
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await watch(session) }
                group.addTask { await Self.interrupted() }
                await group.next()
                group.cancelAll()
            }
        }
        if isTerminal { Terminal.standardOutput("") }
    }

    private func watch(_ session: HealthSession) async {
        var previous: [String: ServiceStatus] = [:]
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let health = await session.check()
            if Task.isCancelled { break }
            let report = Report(health: health, strict: strict, masker: checker.masker)
            if isTerminal {
                let footer = "Every \(ProbeFormat.seconds(interval)) · \(Self.timestamp(Date(), local: true)) · Ctrl-C to stop"
                FileHandle.standardOutput.write(Data((Self.clearScreen + report.rendered(as: format, colored: colored) + "\n\n" + footer + "\n").utf8))
            } else {
                let services = (report.payload as? HealthReportPayload)?.services ?? []
                for line in Self.changes(from: previous, to: services, at: Date()) { Terminal.standardOutput(line) }
            }
            previous = Dictionary(health.services.map { ($0.name, $0.status) }, uniquingKeysWith: { _, last in last })
            try? await Task.sleep(until: started + interval, clock: .continuous)
        }
    }

    /// A line per service whose status differs from `previous`:
    /// `2026-01-01T00:00:00Z forge-redis healthy → unhealthy (redis check failed: connection refused)`.
    static func changes(from previous: [String: ServiceStatus], to services: [ServiceHealth], at date: Date) -> [String] {
        let time = timestamp(date, local: false)
        return services.compactMap { service in
            let before = previous[service.name]
            guard before != service.status else { return nil }
            let transition = before.map { "\($0.rawValue) → \(service.status.rawValue)" } ?? service.status.rawValue
            return "\(time) \(service.name) \(transition) (\(service.summary))"
        }
    }

    static func timestamp(_ date: Date, local: Bool) -> String {
        let formatter = ISO8601DateFormatter()
        if local {
            formatter.timeZone = .current
            formatter.formatOptions = [.withTime, .withColonSeparatorInTime]
        }
        return formatter.string(from: date)
    }

    /// Returns at the first SIGINT or SIGTERM (or when cancelled).
    static func interrupted() async {
        let (signals, continuation) = AsyncStream.makeStream(of: Void.self)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        await withTaskCancellationHandler {
            for await _ in signals { break }
        } onCancel: {
            continuation.finish()
        }
        sources.forEach { $0.cancel() }
    }
}
