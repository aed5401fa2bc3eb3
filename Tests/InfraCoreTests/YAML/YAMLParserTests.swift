import Foundation
import InfraCore
import Testing

@Suite("YAML parser")
struct YAMLParserTests {
    func parse(_ text: String) throws -> YAMLNode {
        try #require(try YAMLParser.parse(text, file: "f.yml"))
    }

    @Test func locatesEveryNodeWithItsKeyPath() throws {
        let root = try parse("services:\n  web:\n    ports:\n      - \"8080:80\"\n")
        let port = try #require(root["services"]?["web"]?["ports"]?.items?.first)
        #expect(port.location.line == 4)
        #expect(port.location.column == 9)
        #expect(port.location.keyPath == "services.web.ports[0]")
        #expect(port.scalar?.style == .doubleQuoted)
        #expect(port.string == "8080:80")
    }

    @Test func spellsKeyPathsOfAliasesMergedKeysListsAndEmptyKeys() throws {
        let root = try parse("""
            base: &base
              image: web
              ports: [80, 81]
            svc:
              <<: *base
              copy: *base
            list:
              - - inner
            "": { x: 1 }
            """)
        #expect(root["base"]?["ports"]?.items?[1].location.keyPath == "base.ports[1]")
        #expect(root["svc"]?["image"]?.location.keyPath == "svc.image")
        #expect(root["svc"]?["copy"]?["ports"]?.items?[0].location.keyPath == "svc.copy.ports[0]")
        #expect(root["list"]?.items?[0].items?[0].location.keyPath == "list[0][0]")
        #expect(root[""]?["x"]?.location.keyPath == "x")
        #expect(root.location.keyPath == "")
    }

    @Test func locationsCompareByTheirSpeltPathWhateverHoldsIt() throws {
        let root = try parse("services:\n  web:\n    image: a\n")
        let read = try #require(root["services"]?["web"]?["image"]?.location)
        let written = InfraCore.SourceLocation(file: "f.yml", line: 3, column: 12, keyPath: "services.web.image")
        #expect(read == written)
        #expect(read.hashValue == written.hashValue)
        #expect(Set([read, written]).count == 1)
        #expect(read != InfraCore.SourceLocation(file: "f.yml", line: 3, column: 12, keyPath: "services.web"))
        #expect(read != InfraCore.SourceLocation(file: "f.yml", line: 3, column: 12))
        let decoded = try JSONDecoder().decode(InfraCore.SourceLocation.self, from: JSONEncoder().encode(read))
        #expect(decoded == read)
        #expect(decoded.keyPath == "services.web.image")
        var renamed = read
        renamed.keyPath = "other"
        #expect(renamed.keyPath == "other")
        #expect(renamed != read)
    }

    @Test func readsScalarsAsYAML12() throws {
        let root = try parse("a: yes\nb: true\nc: 0x1F\nd: ~\ne: '5'\nf:\ng: \"\"\n")
        #expect(root["a"]?.bool == nil)
        #expect(root["a"]?.string == "yes")
        #expect(root["b"]?.bool == true)
        #expect(root["c"]?.int == 31)
        #expect(root["d"]?.isNull == true)
        #expect(root["e"]?.int == nil)
        #expect(root["f"]?.isNull == true)
        #expect(root["g"]?.isNull == false)
        #expect(root["g"]?.string == "")
    }

    @Test func appliesMergeKeysWithExplicitKeysWinning() throws {
        let root = try parse("""
            x-a: &a { image: a, restart: always }
            x-b: &b { image: b, user: bob }
            web:
              <<: [*a, *b]
              image: mine
            """)
        let web = try #require(root["web"])
        #expect(web["image"]?.string == "mine")
        #expect(web["restart"]?.string == "always")
        #expect(web["user"]?.string == "bob")
        #expect(web.pairs?.count == 3)
    }

    @Test func refusesMergeOfAScalar() {
        #expect(throws: InputError.self) { try YAMLParser.parse("a: &s x\nb:\n  <<: *s\n", file: "f.yml") }
    }

    /// A reader error (found by the fuzzer's neighbour: libyaml gives only a byte offset) is
    /// placed at the line and column of the byte, counting characters, not bytes.
    @Test func aControlCharacterIsPlacedWhereItIs() {
        do {
            _ = try YAMLParser.parse("a: 1\nb: 2\nc: \"é\u{01}\"\n", file: "f.yml")
            Issue.record("control character accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 6)
            #expect(error.message.contains("control characters are not allowed (byte 0x01)"), "\(error.message)")
        }
    }

    @Test func reportsTheDuplicateKeyWhereItIsWrittenAgain() {
        do {
            _ = try YAMLParser.parse("services:\n  web:\n    image: a\n  db:\n    image: b\n  web:\n    image: c\n", file: "f.yml")
            Issue.record("duplicate key accepted")
        } catch {
            #expect(error.line == 6)
            #expect(error.message == "duplicate key 'web'")
        }
    }

    @Test func comparesKeysByTextAndResolvedTag() {
        do {
            _ = try YAMLParser.parse("{a: 1, \"a\": 2}\n", file: "f.yml")
            Issue.record("duplicate key accepted")
        } catch {
            #expect(error.line == 1)
            #expect(error.column == 8)
            #expect(error.message == "duplicate key 'a'")
        }
        #expect((try? YAMLParser.parse("{a: 1, !x a: 2}\n", file: "f.yml")) != nil)
    }

    @Test func keysAreNeverNull() throws {
        let root = try parse("null: 1\n~: 2\n")
        #expect(root.pairs?.map { $0.key.string } == ["null", "~"])
    }

    @Test func aliasesKeepTheAnchorsMarksUnderTheirOwnKeyPath() throws {
        let root = try parse("x: &d { image: a }\nweb:\n  <<: *d\n  svc: *d\n")
        let image = try #require(root["web"]?["image"])
        #expect(image.location.line == 1)
        #expect(image.location.keyPath == "web.image")
        #expect(root["web"]?["svc"]?["image"]?.location.keyPath == "web.svc.image")
    }

    @Test func syntaxErrorsComeBeforeTheAliasBudget() {
        let bomb = "a: &x [1,2,3,4,5,6,7,8,9,10]\nb: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x,*x]\nc: [*y,*y,*y,*y,*y,*y,*y,*y,*y,*y]\n"
        do {
            _ = try YAMLParser.parse(bomb + "d: [1\n", file: "f.yml", nodeBudget: 100)
            Issue.record("accepted")
        } catch {
            #expect(error.message.hasPrefix("invalid YAML"))
        }
    }

    @Test func refusesASecondDocument() {
        #expect(throws: InputError.self) { try YAMLParser.parse("a: 1\n---\nb: 2\n", file: "f.yml") }
        #expect(throws: InputError.self) { try YAMLParser.parse("a: *missing\n", file: "f.yml") }
    }

    @Test func reportsSyntaxErrorsOnOneLine() {
        do {
            _ = try YAMLParser.parse("a: [1, 2\nb: 3\n", file: "f.yml")
            Issue.record("syntax error accepted")
        } catch {
            #expect(error.file == "f.yml")
            #expect(error.line != nil)
            #expect(!error.message.contains("\n"))
            #expect(error.message.hasPrefix("invalid YAML"))
        }
    }

    @Test func expandsAliasesWithinTheBudget() throws {
        let root = try parse("a: &x [1, 2]\nb: *x\n")
        #expect(root["b"]?.items?.count == 2)
        #expect(throws: InputError.self) {
            try YAMLParser.parse(
                "a: &x [1,2,3,4,5,6,7,8,9,10]\nb: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x,*x]\nc: [*y,*y,*y,*y,*y,*y,*y,*y,*y,*y]\n",
                file: "f.yml", nodeBudget: 100)
        }
    }

    @Test func largeDocumentsWithoutAliasesAreFine() throws {
        let text = (0..<60_000).map { "k\($0): [a, b]" }.joined(separator: "\n")
        #expect(try parse(text).pairs?.count == 60_000)
    }

    @Test func emptyDocumentIsNil() throws {
        #expect(try YAMLParser.parse("", file: "f.yml") == nil)
        #expect(try YAMLParser.parse("# only a comment\n", file: "f.yml") == nil)
    }
}
