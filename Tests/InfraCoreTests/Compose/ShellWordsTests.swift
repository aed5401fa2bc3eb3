import InfraCore
import Testing

@Suite("Shell words")
struct ShellWordsTests {
    @Test func splitsOnWhitespace() throws {
        #expect(try ShellWords.split("  redis-server  --port 6380 ").get() == ["redis-server", "--port", "6380"])
    }

    @Test func respectsQuotesAndBackslashes() throws {
        #expect(try ShellWords.split(#"sh -c 'echo "hi there"'"#).get() == ["sh", "-c", #"echo "hi there""#])
        #expect(try ShellWords.split(#"echo "a \"b\" $HOME" c\ d"#).get() == ["echo", #"a "b" $HOME"#, "c d"])
        #expect(try ShellWords.split("echo ''").get() == ["echo", ""])
    }

    @Test func expandsNothing() throws {
        #expect(try ShellWords.split("echo $HOME ~ *").get() == ["echo", "$HOME", "~", "*"])
    }

    @Test func refusesUnterminatedQuotes() {
        #expect(ShellWords.split("echo 'open").failure != nil)
    }
}
