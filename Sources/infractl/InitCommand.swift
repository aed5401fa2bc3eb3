import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl init --example axiom [DIR]`.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write an example workspace.")

        /// The examples `init` can write.
        enum Example: String, ExpressibleByArgument, CaseIterable {
            case axiom
        }

        @Option(name: .long, help: "The example to write (axiom).")
        var example: Example

        @Argument(help: "Folder to write it into (created if missing; default: the current folder).", completion: .directory)
        var directory: String = "."

        func run() async throws {
            let written: [String]
            do {
                written = try AxiomExample.write(to: directory)
            } catch let error as AxiomExample.InitError {
                throw CommandFailure(error.description)
            }
            Terminal.standardOutput("""
                Wrote the AXIOM example workspace to \(directory) (\(written.count) files).
                Next: infractl validate --workspace \(directory)
                """)
        }
    }
}
