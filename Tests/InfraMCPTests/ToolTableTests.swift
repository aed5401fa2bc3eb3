import Foundation
import InfraCore
import InfraMCP
import MCP
import Testing

/// The AXIOM example written to a temporary folder, removed when released.
final class ExampleWorkspace: @unchecked Sendable {
    let folder: String
    let workspace: Workspace

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("infractl-mcp-\(UUID().uuidString)").path
        _ = try AxiomExample.write(to: folder)
        workspace = try Workspace.locate(explicitRoot: folder)
    }

    var context: ToolContext { ToolContext(workspace: workspace, today: { "2026-01-02" }, hostPorts: { _ in FixedHostPorts() }) }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}

extension CallTool.Result {
    var texts: [String] {
        content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }
    }
}

@Suite("MCP tool table")
struct ToolTableTests {
    @Test func toolNamesAreTheContract() {
        #expect(InfraTools.all.map(\.name) == [
            "registry_summary", "validate", "check_port", "list_ports", "diagnose", "health", "stats", "graph", "impact", "audit", "history", "logs",
            "explain_rule", "doctor",
            "allocate_port", "release_port", "add_service", "remove_service", "undo", "up", "down", "write_baseline",
        ])
        #expect(InfraTools.all.filter { $0.access == .write }.map(\.name) == [
            "allocate_port", "release_port", "add_service", "remove_service", "undo", "up", "down", "write_baseline",
        ])
        #expect(Set(InfraTools.all.map(\.name)).count == InfraTools.all.count)
    }

    @Test func writeToolsAreHiddenAndRefusedWithoutAllowWrites() async throws {
        let example = try ExampleWorkspace()
        let readOnly = InfraMCPServer(context: example.context, allowWrites: false)
        #expect(!readOnly.tools.contains { $0.access == .write })
        #expect(readOnly.tools.count == 14)
        #expect(InfraMCPServer(context: example.context, allowWrites: true).tools.count == 22)
        let refused = await readOnly.call("add_service", arguments: ["name": "atlas-api", "app": "atlas", "type": "api", "internal_port": 8000])
        #expect(refused.isError == true)
        #expect(refused.texts == ["error: add_service changes files and is only available when the server runs with --allow-writes"])
        #expect(!(try String(contentsOfFile: example.folder + "/.dev/infra/registry.yml", encoding: .utf8)).contains("atlas-api"))
    }

    @Test(arguments: InfraTools.all.map(\.name))
    func schemaNamesEveryParameter(_ name: String) throws {
        let tool = try #require(InfraTools.all.first { $0.name == name })
        #expect(!tool.description.isEmpty)
        guard case .object(let schema) = tool.inputSchema, case .object(let properties)? = schema["properties"] else {
            Issue.record("\(name): the input schema is not an object with properties")
            return
        }
        #expect(schema["type"] == "object")
        #expect(schema["additionalProperties"] == false)
        #expect(Set(properties.keys) == Set(tool.parameters.map(\.name)))
        #expect(properties.count == tool.parameters.count, "a parameter is declared twice")
        for (argument, property) in properties {
            guard case .object(let fields) = property else {
                Issue.record("\(name).\(argument): not an object")
                continue
            }
            let description = fields["description"]?.stringValue ?? ""
            #expect(fields["type"]?.stringValue != nil, "\(name).\(argument) has no type")
            #expect(!description.isEmpty, "\(name).\(argument) has no description")
        }
        let required = schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(required == tool.parameters.filter(\.isRequired).map(\.name))
        #expect(tool.declaration.annotations.readOnlyHint == (tool.access == .read))
        #expect(tool.declaration.annotations.destructiveHint == (tool.access == .read ? nil : tool.destructive))
        #expect(tool.declaration.annotations.idempotentHint == tool.idempotent)
    }

    /// The hints say what each write does to what is there: removing is destructive, starting
    /// and stopping again change nothing more, allocating and adding are neither.
    @Test func writeToolsCarryTheirHints() {
        func hints(_ name: String) -> (Bool?, Bool?) {
            let annotations = InfraTools.all.first { $0.name == name }?.declaration.annotations
            return (annotations?.destructiveHint, annotations?.idempotentHint)
        }
        #expect(hints("allocate_port") == (false, false))
        #expect(hints("add_service") == (false, false))
        #expect(hints("release_port") == (true, false))
        #expect(hints("remove_service") == (true, false))
        // Undo overwrites files, and a second undo undoes the first.
        #expect(hints("undo") == (true, false))
        #expect(hints("history") == (nil, true))
        // Compose recreates a container whose configuration changed.
        #expect(hints("up") == (true, true))
        #expect(hints("down") == (true, true))
        // The baseline replaces its file; writing it again from the same state changes nothing.
        #expect(hints("write_baseline") == (true, true))
        #expect(hints("validate") == (nil, true))
    }

    /// Every tool runs with its required arguments and reads no argument its schema lacks (a
    /// handler that did would answer with an internal error).
    @Test(arguments: InfraTools.all.map(\.name))
    func handlerReadsOnlyDeclaredArguments(_ name: String) async throws {
        let example = try ExampleWorkspace()
        let tool = try #require(InfraTools.all.first { $0.name == name })
        var arguments: [String: Value] = [:]
        for parameter in tool.parameters {
            switch parameter.name {
            case "port": arguments["port"] = 7500
            case "id" where name == "explain_rule": arguments["id"] = "PORT001"
            case "app": arguments["app"] = "atlas"
            case "service", "name": arguments[parameter.name] = name == "remove_service" ? "prism-frontend" : "atlas-api"
            case "type": arguments["type"] = "api"
            case "internal_port": arguments["internal_port"] = 8000
            case "dry_run": arguments["dry_run"] = true
            case "compose": arguments["compose"] = "services: {}\n"
            case "services": arguments["services"] = ["forge-redis"]
            case "targets": arguments["targets"] = ["forge-redis"]
            default: break
            }
        }
        let result = await tool.call(arguments, context: example.context)
        let text = result.texts.joined(separator: "\n")
        #expect(!text.contains("internal error"), "\(name): \(text)")
        // These need a Docker engine (or refuse: port 7500 is not allocated, the fresh example has
        // no change to undo); every other tool answers with a report here.
        if !["diagnose", "logs", "up", "down", "release_port", "undo"].contains(name) {
            #expect(result.isError == false, "\(name): \(text)")
            #expect(result.texts.count == 2)
            #expect(result.texts.first?.hasPrefix("{\n  \"tool\": \"infractl\"") == true)
        }
    }

    @Test func argumentsAreCheckedAgainstTheParameters() throws {
        let tool = MCPTool(
            name: "probe", title: "Probe", description: "A test tool.",
            parameters: [
                ToolParameter("port", .integer(1...65535), "A port.", required: true),
                ToolParameter("mode", .choice(["fast", "slow"]), "A mode."),
                ToolParameter("names", .strings, "Names."),
                ToolParameter("envs", .choices(["dev", "prod"]), "Environments."),
                ToolParameter("dry", .boolean, "Dry run."),
            ]
        ) { _, _ in throw ToolError("unused") }
        func message(_ values: [String: Value]) -> String? {
            do {
                _ = try ToolArguments(values, for: tool)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message([:]) == "error: probe needs the argument `port`: A port.")
        #expect(message(["port": 0]) == "error: `port` of probe must be between 1 and 65535, not 0")
        #expect(message(["port": "x"]) == "error: `port` of probe must be an integer")
        #expect(message(["port": 80, "speed": 1]) == "error: unknown argument `speed` for probe; it takes `port`, `mode`, `names`, `envs`, `dry`")
        #expect(message(["port": 80, "mode": "medium"]) == "error: `mode` of probe must be one of fast, slow")
        #expect(message(["port": 80, "envs": ["dev", "test"]]) == "error: `envs` of probe takes dev, prod, not test")
        #expect(message(["port": 80, "names": [1]]) == "error: `names` of probe must be an array of strings")
        #expect(message(["port": 80, "dry": "maybe"]) == "error: `dry` of probe must be true or false")

        let arguments = try ToolArguments(["port": 80.0, "names": "one", "dry": "true", "mode": .null], for: tool)
        #expect(try arguments.integer("port") == 80)
        #expect(try arguments.strings("names") == ["one"])
        #expect(try arguments.boolean("dry") == true)
        #expect(try arguments.string("mode") == nil)
        #expect(throws: ToolError.self) { try arguments.string("undeclared") }
    }

    @Test func validateOverlaysTheProposedTextInMemory() async throws {
        let example = try ExampleWorkspace()
        let path = example.folder + "/apps/prism/docker-compose.dev.yml"
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let proposed = before.replacingOccurrences(
            of: "services:\n", with: "services:\n  prism-reports:\n    image: axiom/prism-reports:dev\n    ports:\n      - \"4000:8080\"\n")
        let result = await InfraTools.validate.call(["app": "prism", "compose": .string(proposed)], context: example.context)
        let json = try #require(result.texts.first)
        #expect(json.contains("\"rule\": \"PORT001\""))
        #expect(json.contains("\"result\": \"fail\""))
        #expect(result.texts[1].hasPrefix("### Validate — AXIOM: FAIL ❌"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)

        let missingApp = await InfraTools.validate.call(["compose": .string(proposed)], context: example.context)
        #expect(missingApp.isError == true)
        #expect(missingApp.texts.first?.hasPrefix("error: validate needs `app` (or `file`) with `compose`") == true)
        let outside = await InfraTools.validate.call(["file": "../elsewhere.yml", "compose": "services: {}"], context: example.context)
        #expect(outside.texts.first?.hasPrefix("error: path ../elsewhere.yml leaves the workspace") == true)
    }

    @Test func promptsFillInTheRegistrysFacts() throws {
        let example = try ExampleWorkspace()
        let troubleshoot = try MCPPrompts.get(
            "troubleshoot-service", arguments: ["service": "synapse-backend"], workspace: example.workspace, allowWrites: false)
        guard case .text(let text) = try #require(troubleshoot.messages.first).content else {
            Issue.record("not a text message")
            return
        }
        #expect(text.contains("synapse-backend is a api of app synapse") || text.contains("synapse-backend is a"))
        #expect(text.contains("`apps/synapse/docker-compose.dev.yml`"))
        let plan = try MCPPrompts.get("plan-new-service", arguments: ["app": "atlas"], workspace: example.workspace, allowWrites: true)
        guard case .text(let planText) = try #require(plan.messages.first).content else {
            Issue.record("not a text message")
            return
        }
        #expect(planText.contains("Call `add_service` with"))
        #expect(!planText.contains("read-only"))
        #expect(throws: MCPError.self) {
            try MCPPrompts.get("plan-new-service", arguments: [:], workspace: example.workspace, allowWrites: true)
        }
    }
}
