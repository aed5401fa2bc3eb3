import Foundation
import Testing

/// Runs the built `infractl mcp` under the official Python MCP client (`mcp_client.py` beside
/// this file) and returns what each step answered, decoded from the script's JSON.
enum MCPClient {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("mcp_client.py")

    /// One session's answers, one per step. Without the Python package `mcp` the test fails:
    /// tests that drive a session carry `.requires(.mcpClient)`, so outside CI they are skipped.
    static func session(
        _ steps: [[String: Any]], workspace: String, allowWrites: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [[String: Any]] {
        let plan = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        var arguments = [script.path, plan, "--", CLI.executable.path, "mcp", "--workspace", workspace]
        if allowWrites { arguments.append("--allow-writes") }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let result = try await AsyncProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, environment: environment)
        try #require(
            result.status != 3, "CI needs the Python package mcp (scripts/test-env.sh installs it): \(result.stderr)",
            sourceLocation: sourceLocation)
        try #require(result.status == 0, "mcp_client.py failed (\(result.status)): \(result.stderr)", sourceLocation: sourceLocation)
        let output = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        #expect(output["server"] as? String == "infractl", sourceLocation: sourceLocation)
        let answers = try #require(output["results"] as? [[String: Any]], sourceLocation: sourceLocation)
        try #require(answers.count == steps.count, sourceLocation: sourceLocation)
        return answers
    }

    static func call(_ tool: String, _ arguments: [String: Any] = [:]) -> [String: Any] {
        ["op": "call", "tool": tool, "arguments": arguments]
    }

    static var listTools: [String: Any] { ["op": "list_tools"] }
}

/// A tool's answer: the JSON report (first text), the Markdown summary (second), or the error.
struct ToolAnswer {
    var isError: Bool
    var texts: [String]
    var structured: [String: Any]?

    init(_ answer: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(answer["error"] == nil, "request failed: \(answer["error"] ?? "")", sourceLocation: sourceLocation)
        isError = try #require(answer["is_error"] as? Bool, sourceLocation: sourceLocation)
        texts = try #require(answer["texts"] as? [String], sourceLocation: sourceLocation)
        structured = answer["structured"] as? [String: Any]
    }

    /// The report, checked to be a successful answer with JSON and Markdown.
    func report(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(!isError, "tool error: \(texts.joined(separator: "\n"))", sourceLocation: sourceLocation)
        try #require(texts.count == 2, sourceLocation: sourceLocation)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(texts[0].utf8)) as? [String: Any], sourceLocation: sourceLocation)
        #expect(object["tool"] as? String == "infractl", sourceLocation: sourceLocation)
        let canonical = { (value: [String: Any]) in
            String(decoding: (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        }
        #expect(canonical(object) == canonical(structured ?? [:]), "structured content differs from the JSON text", sourceLocation: sourceLocation)
        return object
    }

    var json: String { texts.first ?? "" }
    var markdown: String { texts.count > 1 ? texts[1] : "" }
    var errorText: String { isError ? texts.joined(separator: "\n") : "" }
}
