import Foundation
import TestSupport
import Testing

/// What a team needs to adopt infractl: a baseline, the version and commit, doctor, and shell
/// completions that know the workspace's names.
@Suite("Adoption: baseline, version, doctor, completions")
struct AdoptionCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func baselineAcceptsTodaysFindingsAndNoBaselineShowsThemAgain() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let file = "ax/apps/prism/docker-compose.dev.yml"
        try scratch.write(file, try scratch.read(file).replacingOccurrences(of: "\"6001:3000\"", with: "\"6000:3000\""))
        #expect(try await CLI.run(["validate", "--workspace", workspace]).status == 1)

        let written = try await CLI.run(["baseline", "--workspace", workspace, "--format", "json"])
        #expect(written.status == 0, "\(written.stderr)")
        let entries = try Self.json(written.stdout)["entries"] as? Int ?? 0
        #expect(entries > 0)
        let stored = try Self.json(try scratch.read("ax/.dev/infra/infractl-baseline.json"))
        #expect((stored["entries"] as? [[String: Any]])?.first?["fingerprint"] is String)

        let filtered = try await CLI.run(["validate", "--workspace", workspace, "--format", "text"])
        #expect(filtered.status == 0, "\(filtered.stdout)")
        #expect(filtered.stdout.contains("No new problems found ("), "\(filtered.stdout)")
        #expect(filtered.stdout.contains("hidden by the baseline"))
        let json = try Self.json(try await CLI.run(["validate", "--workspace", workspace, "--format", "json"]).stdout)
        #expect((json["baseline"] as? [String: Any])?["file"] as? String == ".dev/infra/infractl-baseline.json")

        let all = try await CLI.run(["validate", "--workspace", workspace, "--no-baseline"])
        #expect(all.status == 1)
        let other = try await CLI.run(["validate", "--workspace", workspace, "--baseline", scratch.path + "/none.json"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("none.json"))
    }

    @Test func versionNamesTheCommitItWasBuiltFrom() async throws {
        let line = try await CLI.run(["--version"])
        #expect(line.status == 0)
        #expect(line.stdout.hasPrefix("infractl 0.1.0 (commit "), "\(line.stdout)")
        #expect(try await CLI.run(["version"]).stdout == line.stdout)
        let object = try Self.json(try await CLI.run(["version", "--format", "json"]).stdout)
        #expect(object["version"] as? String == "0.1.0")
        // CI builds with INFRACTL_COMMIT set (.ci/run): the binary must carry it.
        if let commit = ProcessInfo.processInfo.environment["INFRACTL_COMMIT"], !commit.isEmpty {
            #expect(object["commit"] as? String == commit)
            #expect(line.stdout.contains(String(commit.prefix(12))))
        }
    }

    @Test func doctorNamesWhatIsMissingWithTheFix() async throws {
        let scratch = try Scratch()
        let noEngine = ["DOCKER_HOST": "unix://\(scratch.path)/no-docker.sock", "PATH": "/nonexistent"]
        let result = try await CLI.run(["doctor", "--format", "json"], in: scratch.path, environment: noEngine)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        let checks = try #require(try Self.json(result.stdout)["checks"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: checks.map { ($0["name"] as? String ?? "", $0) })
        #expect(checks.map { $0["name"] as? String } == ["workspace", "engine", "compose", "host ports"])
        #expect(byName["workspace"]?["found"] as? Bool == false)
        #expect((byName["workspace"]?["fix"] as? String)?.contains("infractl init --example axiom") == true)
        #expect(byName["engine"]?["found"] as? Bool == false)
        #expect((byName["engine"]?["detail"] as? String)?.contains("no-docker.sock") == true)
        #expect((byName["engine"]?["fix"] as? String)?.contains("DOCKER_HOST") == true)
        #expect(byName["compose"]?["found"] as? Bool == false)

        let workspace = try await scratch.axiom()
        let text = try await CLI.run(["doctor", "--workspace", workspace, "--format", "text"], environment: noEngine)
        #expect(text.stdout.contains("✔ workspace"))
        #expect(text.stdout.contains("registry"))
        #expect(text.stdout.contains(".dev/infra/registry.yml: version 1, platform AXIOM"), "\(text.stdout)")
        #expect(text.stdout.contains("✖ engine"))
        #expect(text.stdout.contains("fix: start the Docker engine"))
        let markdown = try await CLI.run(["doctor", "--workspace", workspace, "--format", "markdown"], environment: noEngine)
        #expect(!markdown.stdout.contains("no problems"), "a failing doctor is not 'no problems': \(markdown.stdout)")
        #expect(markdown.stdout.contains("**Summary:** no findings; the checks above failed"))
        #expect(markdown.stdout.contains("### Result: FAIL ❌"))
    }

    @Test(.requires(.dockerEngine)) func doctorFindsTheRealEngine() async throws {
        try Prerequisite.dockerEngine.require()
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let result = try await CLI.run(["doctor", "--workspace", workspace, "--format", "json"])
        let checks = try #require(try Self.json(result.stdout)["checks"] as? [[String: Any]])
        let engine = try #require(checks.first { $0["name"] as? String == "engine" })
        #expect(engine["found"] as? Bool == true, "\(engine)")
        #expect((engine["detail"] as? String)?.hasPrefix("Docker ") == true)
        #expect(checks.first { $0["name"] as? String == "host ports" }?["found"] as? Bool == true)
    }

    @Test(arguments: ["bash", "zsh", "fish"]) func completionScriptsAskInfractlForWorkspaceNames(shell: String) async throws {
        let script = try await CLI.run(["--generate-completion-script", shell])
        #expect(script.status == 0)
        #expect(script.stdout.contains("infractl"))
        #expect(script.stdout.contains("---completion logs -- positional@0"), "the service of `logs` completes from the workspace")
    }

    @Test func customCompletionsListServicesAppsAndRules() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let services = try await CLI.run(
            ["---completion", "logs", "--", "positional@0", "3", "6", "logs", "--workspace", workspace, "forge-"], in: scratch.path)
        #expect(services.status == 0, "\(services.stderr)")
        let names = services.stdout.split(separator: "\n").map(String.init)
        #expect(names.contains("forge-postgres"), "\(names)")
        #expect(names.allSatisfy { $0.hasPrefix("forge-") })

        // Found from the current folder, without --workspace.
        let apps = try await CLI.run(["---completion", "up", "--", "positional@0", "1", "0", "up", ""], in: workspace + "/apps")
        #expect(apps.stdout.split(separator: "\n").map(String.init) == ["atlas", "forge", "nexus", "prism", "synapse"], "\(apps.stdout)")

        let rules = try await CLI.run(["---completion", "rules", "--", "positional@0", "1", "4", "rules", "PORT"], in: scratch.path)
        #expect(rules.stdout.split(separator: "\n").contains("PORT001"), "\(rules.stdout)")
    }
}
