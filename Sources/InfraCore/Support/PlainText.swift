/// Text searches and trims in the standard library alone. On Linux, Foundation's
/// `contains(_:)`, `range(of:)` and `trimmingCharacters(in:)` on Swift strings go through
/// NSString and CFString; on a large workspace they were a tenth of `validate`'s time.
extension StringProtocol {
    /// Whether `text` occurs, compared exactly (byte for byte in UTF-8).
    func includes(_ text: some StringProtocol) -> Bool {
        utf8.firstRange(of: text.utf8) != nil
    }

    /// Where `text` first occurs, compared exactly; its bounds are indices of this string.
    func firstRange(ofText text: some StringProtocol) -> Range<Index>? {
        utf8.firstRange(of: text.utf8)
    }

    /// The text without leading and trailing spaces and tabs, as
    /// `trimmingCharacters(in: .whitespaces)` (tab and Unicode category Zs) trims them.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpaceOrTab }),
              let last = scalars.lastIndex(where: { !$0.isSpaceOrTab }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

extension Unicode.Scalar {
    /// A tab or a space separator (Unicode category Zs): what `CharacterSet.whitespaces` holds.
    var isSpaceOrTab: Bool {
        if isASCII { return value == 0x20 || value == 0x09 }
        return properties.generalCategory == .spaceSeparator
    }
}
