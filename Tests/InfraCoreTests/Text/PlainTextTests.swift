@testable import InfraCore
import Foundation
import Testing

@Suite("Plain text searches")
struct PlainTextTests {
    @Test(arguments: [
        ("postgres://db:5432", "://", true), ("postgres:/db", "://", false), ("", "x", false),
        ("abc", "", true), ("aab", "ab", true), ("ab", "abc", false), ("über://x", "://", true),
        ("DATABASE_PASSWORD", "PASSWORD", true), ("PASSWOR", "PASSWORD", false),
        ("aaab", "aab", true), ("abab", "bab", true), ("xyab", "ab", true), ("abx", "abxy", false),
        ("a:b:c://", "://", true), ("ü://", "ü:", true), ("éé", "é", true), ("abc", "c", true),
    ])
    func includesMatchesFoundation(text: String, needle: String, expected: Bool) {
        #expect(text.includes(needle) == expected)
        #expect(text.includes(needle) == (needle.isEmpty || text.contains(needle)))
        if !needle.isEmpty {
            #expect(text.firstRange(ofText: needle) == text.range(of: needle))
            // The same search on a substring, whose indices are the whole string's.
            let padded = "..\(text).."
            let inner = padded.dropFirst(2).dropLast(2)
            #expect(inner.firstRange(ofText: needle).map { String(padded[$0]) } == text.range(of: needle).map { String(text[$0]) })
        }
    }

    @Test func firstRangeIsAnIndexRangeOfTheString() throws {
        let text = "redis://:pw@cache:6379"
        let range = try #require(text.firstRange(ofText: "://"))
        #expect(text[..<range.lowerBound] == "redis")
        #expect(text[range.upperBound...] == ":pw@cache:6379")
        #expect(text.dropFirst(2).firstRange(ofText: "dis").map { text[$0] } == "dis")
    }

    @Test(arguments: [
        "  a b \t", "\u{00A0}x\u{3000}", "", " \t ", "ü ", "a", " ü", "\t x ü ", " \u{2003}a", "a\u{2003} ", " é\u{301} ",
    ])
    func trimmingSpacesMatchesFoundation(text: String) {
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: [
        ("host=db password=x", "PASSWORD=", true), ("Password=x", "password=", true), ("passwor=", "password=", false),
        ("", "password=", false), ("ÜPASSWORD=", "password=", true), ("pAsSwOrD", "password", true),
    ])
    func caseInsensitiveSearchMatchesFoundation(text: String, needle: StaticString, expected: Bool) {
        let found = text.firstRange(ofCaseInsensitiveASCII: needle)
        #expect((found != nil) == expected)
        #expect(found == text.range(of: "\(needle)", options: .caseInsensitive))
    }
}
