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
    @Option(name: .long, help: "Output format: text, markdown, json, sarif or github (default: text on a terminal, markdown otherwise).")
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
