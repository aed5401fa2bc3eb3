import Foundation
@testable import InfraCore
import Testing

/// Which mapping keys compose-go reads as strings: the quick answer from a key's first letter
/// agrees with the whole test (null, boolean, integer, any number `Double` reads).
@Suite("Compose string keys")
struct StringKeyTests {
    @Test(arguments: [
        "web", "_x", "Web", "image", "null", "Null", "NULL", "nul", "~", "true", "True", "tRUE", "false", "FALSE", "fals",
        "1", "1.5", "-1", "+3", ".5", "inf", "info", "infinity", "Infinity", "nan", "NaN", "nano", "0x10", "n", "t", "f", "i",
        "\"1\"", "'null'", "\"true\"", "!!str 12", "é", "[a]", "{a: 1}",
    ])
    func quickAnswerAgreesWithTheWholeTest(written: String) throws {
        let document = try #require(try YAMLParser.parse("\(written): value\n", file: "k.yml"))
        let key = try #require(document.pairs?.first?.key)
        let whole: Bool = {
            guard let scalar = key.scalar else { return false }
            return !(key.isNull || key.bool != nil || key.int != nil
                || (scalar.style == .plain && ComposeDocumentLoader.mayBeNumber(scalar.string) && Double(scalar.string) != nil))
        }()
        #expect(ComposeDocumentLoader.isStringKey(key) == whole)
    }

    @Test func wordsAreStringsAndNumbersAreNot() throws {
        let document = try #require(try YAMLParser.parse("web: 1\n123: 2\ntrue: 3\n\"124\": 4\n", file: "k.yml"))
        #expect(document.pairs?.map { ComposeDocumentLoader.isStringKey($0.key) } == [true, false, false, true])
    }
}
