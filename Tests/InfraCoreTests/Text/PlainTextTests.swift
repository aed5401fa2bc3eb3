@testable import InfraCore
import Foundation
import Testing

@Suite("Plain text searches")
struct PlainTextTests {
    @Test(arguments: [
        ("postgres://db:5432", "://", true), ("postgres:/db", "://", false), ("", "x", false),
        ("abc", "", true), ("aab", "ab", true), ("ab", "abc", false), ("über://x", "://", true),
        ("DATABASE_PASSWORD", "PASSWORD", true), ("PASSWOR", "PASSWORD", false),
    ])
    func includesMatchesFoundation(text: String, needle: String, expected: Bool) {
        #expect(text.includes(needle) == expected)
        #expect(text.includes(needle) == (needle.isEmpty || text.contains(needle)))
    }

    @Test func firstRangeIsAnIndexRangeOfTheString() throws {
        let text = "redis://:pw@cache:6379"
        let range = try #require(text.firstRange(ofText: "://"))
        #expect(text[..<range.lowerBound] == "redis")
        #expect(text[range.upperBound...] == ":pw@cache:6379")
        #expect(text.dropFirst(2).firstRange(ofText: "dis").map { text[$0] } == "dis")
    }

    @Test(arguments: ["  a b \t", "\u{00A0}x\u{3000}", "", " \t ", "ü ", "a"])
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
