import Foundation

/// One line a container wrote, with the stream it came on. Lines of one stream keep their
/// order; between stdout and stderr the engine keeps the order it read them in, which may differ
/// from the order the process wrote them.
public struct ContainerLogLine: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stream of a line.
    public enum Stream: String, Sendable, Hashable, Codable {
        case stdin, stdout, stderr
        /// A container with a TTY: stdout and stderr are one stream and cannot be told apart.
        case tty
    }

    public var stream: Stream
    /// The text without its line break; raw, unmasked.
    public var text: String
    /// When the engine received the line; nil when the logs were read without timestamps.
    public var timestamp: Date?

    public init(_ stream: Stream, _ text: String, timestamp: Date? = nil) {
        self.stream = stream
        self.text = text
        self.timestamp = timestamp
    }

    /// The line with the engine's `timestamps=1` prefix (`2026-11-29T19:39:19.811692269Z `)
    /// moved from `text` to `timestamp`; unchanged when it has none.
    public func splittingTimestamp() -> ContainerLogLine {
        guard let space = text.firstIndex(of: " "), let date = EngineTimestamp.date(from: String(text[..<space]))
        else { return self }
        return ContainerLogLine(stream, String(text[text.index(after: space)...]), timestamp: date)
    }

    public var description: String { "\(stream): \(text)" }
}
