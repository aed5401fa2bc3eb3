import Foundation
import Testing

@Suite("infractl validate")
struct ValidateCommandTests {
    @Test func exampleWorkspacePasses() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let result = try await CLI.run(["validate", "--workspace", workspace, "--strict"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("### Validation Result: PASS ✅"))
    }

    /// The example runs on Compose; checked for a swarm it is not ready, and says why, line by
    /// line; the registry's `orchestrator: swarm` means the same without the option.
    @Test func targetSwarmJudgesWhatStackDeployWouldDo() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        func rules(_ arguments: [String]) async throws -> (Int32, Set<String>) {
            let result = try await CLI.run(["validate", "--workspace", workspace, "--format", "json"] + arguments)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            return (result.status, Set((object["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }))
        }
        let (composeStatus, composeRules) = try await rules([])
        #expect(composeStatus == 0)
        #expect(!composeRules.contains { $0.hasPrefix("SWM") })
        let (swarmStatus, swarmRules) = try await rules(["--target", "swarm"])
        #expect(swarmStatus == 1, "SWM008: forge-network is a bridge network")
        #expect(swarmRules.isSuperset(of: ["SWM002", "SWM003", "SWM004", "SWM008"]), "\(swarmRules)")

        let registry = try scratch.read("ax/.dev/infra/registry.yml")
        try scratch.write("ax/.dev/infra/registry.yml", registry.replacingOccurrences(of: "version: 1\n", with: "version: 1\norchestrator: swarm\n"))
        #expect(try await rules([]).1 == swarmRules)
        #expect(try await rules(["--target", "compose"]).1 == composeRules)

        let wrong = try await CLI.run(["validate", "--workspace", workspace, "--target", "kubernetes"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("kubernetes"), "\(wrong.stderr)")
    }

    @Test func findsTheWorkspaceFromASubfolder() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let result = try await CLI.run(["validate", "--format", "json"], in: workspace + "/apps/prism")
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["tool"] as? String == "infractl")
        #expect(object?["command"] as? String == "validate")
        #expect(object?["result"] as? String == "pass")
        #expect((object?["workspace"] as? String)?.hasSuffix("/ax") == true)
    }

    @Test func reportsFindingsWithExitOne() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let file = "apps/prism/docker-compose.dev.yml"
        let text = try scratch.read("ax/" + file)
        try scratch.write("ax/" + file, text.replacingOccurrences(of: "\"6001:3000\"", with: "\"6000:3000\""))
        let result = try await CLI.run(["validate", "--workspace", workspace, "--format", "json"])
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        let conflict = findings.first { $0["rule"] as? String == "PORT001" }
        #expect(conflict?["file"] as? String == file)
        #expect(conflict?["line"] as? Int == 47)
        #expect(conflict?["message"] as? String == "Port 6000 already allocated to prism-backend")
    }

    /// The runbooks' snippet puts FORGE's services into an app's depends_on: Compose refuses
    /// the file, validate explains it (DEP005) and goes on with everything else.
    @Test func dependsOnAnotherProjectIsAFindingNotARefusal() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let file = "apps/prism/docker-compose.dev.yml"
        let text = try scratch.read("ax/" + file)
        try scratch.write("ax/" + file, text.replacingOccurrences(
            of: "    ports:\n      - \"6000:8000\"", with: "    depends_on: [forge-postgres, forge-redis, prism-workr]\n    ports:\n      - \"6000:8000\""))
        let result = try await CLI.run(["validate", "--workspace", workspace, "--format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        #expect(findings.compactMap { $0["rule"] as? String } == ["DEP005", "DEP005", "DEP001"])
        #expect(findings.first?["message"] as? String
            == "Service prism-backend depends on forge-postgres of project forge; Compose cannot wait across projects")
        #expect(findings.last?["message"] as? String == "Service prism-backend depends on prism-workr which is not defined.")
        let explained = try await CLI.run(["rules", "DEP005"])
        #expect(explained.status == 0)
        #expect(explained.stdout.contains("Compose cannot wait across projects"))
        #expect(explained.stdout.contains("Triggering examples"))
    }

    @Test func everyFormatRenders() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        for format in ["text", "markdown", "json", "sarif", "github"] {
            let result = try await CLI.run(["validate", "--workspace", workspace, "--format", format])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(!result.stdout.contains("\u{1B}["), "\(format) output has colour codes without a terminal")
        }
    }

    /// Malformed input: exit 2, one message naming file, line and problem, nothing on stdout.
    @Test(arguments: [
        ("version: 1\napps: {\n", ".dev/infra/registry.yml:3", "invalid YAML"),
        ("version: 7\n", ".dev/infra/registry.yml:1:10", "unsupported registry version 7"),
        ("version: 1\napps: [a, b]\n", ".dev/infra/registry.yml:2:7", "apps must be a mapping, found a list"),
        ("version: 1\napps: { a: { ports: 1000-1999 } }\nservices:\n  a:\n    dev:\n      - { name: x, type: api, compose_file: ../../etc/passwd }\n",
         ".dev/infra/registry.yml:6", "leaves the workspace"),
    ] as [(String, String, String)])
    func malformedRegistryExitsTwo(registry: String, place: String, message: String) async throws {
        let scratch = try Scratch()
        try scratch.write(".dev/infra/registry.yml", registry)
        let result = try await CLI.run(["validate", "--workspace", scratch.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(place), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aliasBombIsRefusedQuickly() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        var bomb = "x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            bomb += "x-a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
        }
        let file = "apps/prism/docker-compose.dev.yml"
        try scratch.write("ax/" + file, try scratch.read("ax/" + file) + "\n" + bomb)
        // Expanding the document would take minutes and gigabytes: the budget error says it
        // was refused before (how fast is for benchmarks, not for a loaded test run).
        let result = try await CLI.run(["validate", "--workspace", workspace])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(file + ":"), "\(result.stderr)")
        #expect(result.stderr.contains("expands past"))
    }

    @Test func composeSyntaxErrorNamesFileAndLine() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let file = "apps/prism/docker-compose.dev.yml"
        try scratch.write("ax/" + file, try scratch.read("ax/" + file).replacingOccurrences(of: "    ports:\n      - \"6000:8000\"", with: "    ports: [\"6000:8000\"\n"))
        let result = try await CLI.run(["validate", "--workspace", workspace])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(file + ":"), "\(result.stderr)")
    }

    @Test func proposedComposeFileTakingAnAllocatedPortFails() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        try scratch.write("ax/apps/prism/docker-compose.reports.yml", """
            name: prism-reports
            services:
              prism-reports:
                image: axiom/prism-reports:dev
                container_name: prism-reports
                ports:
                  - "6000:8080"
            """)
        let result = try await CLI.run(["validate", "--workspace", workspace, "--format", "json", workspace + "/apps/prism/docker-compose.reports.yml"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("Port 6000 already allocated to prism-backend"))
    }

    @Test func usageErrorsExitTwo() async throws {
        #expect(try await CLI.run(["validate", "--no-such-flag"]).status == 2)
        #expect(try await CLI.run(["validate", "--format", "yaml"]).status == 2)
        #expect(try await CLI.run(["no-such-command"]).status == 2)
        let outside = try await CLI.run(["validate", "--workspace", "/nonexistent-\(UUID())"])
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("no workspace found"))
    }
}
