/// Turns the body of `GET /containers/{id}/logs` into lines, fed chunk by chunk as it arrives.
///
/// Without a TTY the engine multiplexes stdout and stderr into frames of
/// `[stream, 0, 0, 0, UInt32 big-endian length] + payload`; with a TTY the body is raw text.
/// Engines from API 1.42 say which in the content type; older ones do not, so by default the
/// decoder looks at the first bytes: a frame header starts with 0, 1 or 2 then three zeros,
/// which text never does.
public struct LogStreamDecoder: Sendable {
    /// How the body is framed.
    public enum Framing: Sendable, Hashable {
        case multiplexed
        case raw
        /// Decide from the first eight bytes.
        case detect
    }

    /// The body is not a valid log stream.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    private static let headerLength = 8

    private var framing: Framing
    private var pending: [UInt8] = []
    /// Bytes of the frame being read that are still to come.
    private var frameRemaining = 0
    private var frameStream: ContainerLogLine.Stream = .stdout
    private var partialLines: [ContainerLogLine.Stream: [UInt8]] = [:]
    /// Streams in the order their first unfinished line began, to flush them in that order.
    private var partialOrder: [ContainerLogLine.Stream] = []

    public init(framing: Framing = .detect) {
        self.framing = framing
    }

    /// The framing `Content-Type` names, `.detect` when it names none (API before 1.42).
    public static func framing(contentType: String?) -> Framing {
        guard let contentType = contentType?.lowercased() else { return .detect }
        if contentType.contains("multiplexed-stream") { return .multiplexed }
        if contentType.contains("raw-stream") { return .raw }
        return .detect
    }

    /// Consumes the next chunk of the body; returns the lines it completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [ContainerLogLine] {
        pending.append(contentsOf: bytes)
        var lines: [ContainerLogLine] = []
        if framing == .detect {
            guard pending.count >= Self.headerLength else { return [] }
            framing = Self.looksMultiplexed(pending) ? .multiplexed : .raw
        }
        if framing == .raw {
            append(pending[...], to: .tty, into: &lines)
            pending.removeAll(keepingCapacity: true)
            return lines
        }
        var index = 0
        while index < pending.count {
            if frameRemaining > 0 {
                let end = min(pending.count, index + frameRemaining)
                append(pending[index..<end], to: frameStream, into: &lines)
                frameRemaining -= end - index
                index = end
                continue
            }
            guard pending.count - index >= Self.headerLength else { break }
            frameStream = try Self.stream(pending[index])
            guard pending[index + 1] == 0, pending[index + 2] == 0, pending[index + 3] == 0 else {
                throw Failure(description: "malformed log frame header at byte \(index)")
            }
            frameRemaining = pending[(index + 4)..<(index + 8)].reduce(0) { $0 << 8 | Int($1) }
            index += Self.headerLength
        }
        pending.removeFirst(index)
        return lines
    }

    /// Ends the body: returns unfinished last lines; fails if it ended inside a frame.
    public mutating func finish() throws(Failure) -> [ContainerLogLine] {
        if framing == .detect, !pending.isEmpty {
            framing = Self.looksMultiplexed(pending) ? .multiplexed : .raw
            if framing == .raw {
                _ = try feed([])
            }
        }
        if framing == .multiplexed, frameRemaining > 0 || !pending.isEmpty {
            throw Failure(description: "the log stream ended inside a frame")
        }
        let lines = partialOrder.compactMap { stream -> ContainerLogLine? in
            guard let bytes = partialLines[stream], !bytes.isEmpty else { return nil }
            return ContainerLogLine(stream, Self.text(bytes[...]))
        }
        partialLines = [:]
        partialOrder = []
        return lines
    }

    /// Decodes a whole body at once.
    public static func decode(_ body: [UInt8], framing: Framing = .detect) throws(Failure) -> [ContainerLogLine] {
        var decoder = LogStreamDecoder(framing: framing)
        return try decoder.feed(body) + decoder.finish()
    }

    private mutating func append(
        _ bytes: ArraySlice<UInt8>, to stream: ContainerLogLine.Stream, into lines: inout [ContainerLogLine]
    ) {
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var line = partialLines.removeValue(forKey: stream) ?? []
            partialOrder.removeAll { $0 == stream }
            line.append(contentsOf: bytes[start..<newline])
            lines.append(ContainerLogLine(stream, Self.text(line[...])))
            start = newline + 1
        }
        if start < bytes.endIndex {
            if partialLines[stream] == nil { partialOrder.append(stream) }
            partialLines[stream, default: []].append(contentsOf: bytes[start...])
        }
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        let trimmed = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
        return String(decoding: trimmed, as: UTF8.self)
    }

    private static func stream(_ byte: UInt8) throws(Failure) -> ContainerLogLine.Stream {
        switch byte {
        case 0: .stdin
        case 1: .stdout
        case 2: .stderr
        default: throw Failure(description: "unknown log stream \(byte)")
        }
    }

    private static func looksMultiplexed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= headerLength && bytes[0] <= 2 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0
    }
}
