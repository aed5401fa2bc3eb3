@testable import InfraCore
import Testing

/// Where compose-go casts a quoted value: every pattern of the table is found from a real path,
/// and values under other keys are not cast.
@Suite("Compose casts")
struct ComposeCastTests {
    @Test func everyPatternIsFoundFromAPathThatMatchesIt() {
        for (pattern, cast) in ComposeSchema.casts {
            let path = pattern.split(separator: ".").enumerated().map { index, part in
                part == "*" ? (index == 1 ? "web" : "nofile") : String(part)
            }
            #expect(ComposeSchema.cast(at: path) == cast, "\(path)")
        }
    }

    @Test(arguments: [
        ["services", "web", "image"], ["services", "web", "environment", "PORT"], ["x-mode"], [],
        ["services", "web", "labels", "mode"], ["networks", "external"], ["services", "web", "ulimits"],
    ])
    func otherValuesAreNotCast(path: [String]) {
        #expect(ComposeSchema.cast(at: path) == nil)
    }
}
