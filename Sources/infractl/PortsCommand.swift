import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl ports list | check | allocate | release`.
    struct Ports: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ports",
            abstract: "List, check, allocate and release host ports of the registry.",
            subcommands: [List.self, Check.self, Allocate.self, Release.self])
    }
}

extension Infractl.Ports {
    /// `infractl ports list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the allocation table, what holds each port on this host, and each app's lowest free port.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        func run() async throws {
            reportOptions.print(try await workspaceOptions.operations().portsList())
        }
    }

    /// `infractl ports check PORT [--app APP]`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Say whether a port is free: its app range, registry owner, compose publishers and host holder (exit 1 when taken).")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The host port.")
        var port: Int

        @Option(name: .long, help: "Also check that the port lies in this app's range.", completion: WorkspaceCompletions.apps)
        var app: String?

        func run() async throws {
            try reportOptions.finish(try await workspaceOptions.operations().portCheck(PortCheckRequest(port: port, app: app)))
        }
    }

    /// `infractl ports allocate --app APP --service NAME [--type T] [--internal-port N]`.
    struct Allocate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "allocate",
            abstract: "Allocate the lowest port of the app's range that is free in the registry, in every compose file and on this host.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Option(name: .long, help: "The app whose range the port comes from.", completion: WorkspaceCompletions.apps)
        var app: String

        @Option(name: .long, help: "The service the port is allocated to.")
        var service: String

        @Option(name: .long, help: "The service's type (database, cache, api, frontend, worker…).")
        var type: String?

        @Option(name: .customLong("internal-port"), help: "The container port it maps to.")
        var internalPort: Int?

        func run() async throws {
            let request = PortAllocateRequest(app: app, service: service, type: type, internalPort: internalPort)
            reportOptions.print(try await workspaceOptions.operations().allocatePort(request))
        }
    }

    /// `infractl ports release PORT`.
    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "release", abstract: "Remove a port's allocation from the registry (refused while a service still lists it).")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The host port.")
        var port: Int

        @Flag(name: .customLong("dry-run"), help: "Print the diff and what still mentions the port; write nothing.")
        var dryRun = false

        func run() async throws {
            reportOptions.printChange(try await workspaceOptions.operations().releasePort(port, dryRun: dryRun), dryRun: dryRun)
        }
    }
}
