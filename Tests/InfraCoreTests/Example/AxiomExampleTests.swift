import Foundation
@testable import InfraCore
import Testing

@Suite("AXIOM example")
struct AxiomExampleTests {
    /// `Examples/axiom` in the repository: the source the embedded copy is generated from.
    static let sourceFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/axiom")

    @Test func embeddedCopyMatchesTheSourceFolder() throws {
        let enumerator = try #require(FileManager.default.enumerator(at: Self.sourceFolder, includingPropertiesForKeys: [.isRegularFileKey]))
        var onDisk: [String: String] = [:]
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(url.path.dropFirst(Self.sourceFolder.path.count + 1))
            onDisk[relative] = try String(contentsOf: url, encoding: .utf8)
        }
        let embedded = Dictionary(uniqueKeysWithValues: AxiomExample.files.map { ($0.path, $0.contents) })
        #expect(embedded.keys.sorted() == onDisk.keys.sorted(), "run scripts/embed-example.py")
        for (path, contents) in onDisk {
            #expect(embedded[path] == contents, "\(path) differs; run scripts/embed-example.py")
        }
    }

    @Test func writesEveryFileAndRefusesToOverwrite() throws {
        let folder = try TemporaryDirectory()
        let written = try AxiomExample.write(to: folder.path + "/ax")
        #expect(written.count == AxiomExample.files.count)
        #expect(written.contains(".dev/infra/registry.yml"))
        #expect(throws: AxiomExample.InitError.self) { try AxiomExample.write(to: folder.path + "/ax") }
    }
}
