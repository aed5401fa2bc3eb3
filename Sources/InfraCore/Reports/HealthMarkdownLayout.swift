/// The runbooks' `## Infrastructure Health Report`: Core Infrastructure and Applications with a
/// line per service (`✅ forge-postgres: healthy (pg_isready: accepting connections)`), the
/// failed checks with their evidence under Errors when there are any, then Warnings and
/// numbered Recommendations, and last the overall status.
public struct HealthMarkdownLayout: MarkdownLayout {
    public var command: String { "health" }

    public init() {}

    public func render(_ report: Report) -> String {
        var writer = MarkdownWriter()
        writer.heading(2, "Infrastructure Health Report" + (report.platform.map { " — \($0)" } ?? ""))
        guard let payload = report.payload as? HealthReportPayload else {
            report.findings.forEach { writer.finding($0) }
            return writer.text
        }
        for (title, services) in payload.sections where !services.isEmpty {
            writer.heading(3, title)
            writer.lineBlock(services.map { "\($0.status.emoji) \($0.name): \($0.status.rawValue) (\($0.summary))" })
        }
        writer.expectedState(report.expectedState)

        let errors = report.findings.filter { $0.severity == .error }
        if !errors.isEmpty {
            writer.heading(3, "Errors")
            errors.forEach { writer.finding($0) }
        }

        writer.heading(3, "Warnings")
        var warnings: [String] = []
        for service in payload.services where service.status == .degraded {
            let latency = service.latency.map(ProbeFormat.seconds) ?? "?"
            warnings.append(
                "\(service.name) is responding slowly (\(latency) against a \(ProbeFormat.seconds(service.degradedThreshold)) threshold): investigate resource usage")
        }
        for finding in report.findings where finding.severity != .error && finding.rule != LiveCheckCatalog.healthDegraded.id {
            warnings.append("\(finding.rule): \(finding.message)")
        }
        for service in payload.services where service.status == .unknown {
            warnings.append("\(service.name): status unknown (\(service.detail))")
        }
        warnings += payload.notes
        if warnings.isEmpty {
            writer.lineBlock(["None"])
        } else {
            warnings.forEach { writer.bullet($0) }
        }

        writer.heading(3, "Recommendations")
        var seen = Set<String>()
        let recommendations = payload.services.flatMap(\.recommendations).filter { seen.insert($0).inserted }
        if recommendations.isEmpty {
            writer.lineBlock(["None: every service checked answered in time."])
        } else {
            for (index, recommendation) in recommendations.enumerated() { writer.bullet(recommendation, marker: "\(index + 1).") }
        }

        writer.updatesRequired(report)
        writer.paragraph("**Summary:** \(payload.countsPhrase); checked in \(ProbeFormat.duration(payload.duration))")
        let verdict = switch payload.overall {
        case .healthy: "HEALTHY ✅"
        case .degraded: "DEGRADED ⚠️"
        case .unhealthy: "UNHEALTHY ❌"
        case .unknown: "UNKNOWN ❔"
        }
        writer.heading(3, "Overall: " + verdict)
        return writer.text
    }
}
