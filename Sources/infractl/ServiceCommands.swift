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

        @Option(name: .long, help: "The app it belongs to; its port comes from the app's range.")
        var app: String

        @Option(name: .long, help: "Its type: database, cache, logging, search, monitoring, log-shipper, proxy, api, worker, frontend or other.")
        var type: String

        @Option(name: .customLong("internal-port"), help: "The port it listens on inside its container.")
        var internalPort: Int

        @Option(name: .long, help: "Its image (default: the official image for data stores, else the platform's namespace).")
        var image: String?

        @Option(name: .customLong("depends-on"), parsing: .singleValue, help: "Registry services it needs, comma-separated (repeatable).")
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
            let workspace = try workspaceOptions.locate()
            let request = AddServiceRequest(
                name: name, app: app, type: type, internalPort: internalPort, image: image,
                dependencies: dependsOn.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                environment: environment, domain: domain, description: description)
            let (report, recovery) = try AddService.perform(request, in: workspace, dryRun: dryRun, date: Terminal.today)
            Terminal.reportRecovery(recovery)
            print(report)
        }

        private func print(_ report: Report) {
            if dryRun, reportOptions.format == nil {
                Terminal.standardOutput(report.rendered(as: .text))
            } else {
                reportOptions.print(report)
            }
        }
    }

    /// `infractl remove-service NAME`.
    struct RemoveServiceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-service",
            abstract: "Remove a service: its compose service, registry entry and ports, inventory row, with a changelog entry, all or nothing.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The registry service to remove.")
        var name: String

        @Flag(name: .customLong("dry-run"), help: "Print the diff of every file and write nothing.")
        var dryRun = false

        func run() async throws {
            let workspace = try workspaceOptions.locate()
            let today = Terminal.today
            let outcome = try EditSession(workspace: workspace).perform(dryRun: dryRun, validate: true) { workspace, context in
                let plan = try RemoveService.plan(name, in: workspace, context: context, date: today)
                return ((plan, context.registry), plan.changes)
            }
            Terminal.reportRecovery(outcome.recovery)
            let (plan, registry) = outcome.plan
            let ports = plan.ports.isEmpty ? "" : ", releasing port\(plan.ports.count == 1 ? "" : "s") \(plan.ports.map(String.init).joined(separator: ", "))"
            let summary = "\(dryRun ? "Would remove" : "Removed") \(plan.service.name) from \(plan.service.app)\(ports)."
            let report = EditReports.change(
                command: "remove-service", summary: summary,
                fields: [
                    JSONMember("service", .string(plan.service.name)), JSONMember("app", .string(plan.service.app)),
                    JSONMember("ports", .array(plan.ports.map(JSONValue.int))),
                ],
                changes: outcome.changes, dryRun: dryRun, notes: plan.notes,
                registry: registry, workspace: workspace.root)
            if dryRun, reportOptions.format == nil {
                Terminal.standardOutput(report.rendered(as: .text))
            } else {
                reportOptions.print(report)
            }
        }
    }
}

extension Registry.Environment: ExpressibleByArgument {}
