import ArgumentParser
import Foundation
import InfraCore

/// The `infractl` command: validates, diagnoses and operates a multi-application Docker
/// platform described by its registry.
@main
struct Infractl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infractl",
        abstract: "Keep a multi-application Docker platform in step with its infrastructure registry.",
        version: "infractl \(InfraVersion.description)",
        subcommands: [
            Validate.self, Diagnose.self, Health.self, Stats.self, Ports.self, AddServiceCommand.self, RemoveServiceCommand.self,
            Graph.self, Impact.self, Audit.self, History.self, Undo.self, Up.self, Down.self, Logs.self, Rules.self, Baseline.self, Doctor.self, Version.self, Init.self,
            MCPCommand.self,
        ])

    /// Runs the command with infractl's exit statuses: usage errors and unreadable input exit 2
    /// (ArgumentParser's default for usage errors would be 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(with: error)
        }
    }

    private static func exit(with error: Error) -> Never {
        switch error {
        case let code as ExitCode:
            Foundation.exit(code.rawValue)
        case let failure as any InfraError:
            Terminal.standardError(failure.printedMessage)
            Foundation.exit(ExitStatus.failed.rawValue)
        default:
            if exitCode(for: error) == .success { Self.exit(withError: error) }
            let message = fullMessage(for: error)
            Terminal.standardError(message.hasPrefix("Error:") || message.hasPrefix("error:") ? message : "error: \(message)")
            Foundation.exit(ExitStatus.failed.rawValue)
        }
    }
}

/// The exit statuses of spec/cli.md.
enum ExitStatus: Int32 {
    /// Nothing at error level.
    case ok = 0
    /// Findings at error level.
    case findings = 1
    /// The command could not do its job.
    case failed = 2
}

/// A command that cannot do its job for a reason that is not a usage error (exit 2, no usage
/// text).
struct CommandFailure: InfraError {
    var message: String

    init(_ message: String) { self.message = message }

    var code: String { "command" }
    var errorDescription: String? { message }
}
