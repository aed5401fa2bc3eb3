import Foundation

/// `baseline`: today's findings written down as accepted.
public struct BaselineRequest: Sendable {
    /// Where to write, absolute or relative to the workspace root (default
    /// `.dev/infra/infractl-baseline.json`).
    public var output: String?
    /// Also accept what `diagnose` finds on the engine now (which must be reachable).
    public var live: Bool

    public init(output: String? = nil, live: Bool = false) {
        self.output = output
        self.live = live
    }
}

extension Operations {
    /// `baseline [--output FILE] [--live]`: every finding of `validate` and `audit` (and with
    /// `live` of `diagnose`), none filtered, written as the baseline those commands read.
    public func writeBaseline(_ request: BaselineRequest) async throws -> Report {
        var reports = [
            try await validate(ValidateRequest(baseline: .none)),
            try await audit(AuditRequest(baseline: .none)),
        ]
        if request.live { reports.append(try await diagnose(DiagnoseRequest(baseline: .none))) }
        let baseline = Baseline(reports: reports)
        let path = absolute(request.output ?? Baseline.defaultPath)
        try await Blocking.run { try AtomicFile.write(baseline.encoded(), to: path) }
        let file = WorkspacePath.relative(path, to: workspace.root).flatMap { $0.isEmpty ? nil : $0 } ?? path
        let counts = reports.map { report in (report.command, baseline.entries.count { $0.command == report.command }) }
        let perCommand = counts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        let text = "Wrote \(baseline.entries.count) accepted finding\(baseline.entries.count == 1 ? "" : "s") (\(perCommand)) to \(file). "
            + "validate, diagnose and audit now report only findings not in it; --no-baseline shows them all."
        return Report(
            command: "baseline", workspace: workspace.root, title: "Baseline", registryFile: workspace.registryPath, findings: [],
            payload: DocumentPayload(
                [
                    JSONMember("file", .string(file)), JSONMember("entries", .int(baseline.entries.count)),
                    JSONMember("commands", .object(counts.map { JSONMember($0.0, .int($0.1)) })),
                ],
                text: text, markdown: text))
    }

    /// `report` without the findings the chosen baseline accepts; unchanged when there is none.
    /// `complete`: the command looked at everything, so unmatched entries are fixed.
    func applying(_ choice: BaselineChoice, to report: Report, complete: Bool) async throws -> Report {
        let path: String
        switch choice {
        case .none: return report
        case .standard: path = absolute(Baseline.defaultPath)
        case .file(let file): path = absolute(file)
        }
        let data = await Blocking.run { FileManager.default.contents(atPath: path) }
        guard let data else {
            if choice == .standard { return report }
            throw InputError(file: path, message: "baseline \(path) does not exist (write it with `infractl baseline --output \(path)`)")
        }
        return report.filtered(by: try Baseline.decode(data, file: path), file: path, complete: complete)
    }

    /// `path` made absolute against the workspace root.
    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workspace.root, isDirectory: true)).standardizedFileURL.path
    }
}
