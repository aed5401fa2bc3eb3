import InfraCore
import Testing

@Suite("Env files")
struct EnvFileParserTests {
    func entries(_ text: String, lookup: [String: String] = [:]) throws -> [String: String?] {
        let parsed = try EnvFileParser(lookup: lookup).parse(text, file: "a.env")
        return Dictionary(parsed.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    @Test func readsAssignmentsExportsAndComments() throws {
        let values = try entries("""
            # comment
            A=1
            export B=two
              C = spaced  # trailing comment
            D=
            E: yaml-style
            """)
        #expect(values == ["A": "1", "B": "two", "C": "spaced", "D": "", "E": "yaml-style"])
    }

    @Test func quotesAreLiteralOrEscaped() throws {
        let values = try entries("""
            S='a $B # not a comment'
            D="line\\nnext \\"q\\""
            M="first
            second"
            H=a#b
            """, lookup: ["B": "bee"])
        #expect(values["S"] == "a $B # not a comment")
        #expect(values["D"] == "line\nnext \"q\"")
        #expect(values["M"] == "first\nsecond")
        #expect(values["H"] == "a#b")
    }

    @Test func substitutesEarlierLinesAndTheLookup() throws {
        let values = try entries("HOST=db\nURL=postgres://${HOST}:${PORT:-5432}\nHOME_DIR=$HOME", lookup: ["HOME": "/root"])
        #expect(values["URL"] == "postgres://db:5432")
        #expect(values["HOME_DIR"] == "/root")
    }

    @Test func bareNamesInheritFromTheLookup() throws {
        let values = try entries("FROM_SHELL\nMISSING", lookup: ["FROM_SHELL": "x"])
        #expect(values == ["FROM_SHELL": "x"])
    }

    @Test func locatesEachLine() throws {
        let parsed = try EnvFileParser().parse("\n# c\n  KEY=v\n", file: "app/.env")
        #expect(parsed.first?.location == SourceLocation(file: "app/.env", line: 3, column: 3))
    }

    @Test func refusesBadNamesAtTheirLine() {
        #expect(throws: InputError(file: "a.env", line: 2, column: 1, message: "unexpected character \"!\" in variable name \"BAD!\"")) {
            try EnvFileParser().parse("OK=1\nBAD!=2", file: "a.env")
        }
    }
}
