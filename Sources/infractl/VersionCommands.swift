import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl version`: the same line as `--version`, or JSON for scripts.
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "version",
            abstract: "Print infractl's version and the git commit it was built from.")

        @Option(help: "text, or json: {\"tool\", \"version\", \"commit\"}.")
        var format: ReportFormat = .text

        func validate() throws {
            guard [.text, .json].contains(format) else { throw ValidationError("version prints text or json") }
        }

        func run() {
            guard format == .json else { return Terminal.standardOutput("infractl \(InfraVersion.description)") }
            let object = JSONValue.fields(["tool": .string("infractl"), "version": .string(InfraVersion.current), "commit": .text(InfraVersion.commit)])
            Terminal.standardOutput(object.serialized())
        }
    }

    /// `infractl doctor`: what the commands will find on this machine.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Say what the commands will find here: workspace, registry, Docker engine, docker compose, host ports.",
            discussion: """
                Each missing piece is printed with the commands that need it and how to get it. Exits 1 \
                when something is missing, 0 when everything was found.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        func run() async throws {
            let report = await Operations.doctor(DoctorRequest(workspaceRoot: workspaceOptions.workspace, registryPath: workspaceOptions.registry))
            try reportOptions.finish(report)
        }
    }
}
