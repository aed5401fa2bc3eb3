import Foundation
import Testing

/// Something a test needs from the machine, probed once when a test first asks. Outside CI a
/// test that needs a missing one is skipped with the reason (`.requires(_:)`); in CI
/// (`CI=true`) it runs anyway, and `require()` fails it.
public enum Prerequisite: Sendable {
    /// A Docker engine answering `docker info`, and the test image `scripts/test-env.sh` builds.
    case dockerEngine
    /// Docker Compose v2 (`docker compose version`).
    case dockerCompose
    /// The official Python MCP client (`python3 -c 'import mcp'`).
    case mcpClient
    /// PostgreSQL, Redis and OpenSSL from the host's Debian packages, for the real-server tests.
    case serverBinaries
    /// `mkcert` and `openssl` on PATH.
    case certificateTools
    /// `pre-commit` (PyPI) and `git` on PATH.
    case preCommit
    /// A file or folder, described for the skip message (`the Compose corpus`).
    case file(String, what: String)

    /// Whether this run is CI's, where nothing may be skipped.
    public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The image the engine tests run their containers from.
    public static let testImage = "infractl-test/busybox:latest"

    /// What is needed, for the skip reason and the CI failure.
    public var needs: String {
        switch self {
        case .dockerEngine: "a Docker engine and the image \(Self.testImage)"
        case .dockerCompose: "Docker Compose v2 (`docker compose`)"
        case .mcpClient: "the Python package mcp"
        case .serverBinaries: "the postgresql, redis-server and openssl Debian packages"
        case .certificateTools: "mkcert and openssl on PATH"
        case .preCommit: "pre-commit (pip install pre-commit) and git on PATH"
        case .file(let path, let what): "\(what) at \(path)"
        }
    }

    /// Whether the machine has it.
    public var isAvailable: Bool {
        switch self {
        case .dockerEngine: Probe.dockerEngine
        case .dockerCompose: Probe.dockerCompose
        case .mcpClient: Probe.mcpClient
        case .serverBinaries: Probe.postgresBinaries != nil && Probe.redisAndOpenSSL
        case .certificateTools: Probe.executable("mkcert") != nil && Probe.executable("openssl") != nil
        case .preCommit: Probe.executable("pre-commit") != nil && Probe.executable("git") != nil
        case .file(let path, _): FileManager.default.fileExists(atPath: path)
        }
    }

    /// Whether a test that needs it runs: when the machine has it, and always in CI.
    public var runs: Bool { Self.isCI || isAvailable }

    /// Fails the test when it is missing (which a skipped test never sees, so only in CI).
    public func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(isAvailable, "CI needs \(needs) (scripts/test-env.sh installs it)", sourceLocation: sourceLocation)
    }

    /// Whether a Docker engine answers `docker info`, with or without the test image.
    public static var engineAnswers: Bool { Probe.engineAnswers }

    /// The newest PostgreSQL's binary folder, `/usr/lib/postgresql/<version>/bin`.
    public static var postgresBinaries: String? { Probe.postgresBinaries }

    /// The executable `name` on PATH.
    public static func executable(_ name: String) -> String? { Probe.executable(name) }
}

extension Trait where Self == ConditionTrait {
    /// Skips the test, saying what is missing, unless the machine has `prerequisite` or this is CI.
    public static func requires(_ prerequisite: Prerequisite, sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        .enabled(if: prerequisite.runs, Comment(rawValue: "needs \(prerequisite.needs)"), sourceLocation: sourceLocation)
    }
}

/// The probes, each run once (a `static let` is initialised on first use).
private enum Probe {
    static let engineAnswers = succeeds(["docker", "info", "--format", "{{.ServerVersion}}"])
    static let dockerEngine = engineAnswers
        && succeeds(["docker", "image", "inspect", "--format", "{{.Id}}", Prerequisite.testImage])
    static let dockerCompose = succeeds(["docker", "compose", "version"])
    static let mcpClient = succeeds(["python3", "-c", "import mcp"])
    static let redisAndOpenSSL = ["/usr/bin/redis-server", "/usr/bin/openssl"].allSatisfy {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let postgresBinaries: String? = {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max(),
              FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/postgres") else { return nil }
        return "/usr/lib/postgresql/\(version)/bin"
    }()

    static func executable(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether the command exits 0 within 30 seconds (a wedged engine must not hang the run).
    static func succeeds(_ command: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "30"] + command
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
