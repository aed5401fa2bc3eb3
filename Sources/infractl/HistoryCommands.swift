import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl history [list | show ID]`.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List the changes infractl wrote, newest first, or show one as a unified diff.",
            subcommands: [List.self, Show.self], defaultSubcommand: List.self)
    }

    /// `infractl undo [ID] [--dry-run] [--force]`.
    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo",
            abstract: "Undo a recorded change: every file back to its contents before it, as a new change, all or nothing.",
            discussion: """
                Without ID, undoes the latest change not yet undone. CHANGELOG.md keeps the change's entry and \
                gains a `### Reverted` entry. Refused (exit 1, nothing written) when a file of the change was \
                modified since; refused (exit 2) when the result would add a finding to `infractl validate`, \
                unless --force. --dry-run prints the diff and writes nothing.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The change to undo (an id from `infractl history`, or a unique prefix of one).")
        var id: String?

        @Flag(name: .customLong("dry-run"), help: "Print the diff of every file and write nothing.")
        var dryRun = false

        @Flag(name: .long, help: "Undo even when the result would add a finding to `infractl validate`.")
        var force = false

        func run() async throws {
            do {
                let report = try await workspaceOptions.operations().undo(UndoRequest(id: id, dryRun: dryRun, force: force))
                reportOptions.printChange(report, dryRun: dryRun)
            } catch let refusal as HistoryError where refusal.kind == .modifiedSince {
                Terminal.standardError(refusal.printedMessage)
                throw ExitCode(ExitStatus.findings.rawValue)
            }
        }
    }
}

extension Infractl.History {
    /// `infractl history` (or `history list`).
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the recorded changes, newest first.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        func run() async throws {
            reportOptions.print(try await workspaceOptions.operations().history())
        }
    }

    /// `infractl history show ID`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one recorded change as a unified diff.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var reportOptions: ReportOptions

        @Argument(help: "The change (an id from `infractl history`, or a unique prefix of one).")
        var id: String

        func run() async throws {
            reportOptions.print(try await workspaceOptions.operations().historyShow(id))
        }
    }
}
