import Foundation

/// The reports of `ports list`, `ports check`, `ports allocate` and `ports release`: a payload
/// with its JSON keys, text and Markdown, and findings where a port is taken.
public enum PortReports {
    /// `ports list`: every allocation with what holds its port on the host, and each app's
    /// range with its lowest free port.
    public static func list(context: ValidationContext, host: any HostPorts, workspace: String) -> Report {
        let registry = context.registry
        let allocations = registry.allocations.sorted { $0.port < $1.port }
        var rows: [[String]] = []
        var json: [JSONValue] = []
        for allocation in allocations {
            let holder = host.holder(of: allocation.port)
            rows.append([
                String(allocation.port), allocation.service, allocation.app, allocation.type?.rawValue ?? "—",
                allocation.internalPort.map(String.init) ?? "—", allocation.protocol?.rawValue ?? "—", holder ?? "—",
            ])
            json.append(.fields([
                "port": .int(allocation.port), "service": .string(allocation.service), "app": .string(allocation.app),
                "type": .text(allocation.type?.rawValue), "internal_port": .number(allocation.internalPort),
                "protocol": .text(allocation.protocol?.rawValue), "description": .text(allocation.description),
                "range_exception": .text(allocation.rangeException), "holder": .text(holder),
            ]))
        }
        var appRows: [[String]] = []
        var appsJSON: [JSONValue] = []
        let claimed = PortAllocator.claimedPorts(context)
        for app in registry.apps {
            let count = allocations.count { $0.app == app.name }
            let free = PortAllocator.lowestFree(in: app.ports, claimed: claimed, host: host)
            let range = "\(app.ports.lowerBound)-\(app.ports.upperBound)"
            appRows.append([app.name, range, String(count), free.map(String.init) ?? "none"])
            appsJSON.append(.fields([
                "name": .string(app.name), "range": .string(range), "allocated": .int(count), "lowest_free": .number(free),
            ]))
        }
        let headers = ["PORT", "SERVICE", "APP", "TYPE", "INTERNAL", "PROTOCOL", "HOST"]
        let appHeaders = ["APP", "RANGE", "ALLOCATED", "LOWEST FREE"]
        let text = TextTable.render(headers, rows) + "\n\n" + TextTable.render(appHeaders, appRows)
            + "\n\n\(allocations.count) port\(allocations.count == 1 ? "" : "s") allocated."
        let markdown = TextTable.markdown(["Port", "Service", "App", "Type", "Internal", "Protocol", "Host"], rows)
            + "\n\n" + TextTable.markdown(["App", "Range", "Allocated", "Lowest free"], appRows)
        return Report(
            command: "ports list", workspace: workspace, title: "Port Allocation", platform: registry.platform,
            registryFile: registry.file, findings: [],
            payload: DocumentPayload([JSONMember("allocations", .array(json)), JSONMember("apps", .array(appsJSON))], text: text, markdown: markdown))
    }

    /// `ports check PORT [--app APP]`: the app range it falls in, the registry owner, the
    /// compose services that publish it and what holds it on the host. A taken port (or one
    /// outside `app`'s range) is a finding at error level.
    public static func check(port: Int, app appName: String?, context: ValidationContext, host: any HostPorts, workspace: String) throws(EditError) -> Report {
        let registry = context.registry
        guard (1...65535).contains(port) else { throw EditError("\(port) is not a port number (1-65535)") }
        var app: Registry.App?
        if let appName {
            guard let found = registry.app(named: appName) else {
                throw EditError.unknown("app", appName, among: registry.apps.map(\.name))
            }
            app = found
        }
        let status = PortStatus(port: port, context: context, host: host)
        var findings: [Finding] = []
        if let allocation = status.allocation {
            var evidence = ["\(registry.file) allocates \(port) to \(allocation.service) (app \(allocation.app)) at line \(allocation.location.line)."]
            evidence += status.publishers.filter { $0.service == allocation.service }.map { "\($0.service) publishes it in \($0.location)." }
            findings.append(Finding(
                rule: "PORT001", severity: .error, message: "Port \(port) already allocated to \(allocation.service)",
                location: allocation.location, service: allocation.service, port: port, app: allocation.app, evidence: evidence))
        }
        for publisher in status.publishers where publisher.service != status.allocation?.service {
            findings.append(Finding(
                rule: "PORT001", severity: .error,
                message: "Port \(port) already allocated to \(publisher.service). \(publisher.file) publishes it.",
                location: publisher.location, service: publisher.service, port: port))
        }
        if let holder = status.hostHolder {
            findings.append(Finding(
                rule: "RUN007", severity: .error, message: "Port \(port) is in use by \(holder)", port: port,
                evidence: ["Read from /proc/net (this host's network namespace)."],
                verify: ["ss -ltnup 'sport = :\(port)'"]))
        }
        if let app, !app.ports.contains(port) {
            findings.append(Finding(
                rule: "PORT002", severity: .error,
                message: "Port \(port) for app \(app.name) must be in range \(app.ports.lowerBound)-\(app.ports.upperBound)",
                location: app.location, port: port, app: app.name))
        }
        let owner = status.allocation?.service ?? status.publishers.first?.service
        let rangeText = status.app.map { " (range of \($0.name), \($0.ports.lowerBound)-\($0.ports.upperBound))" } ?? " (in no app's range)"
        var sentence = "Port \(port)\(rangeText) is \(status.isFree ? "free" : "taken")"
        if let owner { sentence += ": allocated to \(owner)" }
        if let holder = status.hostHolder { sentence += owner == nil ? ": held by \(holder)" : "; held by \(holder)" }
        sentence += "."
        var fields = [JSONMember("port", .int(port)), JSONMember("free", .bool(status.isFree))]
        if let owner { fields.append(JSONMember("owner", .string(owner))) }
        if let holder = status.hostHolder { fields.append(JSONMember("holder", .string(holder))) }
        return Report(
            command: "ports check", workspace: workspace, title: "Port Check", platform: registry.platform,
            registryFile: registry.file, findings: findings,
            payload: DocumentPayload(fields, text: sentence, markdown: sentence))
    }

    /// `ports allocate`.
    public static func allocated(_ allocation: PortEditing.Allocation, registry: Registry, workspace: String) -> Report {
        let sentence = "Allocated port \(allocation.port) to \(allocation.service) (app \(allocation.app)) in \(registry.file)."
        return Report(
            command: "ports allocate", workspace: workspace, title: "Port Allocation", platform: registry.platform,
            registryFile: registry.file, findings: [],
            payload: DocumentPayload(
                [JSONMember("port", .int(allocation.port)), JSONMember("service", .string(allocation.service)), JSONMember("app", .string(allocation.app))],
                text: sentence, markdown: sentence))
    }

    /// `ports release`.
    public static func released(_ allocation: Registry.PortAllocation, registry: Registry, workspace: String) -> Report {
        let sentence = "Released port \(allocation.port) (allocated to \(allocation.service), app \(allocation.app)) from \(registry.file)."
        return Report(
            command: "ports release", workspace: workspace, title: "Port Release", platform: registry.platform,
            registryFile: registry.file, findings: [],
            payload: DocumentPayload(
                [JSONMember("port", .int(allocation.port)), JSONMember("service", .string(allocation.service)), JSONMember("app", .string(allocation.app))],
                text: sentence, markdown: sentence))
    }
}

/// The report of `add-service` and `remove-service`: what changed (or, for a dry run, the
/// diff of what would), and what a person still has to do.
public enum EditReports {
    public static func change(
        command: String, summary: String, fields: [JSONMember], changes: ChangeSet, dryRun: Bool, notes: [String],
        registry: Registry, workspace: String, impact: ImpactPayload? = nil
    ) -> Report {
        let diff = changes.diff()
        var text = dryRun ? diff : summary + "\n" + changes.paths.map { "  changed \($0)" }.joined(separator: "\n")
        if !notes.isEmpty { text += (dryRun ? "" : "\n") + notes.map { "note: \($0)" }.joined(separator: "\n") }
        // A dry run shows beside its diff what the change would touch.
        if let impact, let section = impact.text { text = (text.hasSuffix("\n") ? text : text + "\n") + "\n" + section }
        var markdown = summary
        if dryRun {
            var writer = MarkdownWriter()
            writer.codeBlock(diff.hasSuffix("\n") ? String(diff.dropLast()) : diff, language: "diff")
            markdown += "\n\n" + writer.text
        } else {
            markdown += "\n\n" + changes.paths.map { "- \(MarkdownWriter.codeSpan($0))" }.joined(separator: "\n")
        }
        if !notes.isEmpty { markdown += "\n\n" + notes.map { "> **Note:** \($0)" }.joined(separator: "\n>\n") }
        if let impact, let section = impact.markdown { markdown += "\n\n### Impact\n\n" + section }
        var members = fields
        members.append(JSONMember("dry_run", .bool(dryRun)))
        members.append(JSONMember("files", .array(changes.paths.map(JSONValue.string))))
        if dryRun { members.append(JSONMember("diff", .string(diff))) }
        members.append(JSONMember("notes", .array(notes.map(JSONValue.string))))
        if let impact { members.append(JSONMember("impact", .object(impact.jsonFields))) }
        return Report(
            command: command, workspace: workspace, title: dryRun ? "Proposed Change" : "Change", platform: registry.platform,
            registryFile: registry.file, findings: [],
            payload: DocumentPayload(members, text: text.hasSuffix("\n") ? String(text.dropLast()) : text, markdown: markdown))
    }
}

/// Plain-text and Markdown tables.
enum TextTable {
    /// Columns padded to their widest cell, two spaces apart.
    static func render(_ headers: [String], _ rows: [[String]]) -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// A Markdown table, `|` in cells escaped.
    static func markdown(_ headers: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        return ([line(headers), line(headers.map { _ in "---" })] + rows.map(line)).joined(separator: "\n")
    }
}
