/// One thing `doctor` looked at: what it found, or what is missing and how to get it.
public struct DoctorCheck: Sendable, Hashable {
    /// What was checked: `workspace`, `registry`, `engine`, `compose`, `host ports`.
    public var name: String
    public var found: Bool
    /// What was found (a version, an address), or why it is missing.
    public var detail: String
    /// How to get it when it is missing.
    public var fix: String?
    /// The commands that need it, said beside a missing check.
    public var neededBy: String

    public init(_ name: String, found: Bool, detail: String, fix: String? = nil, neededBy: String) {
        self.name = name
        self.found = found
        self.detail = detail
        self.fix = fix
        self.neededBy = neededBy
    }
}
