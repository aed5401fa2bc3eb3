/// The checks of `doctor`, in the order a person reads them.
public struct DoctorPayload: ReportPayload, TextReportPayload {
    public var checks: [DoctorCheck]

    public init(checks: [DoctorCheck]) { self.checks = checks }

    /// Whether everything was found.
    public var allFound: Bool { checks.allSatisfy(\.found) }

    /// Something missing fails the report: `doctor` exits 1.
    public var fails: Bool { !allFound }

    public var jsonFields: [JSONMember] {
        [
            JSONMember("ok", .bool(allFound)),
            JSONMember("checks", .array(checks.map { check in
                .fields([
                    "name": .string(check.name), "found": .bool(check.found), "detail": .string(check.detail),
                    "fix": .text(check.fix), "needed_by": .string(check.neededBy),
                ])
            })),
        ]
    }

    public func textLines(colored: Bool) -> [String] {
        let width = checks.map(\.name.count).max() ?? 0
        return checks.flatMap { check -> [String] in
            let mark = check.found ? paint("✔", "1;32", colored) : paint("✖", "1;31", colored)
            var lines = ["\(mark) \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.detail)"]
            if !check.found {
                lines.append("  needed by: \(check.neededBy)")
                if let fix = check.fix { lines.append("  fix: \(fix)") }
            }
            return lines
        } + [allFound ? "Everything the commands need was found." : "\(checks.count { !$0.found }) of \(checks.count) missing."]
    }

    public var text: String? { textLines(colored: false).joined(separator: "\n") }

    public var markdown: String? {
        TextTable.markdown(["Check", "Found", "Detail", "Fix"], checks.map { check in
            [check.name, check.found ? "✅" : "❌", check.detail, check.found ? "" : (check.fix ?? "") + " (needed by \(check.neededBy))"]
        })
    }

    public func masked(by masker: SecretMasker) -> DoctorPayload {
        DoctorPayload(checks: checks.map { check in
            var check = check
            check.detail = masker.mask(check.detail)
            return check
        })
    }

    private func paint(_ text: String, _ code: String, _ colored: Bool) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
