import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl add-service NAME --app APP --type TYPE --internal-port N [...]`.
    struct AddServiceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-service",
            abstract: "Add a service: allocate its port, write its compose service, registry entry, inventory row and changelog entry, all or nothing.",
            discussion: """
                The result is validated before anything is written: a change that would add an error or a \
                warning to `infractl validate` is refused (exit 2). --dry-run prints the unified diff of every \
                file (plain, unless --format asks otherwise) and writes nothing.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The service name (also its container name).")
        var name: String

        @Option(name: .long, help: "The app it belongs to; its port comes from the app's range.", completion: WorkspaceCompletions.apps)
        var app: String

        @Option(name: .long, help: "Its type: database, cache, logging, search, monitoring, log-shipper, proxy, api, worker, frontend or other.")
        var type: String

        @Option(name: .customLong("internal-port"), help: "The port it listens on inside its container.")
        var internalPort: Int

        @Option(name: .long, help: "Its image (default: the official image for data stores, else the platform's namespace).")
        var image: String?

        @Option(
            name: .customLong("depends-on"), parsing: .singleValue, help: "Registry services it needs, comma-separated (repeatable).",
            completion: WorkspaceCompletions.services)
        var dependsOn: [String] = []

        @Option(name: .customLong("env"), help: "The environment: dev or prod.")
        var environment: Registry.Environment = .dev

        @Option(name: .long, help: "A host name Traefik routes to it.")
        var domain: String?

        @Option(name: .long, help: "The description of its port allocation and inventory row.")
        var description: String?

        @Flag(name: .customLong("dry-run"), help: "Print the diff of every file and write nothing.")
        var dryRun = false

        func run() async throws {
            let request = AddServiceRequest(
                name: name, app: app, type: type, internalPort: internalPort, image: image,
                dependencies: dependsOn.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                environment: environment, domain: domain, description: description)
            reportOptions.printChange(try await workspaceOptions.operations().addService(request, dryRun: dryRun), dryRun: dryRun)
        }
    }

    /// `infractl remove-service NAME`.
    struct RemoveServiceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-service",
            abstract: "Remove a service: its compose service, registry entry and ports, inventory row, with a changelog entry, all or nothing.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The registry service to remove.", completion: WorkspaceCompletions.services)
        var name: String

        @Flag(name: .customLong("dry-run"), help: "Print the diff of every file and write nothing.")
        var dryRun = false

        func run() async throws {
            let report = try await workspaceOptions.operations().removeService(RemoveServiceRequest(name: name, dryRun: dryRun))
            reportOptions.printChange(report, dryRun: dryRun)
        }
    }
}

extension ReportOptions {
    /// A change's report: a dry run prints its plain diff unless --format asks otherwise.
    func printChange(_ report: Report, dryRun: Bool) {
        print(report, as: dryRun && format == nil ? .text : nil)
    }
}

extension Registry.Environment: ExpressibleByArgument {}
