import DockerEngine
import Testing

@Suite struct LogStreamDecoderTests {
    private let body = frame(1, "hello out\n") + frame(2, "oops err\n") + frame(1, "line two\r\nline three\n")
    private let expected = [
        ContainerLogLine(.stdout, "hello out"), ContainerLogLine(.stderr, "oops err"),
        ContainerLogLine(.stdout, "line two"), ContainerLogLine(.stdout, "line three"),
    ]

    @Test func decodesFramesInOrder() throws {
        #expect(try LogStreamDecoder.decode(body) == expected)
        #expect(try LogStreamDecoder.decode(body, framing: .multiplexed) == expected)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 8, 9, 13])
    func framesSplitAcrossChunks(chunkSize: Int) throws {
        var decoder = LogStreamDecoder()
        var lines: [ContainerLogLine] = []
        var index = 0
        while index < body.count {
            let end = min(body.count, index + chunkSize)
            lines += try decoder.feed(body[index..<end])
            index = end
        }
        lines += try decoder.finish()
        #expect(lines == expected)
    }

    @Test func aLineSplitAcrossFramesIsJoined() throws {
        let lines = try LogStreamDecoder.decode(frame(2, "listen tcp 0.0.0.0:5432: ") + frame(1, "ok\n") + frame(2, "bind: address already in use\n"))
        #expect(lines == [
            ContainerLogLine(.stdout, "ok"),
            ContainerLogLine(.stderr, "listen tcp 0.0.0.0:5432: bind: address already in use"),
        ])
    }

    @Test func unfinishedLastLinesAreKept() throws {
        let lines = try LogStreamDecoder.decode(frame(2, "fatal: no newline") + frame(1, "partial"))
        #expect(lines == [ContainerLogLine(.stderr, "fatal: no newline"), ContainerLogLine(.stdout, "partial")])
    }

    @Test func rawStreamsAreTTYText() throws {
        let text = Array("tty line one\r\ntty err\r\n".utf8)
        #expect(try LogStreamDecoder.decode(text) == [ContainerLogLine(.tty, "tty line one"), ContainerLogLine(.tty, "tty err")])
        #expect(try LogStreamDecoder.decode(Array("hi".utf8)) == [ContainerLogLine(.tty, "hi")])
        #expect(try LogStreamDecoder.decode(frame(1, "x\n"), framing: .raw).count == 1)
    }

    @Test func emptyBodyHasNoLines() throws {
        #expect(try LogStreamDecoder.decode([]) == [])
    }

    @Test func contentTypeDecidesFraming() {
        #expect(LogStreamDecoder.framing(contentType: "application/vnd.docker.multiplexed-stream") == .multiplexed)
        #expect(LogStreamDecoder.framing(contentType: "application/vnd.docker.raw-stream") == .raw)
        #expect(LogStreamDecoder.framing(contentType: nil) == .detect)
    }

    @Test func truncatedOrCorruptStreamsFail() {
        #expect(throws: LogStreamDecoder.Failure.self) {
            try LogStreamDecoder.decode(Array(frame(1, "hello\n").dropLast(2)))
        }
        #expect(throws: LogStreamDecoder.Failure.self) {
            try LogStreamDecoder.decode(frame(1, "a\n") + [7, 0, 0, 0, 0, 0, 0, 1, 65])
        }
        #expect(throws: LogStreamDecoder.Failure.self) {
            try LogStreamDecoder.decode(frame(1, "a\n") + [1, 0, 0], framing: .multiplexed)
        }
    }
}
