import ArgumentParser
import Foundation
import InfraCore

extension Infractl {
    /// `infractl graph [--format mermaid|dot|text|svg|json] [APP...]`.
    struct Graph: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "graph",
            abstract: "Show the dependency graph with startup tiers, shared-network membership and published ports.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(name: .long, help: "mermaid, dot, text, svg (needs Graphviz's dot) or json (default: text).")
        var format: GraphFormat = .text

        @Argument(help: "Only the services of these apps.", completion: WorkspaceCompletions.apps)
        var apps: [String] = []

        func run() async throws {
            let report = try await workspaceOptions.operations().graph(GraphRequest(apps: apps))
            guard let graph = (report.payload as? GraphPayload)?.graph else { return }
            report.notices.forEach { Terminal.standardError("note: \($0)") }
            switch format {
            case .mermaid: Terminal.standardOutput(GraphRenderer.mermaid(graph))
            case .dot: Terminal.standardOutput(GraphRenderer.dot(graph))
            case .text: Terminal.standardOutput(GraphRenderer.text(graph))
            case .svg: Terminal.standardOutput(try Self.svg(GraphRenderer.dot(graph)))
            case .json: Terminal.standardOutput(report.rendered(as: .json))
            }
        }

        /// SVG from Graphviz's `dot`, found on the PATH and run with an argument list.
        static func svg(_ dot: String) throws -> String {
            let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
                .map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
            guard let path else { throw CommandFailure("--format svg needs Graphviz's `dot` on the PATH (apt-get install graphviz)") }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = ["-Tsvg"]
            let input = Pipe(), output = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            input.fileHandleForWriting.write(Data(dot.utf8))
            try input.fileHandleForWriting.close()
            let svg = output.fileHandleForReading.readDataToEndOfFile()
            let problem = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandFailure("dot -Tsvg failed: \(String(decoding: problem, as: UTF8.self))")
            }
            return String(decoding: svg, as: UTF8.self)
        }
    }
}

extension GraphFormat: ExpressibleByArgument {}
