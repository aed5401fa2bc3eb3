import Foundation
import Testing
import TestSupport

/// Acceptance: the real `infractl mcp` over stdio, driven by the official Python MCP client, on
/// scratch copies of the AXIOM example.
@Suite("infractl mcp", .timeLimit(.minutes(10)))
struct MCPServerTests {
    static let readTools = ["registry_summary", "validate", "check_port", "list_ports", "diagnose", "health", "stats", "graph", "impact", "audit", "history", "logs", "explain_rule", "doctor"]
    static let writeTools = ["allocate_port", "release_port", "add_service", "remove_service", "undo", "up", "down", "write_baseline"]
    static let destructiveTools: Set<String> = ["release_port", "remove_service", "undo", "up", "down", "write_baseline"]

    /// A JSON string value, or "" when it is missing or not a string.
    private func text(_ value: Any?) -> String { value as? String ?? "" }

    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The CLI's `--format json` output without its final newline.
    private func cliJSON(_ arguments: [String]) async throws -> String {
        let result = try await CLI.run(arguments + ["--format", "json"])
        #expect(result.status != 2, "\(arguments): \(result.stderr)")
        return result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
    }

    @Test(.requires(.mcpClient)) func listsWriteToolsOnlyWithAllowWrites() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let readOnly = try await MCPClient.session([MCPClient.listTools, MCPClient.call("allocate_port", ["app": "atlas", "service": "atlas-api"])], workspace: workspace)
        let writable = try await MCPClient.session([MCPClient.listTools], workspace: workspace, allowWrites: true)
        let readNames = (readOnly[0]["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        let writeNames = (writable[0]["tools"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(readNames == Self.readTools)
        #expect(writeNames == Self.readTools + Self.writeTools)

        let refused = try ToolAnswer(readOnly[1])
        #expect(refused.isError)
        #expect(refused.errorText == "error: allocate_port changes files and is only available when the server runs with --allow-writes")
        #expect(!(try scratch.read("ax/.dev/infra/registry.yml")).contains("atlas-api"))

        for tool in writable[0]["tools"] as? [[String: Any]] ?? [] {
            let name = tool["name"] as? String ?? "?"
            let schema = try #require(tool["input_schema"] as? [String: Any], "\(name)")
            #expect(schema["type"] as? String == "object", "\(name)")
            #expect(schema["additionalProperties"] as? Bool == false, "\(name)")
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for (argument, property) in properties {
                let description = property["description"] as? String ?? ""
                #expect(!description.isEmpty, "\(name).\(argument) has no description")
                #expect(property["type"] != nil, "\(name).\(argument) has no type")
            }
            #expect(Set(schema["required"] as? [String] ?? []).isSubset(of: Set(properties.keys)), "\(name)")
            #expect(tool["read_only"] as? Bool == Self.readTools.contains(name), "\(name)")
            // The official client reads the hints the specification defines.
            #expect((tool["destructive"] as? Bool) == (Self.readTools.contains(name) ? nil : Self.destructiveTools.contains(name)), "\(name)")
            #expect((tool["idempotent"] as? Bool) == (Self.readTools.contains(name) || ["up", "down", "write_baseline"].contains(name)), "\(name)")
        }
        let validate = try #require((writable[0]["tools"] as? [[String: Any]])?.first { $0["name"] as? String == "validate" })
        #expect(Set(((validate["input_schema"] as? [String: Any])?["properties"] as? [String: Any] ?? [:]).keys) == ["compose", "app", "file", "strict", "target", "baseline"])
    }

    @Test(.requires(.mcpClient)) func readToolsAnswerWithTheCLIReports() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        // Without an engine (allowed outside CI) diagnose answers as the CLI does: unreachable.
        if Prerequisite.isCI { try #require(Prerequisite.engineAnswers, "CI needs a Docker engine (scripts/test-env.sh starts one)") }
        let answers = try await MCPClient.session([
            MCPClient.call("registry_summary"),
            MCPClient.call("validate"),
            MCPClient.call("check_port", ["port": 4000]),
            MCPClient.call("check_port", ["port": 7500, "app": "atlas"]),
            MCPClient.call("diagnose", ["services": ["synapse-backend"]]),
            MCPClient.call("health", ["services": ["forge-postgres", "synapse-backend"]]),
            MCPClient.call("graph", ["format": "mermaid"]),
            MCPClient.call("explain_rule", ["id": "port001"]),
        ], workspace: workspace)
        // A server without --allow-writes writes nothing, not even the workspace lock.
        #expect(!FileManager.default.fileExists(atPath: workspace + "/.dev/infra/.infractl.lock"))

        let summary = try ToolAnswer(answers[0]).report()
        #expect(summary["command"] as? String == "registry summary")
        #expect(summary["platform"] as? String == "AXIOM")
        let apps = summary["apps"] as? [[String: Any]] ?? []
        #expect(apps.map { $0["name"] as? String } == ["forge", "synapse", "nexus", "prism", "atlas"])
        #expect(apps.first { $0["name"] as? String == "synapse" }?["lowest_free"] as? Int == 4002)
        let services = summary["services"] as? [[String: Any]] ?? []
        let backend = try #require(services.first { $0["name"] as? String == "synapse-backend" })
        #expect(backend["ports"] as? [Int] == [4000])
        #expect(backend["compose_file"] as? String == "apps/synapse/docker-compose.dev.yml")
        #expect(summary["shared_network"] as? String == "forge-network")

        // The JSON is byte for byte what the CLI prints with --format json.
        let validate = try ToolAnswer(answers[1])
        #expect(try validate.report()["command"] as? String == "validate")
        #expect(validate.json == (try await cliJSON(["validate", "--workspace", workspace])))
        #expect(validate.markdown.hasPrefix("### Validate — AXIOM: PASS ✅"))

        let taken = try ToolAnswer(answers[2])
        let takenReport = try taken.report()
        #expect(takenReport["free"] as? Bool == false)
        #expect(takenReport["owner"] as? String == "synapse-backend")
        #expect(takenReport["result"] as? String == "fail")
        #expect(taken.json == (try await cliJSON(["ports", "check", "4000", "--workspace", workspace])))
        #expect(taken.markdown.contains("**PORT001**"))
        let free = try ToolAnswer(answers[3])
        #expect(try free.report()["free"] as? Bool == true)
        #expect(free.json == (try await cliJSON(["ports", "check", "7500", "--app", "atlas", "--workspace", workspace])))

        // No container of the example runs: diagnose still reports, naming what is missing.
        let diagnose = try ToolAnswer(answers[4])
        if Prerequisite.engineAnswers {
            let report = try diagnose.report()
            #expect(report["command"] as? String == "diagnose")
            let states = report["services"] as? [[String: Any]] ?? []
            #expect(Set(states.compactMap { $0["name"] as? String }).isSuperset(of: ["synapse-backend", "forge-postgres"]))
            #expect(states.first { $0["name"] as? String == "synapse-backend" }?["state"] as? String == "missing")
            #expect(report["result"] as? String == "fail")
        } else {
            #expect(diagnose.isError)
            #expect(diagnose.errorText.hasPrefix("error: "))
        }

        let health = try ToolAnswer(answers[5]).report()
        #expect(health["command"] as? String == "health")
        #expect((health["services"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["forge-postgres", "synapse-backend"])
        #expect(["healthy", "degraded", "unhealthy", "unknown"].contains(health["overall"] as? String ?? ""))

        let graph = try ToolAnswer(answers[6])
        #expect(graph.json == (try await cliJSON(["graph", "--workspace", workspace])))
        #expect(graph.markdown.contains("```mermaid\nflowchart TB"))

        let rule = try ToolAnswer(answers[7])
        let ruleReport = try rule.report()
        #expect(ruleReport["id"] as? String == "PORT001")
        #expect(ruleReport["severity"] as? String == "error")
        #expect(ruleReport["documentation"] as? String == (try await CLI.run(["rules", "PORT001"])).stdout.trimmingCharacters(in: .newlines))
        #expect(rule.markdown.hasPrefix("### PORT001 "))
    }

    @Test(.requires(.mcpClient)) func validateRefusesAProposedServiceOnAnAllocatedPort() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let composePath = "ax/apps/prism/docker-compose.dev.yml"
        let before = try scratch.read(composePath)
        let newService = """
              prism-reports:
                image: axiom/prism-reports:dev
                container_name: prism-reports
                ports:
                  - "4000:8080"

            """
        let proposed = before.replacingOccurrences(of: "services:\n", with: "services:\n" + newService)
        #expect(proposed != before)
        let snippet = "services:\n" + newService
        let onFreePort = proposed.replacingOccurrences(of: "\"4000:8080\"", with: "\"6010:8080\"")
        let answers = try await MCPClient.session([
            MCPClient.call("validate", ["app": "prism", "compose": proposed]),
            MCPClient.call("validate", ["file": "apps/prism/docker-compose.reports.yml", "compose": snippet]),
            MCPClient.call("validate", ["app": "prism", "compose": onFreePort]),
        ], workspace: workspace)

        for (index, answer) in answers.prefix(2).enumerated() {
            let report = try ToolAnswer(answer).report()
            #expect(report["result"] as? String == "fail", "\(index)")
            let findings = report["findings"] as? [[String: Any]] ?? []
            let conflict = try #require(findings.first { $0["rule"] as? String == "PORT001" }, "\(index): \(findings)")
            #expect(conflict["severity"] as? String == "error")
            #expect(conflict["port"] as? Int == 4000)
            #expect(text(conflict["message"]).contains("synapse-backend"))
        }
        let free = try ToolAnswer(answers[2]).report()
        #expect(!(free["findings"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == "PORT001" })
        #expect(try scratch.read(composePath) == before, "validate wrote the proposed text")
        #expect(!FileManager.default.fileExists(atPath: workspace + "/apps/prism/docker-compose.reports.yml"))
    }

    @Test(.requires(.mcpClient)) func writeToolsChangeTheRegistry() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let registryPath = "ax/.dev/infra/registry.yml"
        let before = try scratch.read(registryPath)
        let answers = try await MCPClient.session([
            MCPClient.call("allocate_port", ["app": "atlas", "service": "atlas-api", "type": "api", "internal_port": 8000]),
            MCPClient.call("add_service", ["name": "atlas-web", "app": "atlas", "type": "frontend", "internal_port": 3000, "dry_run": true]),
        ], workspace: workspace, allowWrites: true)

        let allocated = try ToolAnswer(answers[0]).report()
        #expect(allocated["command"] as? String == "ports allocate")
        // Atlas's lowest free port: 7000, unless something on this host (a parallel test) holds it.
        let port = try #require(allocated["port"] as? Int)
        #expect((7000...7999).contains(port))
        let after = try scratch.read(registryPath)
        #expect(after != before)
        #expect(after.contains("\(port):") && after.contains("service: atlas-api"))

        let dryRun = try ToolAnswer(answers[1])
        let dryReport = try dryRun.report()
        #expect(dryReport["dry_run"] as? Bool == true)
        let dryPort = try #require(dryReport["port"] as? Int)
        #expect(dryPort > port)
        #expect(text(dryReport["diff"]).contains("+    \(dryPort):"))
        #expect(dryRun.markdown.contains("```diff"))
        #expect(try scratch.read(registryPath) == after, "the dry run wrote")

        let checked = try await MCPClient.session([MCPClient.call("check_port", ["port": port])], workspace: workspace)
        let check = try ToolAnswer(checked[0]).report()
        #expect(check["owner"] as? String == "atlas-api")

        let added = try await MCPClient.session([
            MCPClient.call("add_service", ["name": "atlas-web", "app": "atlas", "type": "frontend", "internal_port": 3000]),
        ], workspace: workspace, allowWrites: true)
        let addedReport = try ToolAnswer(added[0]).report()
        #expect(addedReport["command"] as? String == "add-service")
        #expect(addedReport["dry_run"] as? Bool == false)
        #expect(try scratch.read(registryPath).contains("service: atlas-web"))
        #expect(try scratch.read("ax/.dev/infra/CHANGELOG.md").contains("atlas-web"))
        #expect(try await CLI.run(["validate", "--workspace", workspace]).status == 0)
    }

    @Test(.requires(.mcpClient)) func badInputIsAToolErrorWithTheCLIMessage() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let answers = try await MCPClient.session([
            MCPClient.call("check_port", ["port": 70000]),
            MCPClient.call("check_port", ["port": 4000, "app": "atlsa"]),
            MCPClient.call("validate", ["app": "prism", "compose": "services:\n  prism-x:\n    ports: [\"6010:80\"\n"]),
            MCPClient.call("explain_rule", ["id": "PORT01"]),
            MCPClient.call("check_port", ["port": 4000, "verbose": true]),
            MCPClient.call("explain_rule"),
            MCPClient.call("add_service", ["name": "atlas-web", "app": "atlsa", "type": "frontend", "internal_port": 3000]),
            MCPClient.call("no_such_tool"),
            ["op": "read_resource", "uri": "infractl://nothing"],
            ["op": "get_prompt", "name": "troubleshoot-service", "arguments": ["service": "synapse-backnd"]],
        ], workspace: workspace, allowWrites: true)
        let errors = try answers.prefix(8).map { try ToolAnswer($0) }
        for (index, answer) in errors.enumerated() {
            #expect(answer.isError, "\(index): \(answer.texts)")
        }
        #expect(errors[0].errorText == "error: `port` of check_port must be between 1 and 65535, not 70000")
        let cliUnknownApp = try await CLI.run(["ports", "check", "4000", "--app", "atlsa", "--workspace", workspace])
        #expect(cliUnknownApp.status == 2)
        #expect(errors[1].errorText == cliUnknownApp.stderr.trimmingCharacters(in: .newlines))
        #expect(errors[1].errorText.hasPrefix("error: unknown app 'atlsa' (did you mean 'atlas'?)"))
        // A YAML error names the file the text stands for, with line and column.
        #expect(errors[2].errorText.hasPrefix("apps/prism/docker-compose.dev.yml:"), "\(errors[2].errorText)")
        #expect(errors[2].errorText.contains(": error: "))
        #expect(errors[3].errorText == "error: unknown rule PORT01 (did you mean PORT001?); `infractl rules` lists them all")
        #expect(errors[4].errorText == "error: unknown argument `verbose` for check_port; it takes `port`, `app`")
        #expect(errors[5].errorText.hasPrefix("error: explain_rule needs the argument `id`"))
        #expect(errors[6].errorText.hasPrefix("error: unknown app 'atlsa' (did you mean 'atlas'?)"))
        #expect(errors[7].errorText.hasPrefix("error: unknown tool no_such_tool; the server has registry_summary, validate"))
        #expect(text(answers[8]["error"]).contains("unknown resource infractl://nothing"))
        #expect(text(answers[9]["error"]).contains("unknown service 'synapse-backnd' (did you mean 'synapse-backend'?)"))
        #expect(!(try scratch.read("ax/.dev/infra/registry.yml")).contains("atlas-web"))
    }

    @Test(.requires(.mcpClient)) func secretsAreMaskedInReportsAndErrors() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let proposed = """
            services:
              prism-billing:
                image: axiom/prism-billing:dev
                container_name: prism-billing
                environment:
                  BILLING_API_TOKEN: tok-literal-8c7b6a5d
                  DATABASE_URL: postgresql://axiom:url-pw-1a2b3c@localhost:3432/prism
                ports:
                  - "6010:8080"
            """
        let answers = try await MCPClient.session([
            MCPClient.call("validate", ["file": "apps/prism/docker-compose.billing.yml", "compose": proposed]),
            MCPClient.call("check_port", ["port": 6010, "app": "postgresql://axiom:url-pw-1a2b3c@forge"]),
        ], workspace: workspace)
        let validate = try ToolAnswer(answers[0])
        let report = try validate.report()
        let rules = Set((report["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
        #expect(rules.isSuperset(of: ["SEC001", "ENV002"]), "\(rules)")
        let named = validate.texts.joined(separator: "\n")
        #expect(named.contains("BILLING_API_TOKEN of prism-billing is hard-coded"), "the finding about the secret is reported")
        #expect(named.contains("postgresql://axiom:****@localhost:3432/prism"), "the URL is shown with its password masked")
        let error = try ToolAnswer(answers[1])
        #expect(error.isError)
        #expect(error.errorText.contains("postgresql://axiom:****@forge"))
        for text in validate.texts + error.texts + [String(describing: validate.structured ?? [:])] {
            #expect(!text.contains("tok-literal-8c7b6a5d"))
            #expect(!text.contains("url-pw-1a2b3c"))
        }
    }

    @Test(.requires(.mcpClient)) func resourcesAndPromptsServeTheWorkspace() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let answers = try await MCPClient.session([
            ["op": "list_resources"],
            ["op": "read_resource", "uri": "infractl://registry"],
            ["op": "read_resource", "uri": "infractl://infrastructure.md"],
            ["op": "read_resource", "uri": "infractl://changelog"],
            ["op": "read_resource", "uri": "infractl://rules"],
            ["op": "list_prompts"],
            ["op": "get_prompt", "name": "troubleshoot-service", "arguments": ["service": "synapse-backend"]],
            ["op": "get_prompt", "name": "plan-new-service", "arguments": ["app": "atlas", "name": "atlas-api"]],
            ["op": "get_prompt", "name": "assess-change", "arguments": ["target": "forge-postgres", "change": "remove"]],
        ], workspace: workspace)
        let uris = (answers[0]["resources"] as? [[String: Any]] ?? []).compactMap { $0["uri"] as? String }
        #expect(uris == ["infractl://registry", "infractl://infrastructure.md", "infractl://changelog", "infractl://rules"])
        func text(_ index: Int) -> String { ((answers[index]["contents"] as? [[String: Any]])?.first?["text"] as? String) ?? "" }
        #expect(text(1) == (try scratch.read("ax/.dev/infra/registry.yml")))
        #expect(text(2) == (try scratch.read("ax/.dev/infra/infrastructure.md")))
        #expect(text(3) == (try scratch.read("ax/.dev/infra/CHANGELOG.md")))
        #expect(text(4).contains("PORT001") && text(4).contains("HLT001"))

        let prompts = answers[5]["prompts"] as? [[String: Any]] ?? []
        #expect(prompts.compactMap { $0["name"] as? String } == ["troubleshoot-service", "plan-new-service", "assess-change"])
        func prompt(_ index: Int) -> String { ((answers[index]["messages"] as? [[String: Any]])?.first?["text"] as? String) ?? "" }
        let troubleshoot = prompt(6)
        #expect(troubleshoot.contains("Call `health` with {\"services\": [\"synapse-backend\"]}"))
        #expect(troubleshoot.contains("Call `diagnose` with {\"services\": [\"synapse-backend\"]}"))
        #expect(troubleshoot.contains("forge-postgres"), "names the dependencies")
        let plan = prompt(7)
        #expect(plan.contains("atlas owns ports 7000-7999"))
        #expect(plan.contains("Call `check_port` with {\"port\": PORT, \"app\": \"atlas\"}"))
        #expect(plan.contains("infractl add-service atlas-api --app atlas"), "read-only: hands the command to a person")
        // "Can I change X?" consults impact first.
        #expect(prompt(8).contains("1. Call `impact` with {\"targets\": [\"forge-postgres\"], \"change\": \"remove\"}"))
    }

    /// A client that writes its requests and closes standard input at once still gets every
    /// answer, and standard output carries nothing but protocol messages.
    @Test func answersEveryRequestReadBeforeEndOfInput() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let requests = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"validate","arguments":{}}}"#,
            #"{"jsonrpc":"2.0","id":"three","method":"tools/call","params":{"name":"check_port","arguments":{"port":4000}}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"tools/list"}"#,
        ]
        try scratch.write("requests.jsonl", requests.joined(separator: "\n") + "\n")
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["mcp", "--workspace", workspace]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: scratch.path + "/requests.jsonl"))
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout: Data = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = output.fileHandleForReading.readDataToEndOfFile()
                _ = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }
        }
        #expect(process.terminationStatus == 0)
        let messages = try String(decoding: stdout, as: UTF8.self).split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a protocol message: \(line)")
        }
        let ids = messages.map { message in (message["id"] as? String) ?? (message["id"] as? Int).map(String.init) ?? "?" }
        #expect(Set(ids) == ["1", "2", "three", "4"])
        let check = try #require(messages.first { $0["id"] as? String == "three" }?["result"] as? [String: Any])
        let content = try #require(check["content"] as? [[String: Any]])
        let json = text(content.first?["text"])
        #expect(json.contains("\"owner\": \"synapse-backend\""))
    }

    // The server is `infractl-mcp`, a program of its own that `infractl mcp` becomes.

    @Test func theCLIBinaryLoadsNoNetworkingLibraryOnlyTheServerDoes() async throws {
        let cli = try await AsyncProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["ldd", CLI.executable.path])
        try #require(cli.status == 0, "\(cli.stderr)")
        #expect(!cli.stdout.contains("libcurl"), "\(cli.stdout)")
        #expect(!cli.stdout.contains("FoundationNetworking"), "\(cli.stdout)")
        let server = CLI.executable.deletingLastPathComponent().appendingPathComponent("infractl-mcp")
        #expect(FileManager.default.isExecutableFile(atPath: server.path), "SwiftPM builds infractl-mcp beside infractl")
    }

    @Test func withoutItsServerBesideItInfractlMcpSaysWhatIsMissing() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let lonely = scratch.path + "/bin/infractl"
        try FileManager.default.createDirectory(atPath: scratch.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.executable.path, toPath: lonely)
        let result = try await AsyncProcess.run(URL(fileURLWithPath: lonely), ["mcp", "--workspace", workspace])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("infractl mcp runs \(scratch.path)/bin/infractl-mcp, which could not be started (No such file or directory)"), "\(result.stderr)")
    }

    @Test func theServerRunDirectlyChecksItsWorkspaceAsInfractlMcpDoes() async throws {
        let scratch = try Scratch()
        let server = CLI.executable.deletingLastPathComponent().appendingPathComponent("infractl-mcp")
        let result = try await AsyncProcess.run(server, ["--workspace", scratch.path])
        #expect(result.status == 2)
        #expect(result.stderr == "error: no registry at \(scratch.path)/.dev/infra/registry.yml: infractl mcp serves a workspace (use --workspace DIR)\n", "\(result.stderr)")
        let viaCLI = try await CLI.run(["mcp", "--workspace", scratch.path])
        #expect(viaCLI.status == 2)
        #expect(viaCLI.stderr == result.stderr)
    }
}
