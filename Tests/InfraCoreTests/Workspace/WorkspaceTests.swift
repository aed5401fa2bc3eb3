import Foundation
import InfraCore
import Testing

@Suite("Workspace")
struct WorkspaceTests {
    @Test(arguments: [
        ("a/b.yml", "a/b.yml"), ("./a/./b.yml", "a/b.yml"), ("a/../b.yml", "b.yml"),
        ("../b.yml", nil), ("a/../../b.yml", nil), ("/etc/passwd", nil), ("~/x", nil),
    ] as [(String, String?)])
    func normalizesPathsInsideTheRoot(path: String, expected: String?) {
        #expect(WorkspacePath.normalize(path) == expected)
    }

    @Test func findsTheRegistryUpwardAndHonoursAnExplicitRoot() throws {
        let root = try TemporaryDirectory()
        try root.write(".dev/infra/registry.yml", "version: 1\n")
        try root.write("apps/x/deep/file.txt", "")
        let found = try Workspace.locate(from: root.path + "/apps/x/deep")
        #expect(found.root == root.resolvedPath)
        #expect(found.registryPath == ".dev/infra/registry.yml")
        let explicit = try Workspace.locate(from: "/", explicitRoot: root.path)
        #expect(explicit.root == root.path)
        #expect(throws: WorkspaceError.self) { try Workspace.locate(from: "/") }
    }

    @Test func refusesLinksThatLeaveTheWorkspace() throws {
        let root = try TemporaryDirectory()
        try root.write(".dev/infra/registry.yml", "version: 1\n")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/escape.yml", withDestinationPath: "/etc/hostname")
        let workspace = try Workspace.locate(explicitRoot: root.path)
        #expect(throws: InputError.self) { try workspace.read("escape.yml", referencedAt: nil) }
        #expect(throws: InputError.self) { try workspace.read("../outside.yml", referencedAt: nil) }
    }

    @Test func readsFilesWholeThroughLinksInsideTheRootAndNothingForFoldersOrMissingFiles() throws {
        let root = try TemporaryDirectory()
        // Larger than one read's worth of any buffer the reader might pick, and not a multiple of it.
        let large = String(repeating: "key: välue # ünïcode\n", count: 9_000) + "end: true\n"
        try root.write("apps/big.yml", large)
        try root.write("apps/empty.yml", "")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/link.yml", withDestinationPath: "apps/big.yml")
        let files = DiskFileSource(root: root.path)
        #expect(try files.text(of: "apps/big.yml") == large)
        #expect(try files.text(of: "link.yml") == large)
        #expect(try files.text(of: "./apps/../apps/big.yml") == large)
        #expect(try files.text(of: "apps/empty.yml") == "")
        #expect(try files.text(of: "apps") == nil)
        #expect(try files.text(of: "apps/missing.yml") == nil)
        #expect(try files.text(of: "missing/dir/file.yml") == nil)
    }

    @Test func refusesAFileThatIsNotUTF8AtItsFirstInvalidByte() throws {
        let root = try TemporaryDirectory()
        try root.write("bad.yml", "")
        try Data("a: 1\nb: \u{e9}t\u{e9}\n".utf8.prefix(8) + [0xFF] + Data("\n".utf8)).write(to: URL(fileURLWithPath: root.path + "/bad.yml"))
        #expect {
            try DiskFileSource(root: root.path).text(of: "bad.yml")
        } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.file == "bad.yml" && error.line == 2 && error.column == 4 && error.message.contains("0xFF")
        }
    }
}

/// A folder under the system's temporary directory, removed when the value is released.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("infractl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path with symbolic links resolved (e.g. /tmp on some systems).
    var resolvedPath: String { URL(fileURLWithPath: path).resolvingSymlinksInPath().path }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
