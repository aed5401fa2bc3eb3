/// Splits a command string into arguments as a POSIX shell would, honouring quotes and
/// backslashes but expanding nothing (what Compose does with a string `command`).
public enum ShellWords {
    /// Why a command string cannot be split.
    public struct Failure: Error, Sendable, Equatable {
        public var message: String
    }

    /// The words of `text`; an error for an unterminated quote or a trailing backslash.
    public static func split(_ text: String) -> Result<[String], Failure> {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for char in text {
            if escaped {
                if quote == "\"", !"\"\\$`\n".contains(char) { word.append("\\") }
                if char != "\n" || quote != nil { word.append(char) }
                escaped = false
                inWord = true
                continue
            }
            switch (quote, char) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                word.append(char)
            case (_, "\\"):
                escaped = true
                inWord = true
            case ("\"", _):
                word.append(char)
            case (nil, "'"), (nil, "\""):
                quote = char
                inWord = true
            case (nil, " "), (nil, "\t"), (nil, "\n"), (nil, "\r"):
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default:
                word.append(char)
                inWord = true
            }
        }
        if quote != nil { return .failure(Failure(message: "unterminated quote in command: \(text)")) }
        if escaped { return .failure(Failure(message: "trailing backslash in command: \(text)")) }
        if inWord { words.append(word) }
        return .success(words)
    }
}
