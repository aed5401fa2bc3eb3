import InfraCore
import Testing

@Suite struct BlockingTests {
    @Test func returnsTheValueAndRethrowsTheErrorAsThrown() async throws {
        #expect(await Blocking.run { 6 * 7 } == 42)
        do {
            _ = try await Blocking.run { () throws(EditError) -> Int in throw EditError("refused") }
            Issue.record("no error")
        } catch {
            #expect(error.message == "refused")
        }
    }
}
