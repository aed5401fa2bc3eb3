/// The sections of the Security Report, in order, and the rules whose findings each shows.
public enum AuditSection: String, Sendable, CaseIterable {
    case exposure, credentials, isolation, tls, hardening

    public var title: String {
        switch self {
        case .exposure: "Exposure"
        case .credentials: "Credentials"
        case .isolation: "Isolation"
        case .tls: "TLS"
        case .hardening: "Hardening"
        }
    }

    /// The section of a rule's findings: hardening for every security rule not named here.
    public static func of(ruleID: String) -> AuditSection {
        switch ruleID {
        case "SEC002", "SEC020": .exposure
        case "SEC001", "SEC005", "SEC006": .credentials
        case "NET002", "SEC003", "SEC004": .isolation
        default: ruleID.hasPrefix("TLS") ? .tls : .hardening
        }
    }
}
