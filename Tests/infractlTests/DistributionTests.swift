import Foundation
import TestSupport
import Testing

/// infractl as a team installs it: the pre-commit hook this repository publishes, the binary
/// scripts/install.sh installs (no Swift toolchain needed), and the image FROM scratch.
@Suite("Distribution: pre-commit, installed binary, image")
struct DistributionTests {
    /// The package's root folder (this file is Tests/infractlTests/DistributionTests.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// Where scripts/build-image.sh (run by .ci/run) installs infractl before building the image.
    static let imageRoot = packageRoot + "/.build/image"
    static let installed = imageRoot + "/usr/local/bin/infractl"

    /// `command…` through /usr/bin/env, so PATH finds it.
    @discardableResult
    static func run(
        _ command: [String], in directory: String? = nil, environment: [String: String] = [:], standardInput: String? = nil
    ) async throws -> AsyncProcess.Result {
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        return try await AsyncProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), command, environment: merged, directory: directory, standardInput: standardInput)
    }

    static func succeed(_ command: [String], in directory: String? = nil, environment: [String: String] = [:]) async throws {
        let result = try await run(command, in: directory, environment: environment)
        try #require(result.status == 0, "\(command.joined(separator: " ")): \(result.stdout)\(result.stderr)")
    }

    @Test(.requires(.preCommit)) func preCommitRefusesACommitThatAddsAPortConflict() async throws {
        try Prerequisite.preCommit.require()
        let scratch = try Scratch()
        let git = ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"]
        // This repository's hook definitions, as a hooks repository pre-commit clones by path.
        let hooks = scratch.path + "/hooks"
        try scratch.write("hooks/.pre-commit-hooks.yaml", try String(contentsOfFile: Self.packageRoot + "/.pre-commit-hooks.yaml", encoding: .utf8))
        try await Self.succeed(["git", "init", "-q", hooks])
        try await Self.succeed(["git", "add", "-A"], in: hooks)
        try await Self.succeed(["git", "commit", "-q", "-m", "hooks"], in: hooks, environment: git)
        let rev = try await Self.run(["git", "rev-parse", "HEAD"], in: hooks).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let platform = try await scratch.axiom("platform")
        try scratch.write("platform/.pre-commit-config.yaml", """
            repos:
              - repo: \(hooks)
                rev: \(rev)
                hooks:
                  - id: infractl-validate

            """)
        // The infractl under test first on PATH, pre-commit's cache inside the scratch folder.
        let environment = git.merging([
            "PATH": CLI.executable.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "PRE_COMMIT_HOME": scratch.path + "/pre-commit-cache", "NO_COLOR": "1",
        ]) { $1 }
        try await Self.succeed(["git", "init", "-q", platform])
        try await Self.succeed(["pre-commit", "install"], in: platform, environment: environment)
        try await Self.succeed(["git", "add", "-A"], in: platform)
        try await Self.succeed(["git", "commit", "-q", "-m", "the example platform"], in: platform, environment: environment)

        let file = "platform/apps/prism/docker-compose.dev.yml"
        try scratch.write(file, try scratch.read(file).replacingOccurrences(of: "\"6001:3000\"", with: "\"6000:3000\""))
        try await Self.succeed(["git", "add", "-A"], in: platform)
        let refused = try await Self.run(["git", "commit", "-m", "prism-frontend on 6000"], in: platform, environment: environment)
        #expect(refused.status != 0, "the commit went through: \(refused.stdout)\(refused.stderr)")
        let output = refused.stdout + refused.stderr
        #expect(output.contains("infractl validate"), "\(output)")
        #expect(output.contains("error[PORT001]: Port 6000 already allocated to prism-backend"), "\(output)")
        let commits = try await Self.run(["git", "rev-list", "--count", "HEAD"], in: platform)
        #expect(commits.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")

        // The port put back, the hook lets the commit through.
        try scratch.write(file, try scratch.read(file).replacingOccurrences(of: "\"6000:3000\"", with: "\"6001:3000\"") + "# reviewed\n")
        try await Self.succeed(["git", "add", "-A"], in: platform)
        let accepted = try await Self.run(["git", "commit", "-m", "a comment"], in: platform, environment: environment)
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
    }

    @Test(.requires(.file(installed, what: "infractl installed by scripts/build-image.sh")))
    func theInstalledBinaryRunsWithoutTheSwiftToolchain() async throws {
        try Prerequisite.file(Self.installed, what: "infractl installed by scripts/build-image.sh").require()
        let libraries = try await Self.run(["ldd", Self.installed]).stdout
        #expect(!libraries.contains("libswift"), "\(libraries)")
        #expect(!libraries.contains("libFoundation"), "\(libraries)")
        #expect(!libraries.contains("/opt/swift"), "\(libraries)")
        // Only the MCP server links FoundationNetworking, and with it libcurl and the libraries behind it.
        #expect(!libraries.contains("libcurl"), "\(libraries)")
        let scratch = try Scratch()
        let bare = ["env", "-i", "PATH=/usr/bin:/bin", Self.installed]
        let version = try await Self.run(bare + ["--version"])
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stdout.hasPrefix("infractl 0.1.0 (commit "))
        try await Self.succeed(bare + ["init", "--example", "axiom", "ax"], in: scratch.path)
        let validate = try await Self.run(bare + ["validate", "--workspace", scratch.path + "/ax"])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(validate.stdout.contains("### Validation Result: PASS ✅"))
        // `infractl mcp` becomes the infractl-mcp installed beside it, which answers a session.
        try scratch.write("requests.jsonl", [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"check_port","arguments":{"port":4000}}}"#,
        ].joined(separator: "\n") + "\n")
        let session = try await Self.run(
            bare + ["mcp", "--workspace", scratch.path + "/ax"], standardInput: scratch.path + "/requests.jsonl")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stdout.contains(#""serverInfo""#), "\(session.stdout)")
        #expect(session.stdout.contains("synapse-backend"), "check_port answers: \(session.stdout)")
        for file in [
            "share/man/man1/infractl.1", "share/bash-completion/completions/infractl", "share/zsh/site-functions/_infractl",
            "share/fish/vendor_completions.d/infractl.fish",
        ] {
            #expect(FileManager.default.fileExists(atPath: Self.imageRoot + "/usr/local/" + file), "\(file) not installed")
        }
        let page = try String(contentsOfFile: Self.imageRoot + "/usr/local/share/man/man1/infractl.1", encoding: .utf8)
        #expect(page.contains("baseline"))
    }

    @Test(
        .requires(.dockerEngine), .requires(.file(installed, what: "infractl installed by scripts/build-image.sh")))
    func theImageFromScratchValidatesTheExampleAndReachesTheEngineThroughTheSocket() async throws {
        try Prerequisite.dockerEngine.require()
        try Prerequisite.file(Self.installed, what: "infractl installed by scripts/build-image.sh").require()
        let tag = "infractl-test-image:\(UUID().uuidString.prefix(8).lowercased())"
        try await Self.succeed(["docker", "build", "-q", "-t", tag, Self.packageRoot])
        defer { _ = try? AsyncProcess.runBlocking(URL(fileURLWithPath: "/usr/bin/env"), ["docker", "image", "rm", "-f", tag]) }
        let history = try await Self.run(["docker", "image", "inspect", "--format", "{{len .RootFS.Layers}}", tag])
        #expect(history.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "one layer: FROM scratch and the staged files")

        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let validate = try await Self.run(["docker", "run", "--rm", "-v", "\(workspace):/w", "-w", "/w", tag, "validate", "--format", "markdown"])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(validate.stdout.contains("### Validation Result: PASS ✅"))

        let doctor = try await Self.run([
            "docker", "run", "--rm", "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", "\(workspace):/w", "-w", "/w", tag,
            "doctor", "--format", "json",
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any], "\(doctor.stderr)")
        let checks = object["checks"] as? [[String: Any]] ?? []
        let engine = checks.first { $0["name"] as? String == "engine" }
        #expect(engine?["found"] as? Bool == true, "\(checks)")
    }
}
