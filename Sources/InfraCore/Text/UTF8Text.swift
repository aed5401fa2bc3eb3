/// File bytes as text. Bytes that are not UTF-8 are refused at the line and column of the first
/// invalid byte, as every other refusal names its place, so a stray Latin-1 `é` pasted into a
/// compose file is found without a hex editor.
public enum UTF8Text {
    /// The text of `bytes`, or an input error in `file` at the first byte that is not UTF-8.
    public static func decode(_ bytes: [UInt8], file: String) throws(InputError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let place = firstInvalidByte(bytes)
        let byte = bytes[place.offset]
        throw InputError(
            file: file, line: place.line, column: place.column,
            message: "\(file) is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) here begins no valid UTF-8 character")
    }

    /// The offset of the first byte no UTF-8 character starts with or continues, with its
    /// 1-based line and column (in characters, as YAML marks count). Call it on invalid bytes.
    static func firstInvalidByte(_ bytes: [UInt8]) -> (offset: Int, line: Int, column: Int) {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
                if scalar.count == 1 && scalar.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                return (offset, line, column)
            case .emptyInput:
                return (max(bytes.count - 1, 0), line, column)
            }
        }
    }
}
