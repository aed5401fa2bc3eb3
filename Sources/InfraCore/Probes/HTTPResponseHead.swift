/// The status line of an HTTP/1 response, read as leniently as curl reads it: bare LF or CRLF
/// line ends, any `HTTP/x.y` version, a missing reason phrase, headers taken as they come (only
/// the blank line that ends them matters), a head that the closing connection ends. Interim
/// `1xx` answers (`103 Early Hints`) are skipped. What does not start with `HTTP/` is not HTTP.
struct HTTPResponseHead: Sendable, Equatable {
    /// `1.1`, `1.0`.
    var version: String
    var status: Int
    /// The reason phrase as the server wrote it, empty when it wrote none.
    var reason: String

    /// What the bytes received so far say.
    enum Reading: Sendable, Equatable {
        /// More bytes are needed.
        case incomplete
        /// The final head (its end, or the closed connection, was seen).
        case head(HTTPResponseHead)
        /// Not an HTTP answer; the value says why, with the first bytes received.
        case notHTTP(String)
    }

    /// A head longer than this is taken as ended: only the status line is needed.
    static let maximumHeadLength = 64 << 10
    /// How many of the first bytes a malformed answer shows.
    static let shownBytes = 32

    /// Reads `bytes`, the answer so far; `closed` says that no more will come.
    static func read(_ bytes: [UInt8], closed: Bool) -> Reading {
        let ended = closed || bytes.count >= maximumHeadLength
        var start = 0
        while true {
            let rest = bytes[start...]
            let prefix = Array("HTTP/".utf8)
            guard rest.elementsEqual(prefix.prefix(rest.count)) || rest.starts(with: prefix) else {
                return .notHTTP(notHTTP(bytes))
            }
            let lineEnd = rest.firstIndex(of: UInt8(ascii: "\n"))
            guard lineEnd != nil || ended else { return .incomplete }
            guard let head = parseStatusLine(bytes[start..<(lineEnd ?? bytes.endIndex)]) else {
                return .notHTTP(notHTTP(bytes))
            }
            guard let lineEnd, let next = endOfHead(bytes, after: lineEnd + 1) else {
                return ended ? .head(head) : .incomplete
            }
            // An interim answer: the real one follows (101 switches protocols and is final).
            if (100..<200).contains(head.status), head.status != 101, next < bytes.count || !ended {
                start = next
                continue
            }
            return .head(head)
        }
    }

    /// `HTTP/1.1 200 OK`, `HTTP/1.0 200`, with or without a trailing CR.
    private static func parseStatusLine(_ line: ArraySlice<UInt8>) -> HTTPResponseHead? {
        var text = Substring(decoding: line, as: UTF8.self)
        if text.hasSuffix("\r") { text = text.dropLast() }
        guard text.hasPrefix("HTTP/") else { return nil }
        let afterSlash = text.dropFirst(5)
        guard let space = afterSlash.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let version = afterSlash[..<space]
        guard !version.isEmpty, version.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              version.first?.isNumber == true else { return nil }
        let afterVersion = afterSlash[space...].drop { $0 == " " || $0 == "\t" }
        let code = afterVersion.prefix(3)
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isNumber }), let status = Int(code), status >= 100 else {
            return nil
        }
        let afterCode = afterVersion.dropFirst(3)
        guard afterCode.isEmpty || afterCode.first == " " || afterCode.first == "\t" else { return nil }
        let reason = afterCode.drop { $0 == " " || $0 == "\t" }
        return HTTPResponseHead(version: String(version), status: status, reason: String(reason))
    }

    /// The index just past the blank line that ends the head whose header lines start at
    /// `start`, or nil when it has not come yet.
    private static func endOfHead(_ bytes: [UInt8], after start: Int) -> Int? {
        var lineStart = start
        while let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            let length = lineEnd - lineStart
            if length == 0 || (length == 1 && bytes[lineStart] == UInt8(ascii: "\r")) { return lineEnd + 1 }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// `not HTTP: first bytes "SSH-2.0-OpenSSH_9.6\r\n"`, printable, cut after `shownBytes`.
    static func notHTTP(_ bytes: [UInt8]) -> String {
        var shown = ""
        for byte in bytes.prefix(shownBytes) {
            switch byte {
            case UInt8(ascii: "\r"): shown += "\\r"
            case UInt8(ascii: "\n"): shown += "\\n"
            case UInt8(ascii: "\t"): shown += "\\t"
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): shown += "\\" + String(UnicodeScalar(byte))
            case 0x20..<0x7F: shown += String(UnicodeScalar(byte))
            default: shown += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return "not HTTP: first bytes \"\(shown)\(bytes.count > shownBytes ? "…" : "")\""
    }
}
