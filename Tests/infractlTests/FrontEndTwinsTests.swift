import Foundation
import InfraMCP
import Testing

/// The CLI and the MCP server are twins over one operations layer: every command a person can
/// run, an agent can call, reads always and writes with `--allow-writes`.
@Suite("CLI and MCP twins")
struct FrontEndTwinsTests {
    /// Each CLI command and the MCP tool that makes the same request.
    static let twins: [String: String] = [
        "validate": "validate", "diagnose": "diagnose", "health": "health", "stats": "stats", "graph": "graph", "logs": "logs", "impact": "impact", "audit": "audit",
        "rules": "explain_rule", "ports list": "list_ports", "ports check": "check_port",
        "ports allocate": "allocate_port", "ports release": "release_port",
        "add-service": "add_service", "remove-service": "remove_service", "up": "up", "down": "down",
        "history list": "history", "history show": "history", "undo": "undo", "baseline": "write_baseline",
        "doctor": "doctor",
    ]
    /// Commands that only make sense at a terminal, with the reason.
    static let terminalOnly: [String: String] = [
        "init": "writes an example workspace into a new folder, outside any workspace the server serves",
        "mcp": "is the server itself",
        "version": "the server names its version in its answer to initialize",
    ]
    static let writes: Set<String> = ["ports allocate", "ports release", "add-service", "remove-service", "up", "down", "undo", "baseline"]

    /// The leaf commands of `infractl`, from ArgumentParser's own description of the tree.
    static func commands() async throws -> [String] {
        let result = try await CLI.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        var found: [String] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).filter { $0["commandName"] as? String != "help" }
            if subcommands.isEmpty, !path.isEmpty { found.append(path.joined(separator: " ")) }
            for subcommand in subcommands { walk(subcommand, path + [subcommand["commandName"] as? String ?? "?"]) }
        }
        walk(try #require(root["command"] as? [String: Any]), [])
        return found
    }

    @Test func everyCommandHasAnMCPTwin() async throws {
        let commands = try await Self.commands()
        #expect(commands.count >= 16, "\(commands)")
        let readTools = Set(InfraTools.available(allowWrites: false).map(\.name))
        let allTools = Set(InfraTools.available(allowWrites: true).map(\.name))
        for command in commands where Self.terminalOnly[command] == nil {
            guard let tool = Self.twins[command] else {
                Issue.record("`infractl \(command)` has no MCP tool: add one to InfraTools (or say why it is terminal-only)")
                continue
            }
            #expect(allTools.contains(tool), "`infractl \(command)`'s twin \(tool) is not a tool")
            #expect(readTools.contains(tool) == !Self.writes.contains(command), "\(tool): offered without --allow-writes iff it only reads")
        }
        // No tool without a command either.
        #expect(Set(Self.twins.values).union(["registry_summary"]) == allTools)
    }
}
