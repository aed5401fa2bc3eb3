import Foundation
@testable import InfraCore
import Testing

/// Bytes that are not UTF-8 are refused at the first invalid byte's line and column (issue 23:
/// such refusals were the only ones without a line).
@Suite("UTF-8 text")
struct UTF8TextTests {
    @Test func validTextIsDecoded() throws {
        #expect(try UTF8Text.decode(Array("name: café\n".utf8), file: "a.yml") == "name: café\n")
        #expect(try UTF8Text.decode([], file: "a.yml") == "")
    }

    @Test(arguments: [
        // A Latin-1 é on line 2, after "  name: caf" (10 characters).
        (Array("version: 1\n  name: caf".utf8) + [0xE9, 0x0A], 2, 12),
        // A multi-byte character before it counts as one column.
        (Array("é".utf8) + [0xFF], 1, 2),
        // A truncated sequence at the end.
        (Array("a\nb\n".utf8) + [0xE2, 0x82], 3, 1),
        // A lone continuation byte first.
        ([0x80], 1, 1),
    ]) func invalidBytesAreLocated(_ bytes: [UInt8], line: Int, column: Int) {
        #expect(throws: InputError.self) { try UTF8Text.decode(bytes, file: "x.yml") }
        do {
            _ = try UTF8Text.decode(bytes, file: "x.yml")
        } catch {
            #expect(error.file == "x.yml" && error.line == line && error.column == column, "\(error.description)")
            #expect(error.message.contains("is not UTF-8 text"))
        }
    }

    /// Through the workspace, the registry's refusal names its own line, not the reference's.
    @Test func aRegistryThatIsNotUTF8IsRefusedAtTheByte() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("utf8-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/.dev/infra", withIntermediateDirectories: true)
        try Data(Array("version: 1\nplatform: x\n# caf".utf8) + [0xE9] + Array("\n".utf8))
            .write(to: URL(fileURLWithPath: root + "/.dev/infra/registry.yml"))
        do {
            _ = try RegistryLoader(workspace: Workspace(root: root, files: DiskFileSource(root: root))).load()
            Issue.record("loaded a registry that is not UTF-8")
        } catch {
            #expect(error.errors.map(\.description) == [
                ".dev/infra/registry.yml:3:6: error: .dev/infra/registry.yml is not UTF-8 text: byte 0xE9 here begins no valid UTF-8 character",
            ])
        }
    }
}
