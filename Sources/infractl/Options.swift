import ArgumentParser
import Foundation
import InfraCore

/// Options every workspace command takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "Workspace root (default: the nearest folder upward holding .dev/infra/registry.yml).", completion: .directory)
    var workspace: String?

    @Option(name: .long, help: "Registry file (default: .dev/infra/registry.yml under the workspace).", completion: .file())
    var registry: String?

    /// The workspace these options select.
    func locate() throws -> Workspace {
        try Workspace.locate(explicitRoot: workspace, registryPath: registry)
    }

    /// The operations on the workspace these options select.
    func operations() throws -> Operations { Operations(workspace: try locate()) }
}

/// Options of commands that print a report.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text, markdown, json, sarif, github or gitlab (default: text on a terminal, markdown otherwise).")
    var format: ReportFormat?

    @Flag(name: .long, help: "Fail (exit 1) on warnings too.")
    var strict = false

    /// The format asked for, or the default for where output goes.
    var resolvedFormat: ReportFormat { format ?? .default(isTerminal: Terminal.isTerminal(STDOUT_FILENO)) }

    /// Prints `report` in the chosen format (coloured when that is text on a terminal), its
    /// notices on standard error.
    func print(_ report: Report, as format: ReportFormat? = nil) {
        let format = format ?? resolvedFormat
        report.notices.forEach { Terminal.standardError("note: \($0)") }
        Terminal.standardOutput(report.rendered(as: format, colored: format == .text && Terminal.colorsStandardOutput))
    }

    /// Prints `report`, then exits 1 when it fails (an error, or with --strict a warning).
    func finish(_ report: Report) throws {
        print(report)
        if report.result == .fail { throw ExitCode(ExitStatus.findings.rawValue) }
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// Options of the commands that leave out a baseline's accepted findings (validate, diagnose,
/// audit).
struct BaselineOptions: ParsableArguments {
    @Option(name: .customLong("baseline"), help: "Baseline file to read (default: .dev/infra/infractl-baseline.json when it exists).", completion: .file(extensions: ["json"]))
    var file: String?

    @Flag(name: .customLong("no-baseline"), help: "Report every finding, those the baseline accepts too.")
    var disabled = false

    func validate() throws {
        if disabled, file != nil { throw ValidationError("--baseline and --no-baseline exclude each other") }
    }

    /// The choice these options make; a file given relative to the current folder made absolute.
    var choice: BaselineChoice {
        if disabled { return .none }
        guard let file else { return .standard }
        return .file(URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)).standardizedFileURL.path)
    }
}
