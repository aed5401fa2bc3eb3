@testable import InfraCore
import Testing

/// Which plain scalars read as integers: decimal, `0x`, `0o`, with a sign; nothing else.
@Suite("YAML integers")
struct YAMLIntegerTests {
    @Test(arguments: [
        ("12", 12), ("007", 7), ("-12", -12), ("+7", 7), ("0x1F", 31), ("-0x10", -16), ("0o17", 15), ("+0o7", 7),
        ("10s", nil), ("1_000", nil), ("", nil), ("-", nil), ("+", nil), ("0x", nil), ("1.5", nil), ("١٢", nil), ("x12", nil),
        ("12345678901234567890", nil), ("9223372036854775807", Int.max), ("-9223372036854775808", nil), ("1 2", nil),
    ] as [(String, Int?)])
    func readsIntegersAsWritten(text: String, expected: Int?) {
        #expect(YAMLNode.parseInt(text) == expected)
    }
}
