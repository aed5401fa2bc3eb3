/// Health's data beside the findings: the services and their statuses, for JSON (`services`),
/// the text table and the Markdown layout.
public struct HealthReportPayload: TextReportPayload {
    public var services: [ServiceHealth]
    public var notes: [String]
    public var platform: String?
    public var engineAddress: String
    public var engineProblem: String?
    public var duration: Duration

    public init(_ report: HealthReport) {
        services = report.services
        notes = report.notes
        platform = report.platform
        engineAddress = report.engineAddress
        engineProblem = report.engineProblem
        duration = report.duration
    }

    public var overall: ServiceStatus { ServiceStatus.overall(services.map(\.status)) }

    /// `10 healthy, 1 degraded, 1 unhealthy`, counts of zero left out.
    public var countsPhrase: String {
        let parts = ServiceStatus.allCases.compactMap { status -> String? in
            let count = services.count { $0.status == status }
            return count == 0 ? nil : "\(count) \(status.rawValue)"
        }
        return parts.isEmpty ? "no services" : parts.joined(separator: ", ")
    }

    // MARK: JSON

    public var jsonFields: [JSONMember] {
        var docker: [JSONMember] = [JSONMember("address", .string(engineAddress)), JSONMember("reachable", .bool(engineProblem == nil))]
        if let engineProblem { docker.append(JSONMember("error", .string(engineProblem))) }
        return [
            JSONMember("overall", .string(overall.rawValue)),
            JSONMember("duration_ms", .int(ProbeFormat.milliseconds(duration))),
            JSONMember("docker", .object(docker)),
            JSONMember("services", .array(services.map(Self.object))),
            JSONMember("notes", .array(notes.map(JSONValue.string))),
        ]
    }

    private static func object(_ service: ServiceHealth) -> JSONValue {
        .fields([
            "name": .string(service.name),
            "status": .string(service.status.rawValue),
            "probe": .string(service.probe),
            "latency_ms": .number(service.latency.map(ProbeFormat.milliseconds)),
            "detail": .string(service.detail),
            "app": .string(service.app),
            "endpoint": .text(service.endpoint),
            "degraded_ms": .int(ProbeFormat.milliseconds(service.degradedThreshold)),
            "container": service.container.map { container -> JSONValue in
                .fields([
                    "state": .string(container.state), "health": .text(container.health),
                    "last_output": .text(container.lastOutput), "last_exit_code": .number(container.lastExitCode),
                ])
            },
            "checks": .array(service.checks.map { check -> JSONValue in
                .fields([
                    "probe": .string(check.probe), "status": .string(check.status.rawValue),
                    "latency_ms": .number(check.latency.map(ProbeFormat.milliseconds)), "detail": .string(check.detail),
                ])
            }),
            "recommendations": .array(service.recommendations.map(JSONValue.string)),
        ])
    }

    public func masked(by masker: SecretMasker) -> HealthReportPayload {
        var copy = self
        copy.services = services.map { service in
            var service = service
            service.detail = masker.mask(service.detail)
            service.recommendations = service.recommendations.map(masker.mask)
            service.checks = service.checks.map { check in
                var check = check
                check.detail = masker.mask(check.detail)
                return check
            }
            if var container = service.container {
                container.lastOutput = container.lastOutput.map(masker.mask)
                service.container = container
            }
            return service
        }
        copy.notes = notes.map(masker.mask)
        copy.engineProblem = engineProblem.map(masker.mask)
        return copy
    }

    // MARK: Text

    public func textLines(colored: Bool) -> [String] {
        var lines = ["Infrastructure health" + (platform.map { " — \($0)" } ?? "") + " (\(services.count) services in \(ProbeFormat.duration(duration)))"]
        let nameWidth = max(7, services.map(\.name.count).max() ?? 0)
        let probeWidth = max(5, services.map(\.probe.count).max() ?? 0)
        for (title, group) in sections where !group.isEmpty {
            lines.append("")
            lines.append(paint(title, "1", colored))
            for service in group {
                let latency = service.latency.map { "\(ProbeFormat.milliseconds($0)) ms" } ?? "-"
                let status = paint(service.status.rawValue.padded(9), Self.color(service.status), colored)
                lines.append(
                    "  \(paint(Self.symbol(service.status), Self.color(service.status), colored)) \(service.name.padded(nameWidth))  \(status)  "
                        + "\(service.probe.padded(probeWidth))  \(latency.leftPadded(8))  \(service.summary)")
            }
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append(paint("Notes", "1", colored))
            lines += notes.map { "  - " + $0 }
        }
        lines.append("")
        lines.append(paint("Overall: \(overall.rawValue.uppercased())", Self.color(overall), colored) + " (\(countsPhrase))")
        return lines
    }

    /// Core Infrastructure (the shared apps' services) and Applications, in registry order.
    public var sections: [(title: String, services: [ServiceHealth])] {
        [("Core Infrastructure", services.filter(\.isShared)), ("Applications", services.filter { !$0.isShared })]
    }

    private static func symbol(_ status: ServiceStatus) -> String {
        switch status {
        case .healthy: "✔"
        case .degraded: "⚠"
        case .unhealthy: "✖"
        case .unknown: "?"
        }
    }

    private static func color(_ status: ServiceStatus) -> String {
        switch status {
        case .healthy: "1;32"
        case .degraded: "1;33"
        case .unhealthy: "1;31"
        case .unknown: "2"
        }
    }

    private func paint(_ text: String, _ code: String, _ colored: Bool) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
