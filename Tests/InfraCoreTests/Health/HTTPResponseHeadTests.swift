@testable import InfraCore
import Testing

/// The HTTP probe's head reader: lenient where curl is, precise about what is not HTTP.
@Suite("HTTP response head")
struct HTTPResponseHeadTests {
    static func read(_ text: String, closed: Bool = false) -> HTTPResponseHead.Reading {
        HTTPResponseHead.read(Array(text.utf8), closed: closed)
    }

    static func head(_ version: String, _ status: Int, _ reason: String) -> HTTPResponseHead.Reading {
        .head(HTTPResponseHead(version: version, status: status, reason: reason))
    }

    @Test func strictCRLF() {
        #expect(Self.read("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") == Self.head("1.1", 200, "OK"))
    }

    @Test func bareLFAfterTheStatusLine() {
        // busybox httpd in front of a CGI script: CRLF status line, the script's bare LF headers.
        #expect(Self.read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\n\nok\n") == Self.head("1.1", 200, "OK"))
        #expect(Self.read("HTTP/1.1 200 OK\nContent-Type: text/plain\n\n") == Self.head("1.1", 200, "OK"))
    }

    @Test func http10WithoutReasonPhrase() {
        #expect(Self.read("HTTP/1.0 200\n\n") == Self.head("1.0", 200, ""))
        #expect(Self.read("HTTP/1.0 200 \r\n\r\n") == Self.head("1.0", 200, ""))
        #expect(Self.read("HTTP/1.1 503\r\n\r\n") == Self.head("1.1", 503, ""))
    }

    @Test func headerWithoutSpaceAfterTheColon() {
        #expect(Self.read("HTTP/1.1 302 Found\nLocation:/login\nX-Empty:\n\n") == Self.head("1.1", 302, "Found"))
    }

    @Test func reasonPhraseKeptAsWritten() {
        #expect(Self.read("HTTP/1.1 500 Internal  Server Error\r\n\r\n") == Self.head("1.1", 500, "Internal  Server Error"))
    }

    @Test func headEndedByTheClosingConnection() {
        #expect(Self.read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n") == .incomplete)
        #expect(Self.read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n", closed: true) == Self.head("1.1", 200, "OK"))
        #expect(Self.read("HTTP/1.0 204", closed: true) == Self.head("1.0", 204, ""))
    }

    @Test func waitsForTheWholeHead() {
        #expect(Self.read("") == .incomplete)
        #expect(Self.read("HT") == .incomplete)
        #expect(Self.read("HTTP/1.1 200 OK") == .incomplete)
        #expect(Self.read("HTTP/1.1 200 OK\r\nServer: x\r\n") == .incomplete)
    }

    @Test func interimAnswersAreSkipped() {
        let hints = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
        #expect(Self.read(hints) == .incomplete)
        #expect(Self.read(hints + "HTTP/1.1 200 OK\r\n\r\n") == Self.head("1.1", 200, "OK"))
        #expect(Self.read("HTTP/1.1 100 Continue\n\nHTTP/1.1 404 Not Found\n\n") == Self.head("1.1", 404, "Not Found"))
        #expect(Self.read(hints, closed: true) == Self.head("1.1", 103, "Early Hints"))
        #expect(Self.read("HTTP/1.1 101 Switching Protocols\r\n\r\n") == Self.head("1.1", 101, "Switching Protocols"))
    }

    @Test func sshBannerIsNotHTTP() {
        #expect(Self.read("SSH-2.0-OpenSSH_9.6\r\n") == .notHTTP(#"not HTTP: first bytes "SSH-2.0-OpenSSH_9.6\r\n""#))
        // Known as soon as the first bytes differ from `HTTP/`.
        #expect(Self.read("SS") == .notHTTP(#"not HTTP: first bytes "SS""#))
    }

    @Test func malformedStatusLines() {
        for line in ["HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 OK\r\n\r\n", "HTTP/ 200 OK\r\n\r\n", "HTTP/1.1 20\r\n\r\n",
                     "HTTP/1.1 099 Low\r\n\r\n", "HTTP/1.1200 OK\r\n\r\n", "HTTP/x.y 200 OK\r\n\r\n"] {
            guard case .notHTTP(let reason) = Self.read(line) else {
                Issue.record("\(line.debugDescription) was read as HTTP")
                continue
            }
            #expect(reason.hasPrefix("not HTTP: first bytes \"HTTP/"))
        }
        #expect(Self.read("ok\n", closed: true) == .notHTTP(#"not HTTP: first bytes "ok\n""#))
        #expect(Self.read("http/1.1 200 OK\r\n\r\n") == .notHTTP(#"not HTTP: first bytes "http/1.1 200 OK\r\n\r\n""#))
    }

    @Test func firstBytesArePrintableAndCut() {
        let binary: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0x22, 0x22, 0x5C, 0xFF] + Array(repeating: UInt8(ascii: "a"), count: 40)
        #expect(HTTPResponseHead.read(binary, closed: false)
            == .notHTTP(#"not HTTP: first bytes "\x16\x03\x01\x00\"\"\\\xff"# + String(repeating: "a", count: 24) + "…\""))
    }

    @Test func aHugeHeadEndsAtTheLimit() {
        let huge = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "b", count: HTTPResponseHead.maximumHeadLength)
        #expect(Self.read(huge) == Self.head("1.1", 200, "OK"))
    }
}
