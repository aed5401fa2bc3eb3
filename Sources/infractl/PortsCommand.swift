import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl ports list | check | allocate | release`.
    struct Ports: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, check, allocate and release host ports of the registry.",
            subcommands: [List.self, Check.self, Allocate.self, Release.self])
    }
}

extension Infractl.Ports {
    /// `infractl ports list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the allocation table, what holds each port on this host, and each app's lowest free port.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        func run() async throws {
            let workspace = try workspaceOptions.locate()
            let (context, recovery) = try EditSession(workspace: workspace).read()
            Terminal.reportRecovery(recovery)
            reportOptions.print(PortReports.list(context: context, host: HostPortSnapshot(), workspace: workspace.root))
        }
    }

    /// `infractl ports check PORT [--app APP]`.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether a port is free: its app range, registry owner, compose publishers and host holder (exit 1 when taken).")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The host port.")
        var port: Int

        @Option(name: .long, help: "Also check that the port lies in this app's range.")
        var app: String?

        func run() async throws {
            let workspace = try workspaceOptions.locate()
            let (context, recovery) = try EditSession(workspace: workspace).read()
            Terminal.reportRecovery(recovery)
            let report = try PortReports.check(port: port, app: app, context: context, host: HostPortSnapshot(), workspace: workspace.root)
            reportOptions.print(report)
            if report.result == .fail { throw ExitCode(ExitStatus.findings.rawValue) }
        }
    }

    /// `infractl ports allocate --app APP --service NAME [--type T] [--internal-port N]`.
    struct Allocate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Allocate the lowest port of the app's range that is free in the registry, in every compose file and on this host.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Option(name: .long, help: "The app whose range the port comes from.")
        var app: String

        @Option(name: .long, help: "The service the port is allocated to.")
        var service: String

        @Option(name: .long, help: "The service's type (database, cache, api, frontend, worker…).")
        var type: String?

        @Option(name: .customLong("internal-port"), help: "The container port it maps to.")
        var internalPort: Int?

        func run() async throws {
            let workspace = try workspaceOptions.locate()
            let outcome = try EditSession(workspace: workspace).perform(validate: false) { workspace, context in
                let allocation = try PortEditing.allocate(
                    app: app, service: service, type: type, internalPort: internalPort, in: workspace, context: context,
                    host: HostPortSnapshot(reader: SocketTableReader()))
                return (PortReports.allocated(allocation, registry: context.registry, workspace: workspace.root), allocation.changes)
            }
            Terminal.reportRecovery(outcome.recovery)
            reportOptions.print(outcome.plan)
        }
    }

    /// `infractl ports release PORT`.
    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a port's allocation from the registry (refused while a service still lists it).")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The host port.")
        var port: Int

        func run() async throws {
            let workspace = try workspaceOptions.locate()
            let outcome = try EditSession(workspace: workspace).perform(validate: false) { workspace, context in
                let (allocation, changes) = try PortEditing.release(port, in: workspace, context: context)
                return (PortReports.released(allocation, registry: context.registry, workspace: workspace.root), changes)
            }
            Terminal.reportRecovery(outcome.recovery)
            reportOptions.print(outcome.plan)
        }
    }
}

extension Terminal {
    /// Tells on standard error that an interrupted change was finished or discarded first.
    static func reportRecovery(_ recovery: ChangeJournal.Recovery) {
        switch recovery {
        case .none: break
        case .rolledForward(let files):
            standardError("note: finished a change an interrupted infractl run left half-written\(files.isEmpty ? "" : " (\(files.joined(separator: ", ")))")")
        case .rolledBack:
            standardError("note: discarded a change an interrupted infractl run had not started writing")
        case .pending(let files):
            standardError("note: read a change an interrupted infractl run left half-written as finished (\(files.joined(separator: ", "))); the next command that writes finishes it")
        }
    }

    /// Today's date as `YYYY-MM-DD` in the local time zone, for changelog entries.
    static var today: String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
