/// Data one command adds to its report beside the findings; a layout that knows the concrete
/// type reads it, the JSON reporter prints `jsonFields`.
public protocol ReportPayload: Sendable {
    /// Keys added to the JSON object, in order, between `summary` and `findings`.
    var jsonFields: [JSONMember] { get }

    /// This payload with every text a person could read passed through `masker`.
    func masked(by masker: SecretMasker) -> Self

    /// What a person reads of it in `text` output, before the findings; `nil` (the default)
    /// when only JSON carries it.
    var text: String? { get }

    /// Its Markdown, under the title of the generic layout; `nil` by default.
    var markdown: String? { get }

    /// Whether its text is the whole answer when there are no findings, so the text format
    /// prints no "no problems" summary under it (true by default).
    var replacesSummary: Bool { get }

    /// Whether it makes the report fail without a finding (doctor's missing engine); false by
    /// default.
    var fails: Bool { get }
}

extension ReportPayload {
    public var text: String? { nil }
    public var markdown: String? { nil }
    public var replacesSummary: Bool { true }
    public var fails: Bool { false }
}

/// A payload with its own text and Markdown beside its JSON keys (`ports list`, `ports check`,
/// the editing commands).
public struct DocumentPayload: ReportPayload {
    public var jsonFields: [JSONMember]
    public var text: String?
    public var markdown: String?

    public init(_ fields: [JSONMember], text: String, markdown: String) {
        self.jsonFields = fields
        self.text = text
        self.markdown = markdown
    }

    public func masked(by masker: SecretMasker) -> DocumentPayload {
        var copy = self
        copy.jsonFields = jsonFields.map { JSONMember($0.key, $0.value.mapStrings(masker.mask)) }
        copy.text = text.map(masker.mask)
        copy.markdown = markdown.map(masker.mask)
        return copy
    }
}

/// A payload with lines of its own for the text format, printed before the findings (health's
/// table of services).
public protocol TextReportPayload: ReportPayload {
    /// The lines, ANSI-coloured when `colored`.
    func textLines(colored: Bool) -> [String]
}

/// A payload that is only extra JSON keys (`port`, `free`, `owner`, `holder` of `ports check`).
public struct JSONFieldsPayload: ReportPayload {
    public var jsonFields: [JSONMember]

    public init(_ fields: [JSONMember]) { self.jsonFields = fields }

    public func masked(by masker: SecretMasker) -> JSONFieldsPayload {
        JSONFieldsPayload(jsonFields.map { JSONMember($0.key, $0.value.mapStrings(masker.mask)) })
    }
}
