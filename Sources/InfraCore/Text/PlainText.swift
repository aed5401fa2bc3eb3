/// Text searches and trims in the standard library alone. On Linux, Foundation's
/// `contains(_:)`, `range(of:)` and `trimmingCharacters(in:)` on Swift strings go through
/// NSString and CFString; on a large workspace they were a tenth of `validate`'s time.
extension StringProtocol {
    /// Whether `text` occurs, compared exactly (byte for byte in UTF-8).
    func includes(_ text: some StringProtocol) -> Bool {
        firstRange(ofText: text) != nil
    }

    /// Where `text` first occurs, compared exactly; its bounds are indices of this string.
    /// (A loop of our own: the standard library's generic `firstRange(of:)` is not
    /// specialised across modules and was slower still.)
    func firstRange(ofText text: some StringProtocol) -> Range<Index>? {
        let haystack = utf8
        let needle = text.utf8
        guard let head = needle.first else { return startIndex..<startIndex }
        var from = haystack.startIndex
        while let found = haystack[from...].firstIndex(of: head) {
            var place = found
            var next = needle.startIndex
            while next != needle.endIndex, place != haystack.endIndex, haystack[place] == needle[next] {
                haystack.formIndex(after: &place)
                needle.formIndex(after: &next)
            }
            if next == needle.endIndex { return found..<place }
            if place == haystack.endIndex { return nil }
            from = haystack.index(after: found)
        }
        return nil
    }

    /// Where the ASCII `text` first occurs, ASCII letters compared without case (as
    /// `range(of:options: .caseInsensitive)` finds an ASCII needle).
    func firstRange(ofCaseInsensitiveASCII text: StaticString) -> Range<Index>? {
        let needle = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        let haystack = utf8
        guard !needle.isEmpty else { return startIndex..<startIndex }
        var from = haystack.startIndex
        while from != haystack.endIndex {
            var place = from
            var next = 0
            while next < needle.count, place != haystack.endIndex, folded(haystack[place]) == folded(needle[next]) {
                haystack.formIndex(after: &place)
                next += 1
            }
            if next == needle.count { return from..<place }
            if place == haystack.endIndex { return nil }
            haystack.formIndex(after: &from)
        }
        return nil
    }

    /// The text without leading and trailing spaces and tabs, as
    /// `trimmingCharacters(in: .whitespaces)` (tab and Unicode category Zs) trims them.
    func trimmingSpaces() -> String {
        // Most text has nothing to trim: an ASCII first and last byte that is no space says so.
        let text = String(self)
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80,
           first != UInt8(ascii: " "), first != UInt8(ascii: "\t"), last != UInt8(ascii: " "), last != UInt8(ascii: "\t") {
            return text
        }
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
