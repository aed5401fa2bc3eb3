/// Data one command adds to its report beside the findings; a layout that knows the concrete
/// type reads it, the JSON reporter prints `jsonFields`.
public protocol ReportPayload: Sendable {
    /// Keys added to the JSON object, in order, between `summary` and `findings`.
    var jsonFields: [JSONMember] { get }

    /// This payload with every text a person could read passed through `masker`.
    func masked(by masker: SecretMasker) -> Self
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
