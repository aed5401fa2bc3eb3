/// Which baseline a `validate`, `diagnose` or `audit` request filters its findings with.
public enum BaselineChoice: Sendable, Hashable {
    /// `.dev/infra/infractl-baseline.json` when the workspace has one; nothing otherwise.
    case standard
    /// This file (absolute, or relative to the workspace root), which must exist.
    case file(String)
    /// Every finding (`--no-baseline`).
    case none
}

/// What a baseline did to a report: the file, how many findings it hid, and its entries that
/// matched nothing (fixed since the baseline was written).
public struct BaselineOutcome: Sendable, Hashable {
    /// The baseline file, workspace-relative when it is in the workspace.
    public var file: String
    public var hidden: Int
    public var fixed: [BaselineEntry]

    /// `3 hidden by the baseline, 1 fixed since`, for summary lines.
    public var phrase: String {
        "\(hidden) hidden by the baseline" + (fixed.isEmpty ? "" : ", \(fixed.count) fixed since")
    }
}
