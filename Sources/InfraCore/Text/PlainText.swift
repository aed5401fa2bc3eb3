#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text searches and trims in the standard library alone. On Linux, Foundation's
/// `contains(_:)`, `range(of:)` and `trimmingCharacters(in:)` on Swift strings go through
/// NSString and CFString; on a large workspace they were a tenth of `validate`'s time.
extension StringProtocol {
    /// Whether `text` occurs, compared exactly (byte for byte in UTF-8).
    func includes(_ text: some StringProtocol) -> Bool {
        firstRange(ofText: text) != nil
    }

    /// Where `text` first occurs, compared exactly; its bounds are indices of this string.
    /// Both in contiguous UTF-8 (native strings are): a search of the bytes with libc. Otherwise a
    /// loop of our own (the standard library's generic `firstRange(of:)` is not specialised
    /// across modules and was slower still).
    func firstRange(ofText text: some StringProtocol) -> Range<Index>? {
        let haystack = utf8
        let needle = text.utf8
        let searched = haystack.withContiguousStorageIfAvailable { hay in
            needle.withContiguousStorageIfAvailable { needle in Self.offset(of: needle, in: hay) }
        }
        if let searched, let offset = searched {
            guard let offset else { return nil }
            let start = haystack.index(haystack.startIndex, offsetBy: offset)
            return start..<haystack.index(start, offsetBy: needle.count)
        }
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

    /// The byte offset of the first `needle` in `haystack` (0 for an empty needle): libc's
    /// `memchr` for its first byte, `memcmp` for the rest (glibc's `memmem` is not exported to
    /// Swift).
    private static func offset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let needleStart = needle.baseAddress, !needle.isEmpty else { return 0 }
        guard let start = haystack.baseAddress, haystack.count >= needle.count else { return nil }
        let last = haystack.count - needle.count
        var from = 0
        while from <= last, let found = memchr(start + from, Int32(needleStart.pointee), last - from + 1) {
            let offset = start.distance(to: UnsafePointer(found.assumingMemoryBound(to: UInt8.self)))
            if memcmp(start + offset, needleStart, needle.count) == 0 { return offset }
            from = offset + 1
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
        // Contiguous UTF-8 (a native string's): a loop over the bytes in place.
        if let found = haystack.withContiguousStorageIfAvailable({ bytes -> Int in
            guard bytes.count >= needle.count else { return -1 }
            let head = folded(needle[0])
            for offset in 0...(bytes.count - needle.count) where folded(bytes[offset]) == head {
                var next = 1
                while next < needle.count, folded(bytes[offset + next]) == folded(needle[next]) { next += 1 }
                if next == needle.count { return offset }
            }
            return -1
        }) {
            guard found >= 0 else { return nil }
            let start = haystack.index(haystack.startIndex, offsetBy: found)
            return start..<haystack.index(start, offsetBy: needle.count)
        }
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
        // ASCII spaces and tabs at either end, on bytes; Unicode spaces (rare) on scalars.
        let bytes = text.utf8
        var from = bytes.startIndex, to = bytes.endIndex
        while from != to, bytes[from] == UInt8(ascii: " ") || bytes[from] == UInt8(ascii: "\t") { bytes.formIndex(after: &from) }
        while from != to {
            let before = bytes.index(before: to)
            guard bytes[before] == UInt8(ascii: " ") || bytes[before] == UInt8(ascii: "\t") else { break }
            to = before
        }
        if from == to { return "" }
        if bytes[from] < 0x80, bytes[bytes.index(before: to)] < 0x80 { return String(text[from..<to]) }
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
