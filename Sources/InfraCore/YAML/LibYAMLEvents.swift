internal import CYaml

/// libyaml's parser over one UTF-8 buffer, read one event at a time: the current event stays
/// valid until `advance()` replaces it. The buffer must outlive the reader.
struct LibYAMLEvents: ~Copyable {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let file: String
    /// The input, for placing a reader error (libyaml gives only its byte offset).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var holdsEvent = false

    /// A reader positioned on the stream's first event.
    init(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(InputError) {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        self.file = file
        self.bytes = bytes
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        try advance()
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
    }

    /// Replaces the current event with the next one.
    mutating func advance() throws(InputError) {
        if holdsEvent { yaml_event_delete(event) }
        holdsEvent = yaml_parser_parse(parser, event) == 1
        guard holdsEvent else { throw syntaxError() }
    }

    var type: yaml_event_type_t { event.pointee.type }

    /// Where the current event starts, 1-based.
    var mark: (line: Int, column: Int) {
        (event.pointee.start_mark.line + 1, event.pointee.start_mark.column + 1)
    }

    /// The anchor (`&name`) on the current node event, or the name an alias event refers to.
    var anchor: String? {
        let data = event.pointee.data
        switch event.pointee.type {
        case YAML_ALIAS_EVENT: return Self.string(data.alias.anchor)
        case YAML_SCALAR_EVENT: return Self.string(data.scalar.anchor)
        case YAML_SEQUENCE_START_EVENT: return Self.string(data.sequence_start.anchor)
        case YAML_MAPPING_START_EVENT: return Self.string(data.mapping_start.anchor)
        default: return nil
        }
    }

    /// The current scalar event as our scalar: its text, style and explicit tag. A quoted
    /// scalar without a tag is `!!str`, as Yams's composer read it.
    var scalar: YAMLNode.Scalar {
        let data = event.pointee.data.scalar
        let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
        let style: YAMLNode.Scalar.Style = switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
        let tag = data.quoted_implicit == 1 ? YAMLNode.Tags.string : Self.explicitTag(data.tag)
        return YAMLNode.Scalar(text, style: style, tag: tag)
    }

    /// The explicit tag of the current sequence or mapping start event.
    var collectionTag: String? {
        let data = event.pointee.data
        switch event.pointee.type {
        case YAML_SEQUENCE_START_EVENT: return data.sequence_start.implicit != 0 ? nil : Self.explicitTag(data.sequence_start.tag)
        case YAML_MAPPING_START_EVENT: return data.mapping_start.implicit != 0 ? nil : Self.explicitTag(data.mapping_start.tag)
        default: return nil
        }
    }

    /// A tag as written, without the non-specific `!` (which says no more than no tag).
    private static func explicitTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let name = string(pointer), !name.isEmpty, name != "!" else { return nil }
        return name
    }

    /// The 1-based line and column (in characters) of the byte at `offset`.
    static func place(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        let end = min(max(0, offset), bytes.count)
        var line = 1, lineStart = 0
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        // Count characters, not bytes: UTF-8 continuation bytes start no character.
        let column = 1 + (lineStart..<end).count { bytes[$0] & 0xC0 != 0x80 }
        return (line, column)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(decodingCString: UnsafePointer($0), as: UTF8.self) }
    }

    /// libyaml's error as one line, at the place it names.
    private func syntaxError() -> InputError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown problem"
        switch state.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            var message = problem
            if let context = state.context.map({ String(cString: $0) }), !context.isEmpty { message += " (\(context))" }
            return InputError(
                file: file, line: state.problem_mark.line + 1, column: state.problem_mark.column + 1,
                message: "invalid YAML: \(message)")
        case YAML_READER_ERROR:
            // A reader error (a control character, bad UTF-8) has a byte offset, not a mark.
            let (line, column) = Self.place(ofByte: state.problem_offset, in: bytes)
            let value = state.problem_value >= 0 ? String(format: " (byte 0x%02X)", state.problem_value) : ""
            return InputError(file: file, line: line, column: column, message: "cannot read YAML: \(problem)\(value)")
        default:
            return InputError(file: file, message: "cannot parse YAML")
        }
    }
}
