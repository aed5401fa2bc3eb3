/// What a command found, in the one form every reporter renders: validate, diagnose and health
/// all build one. Texts are masked and paths made workspace-relative when it is created, so no
/// reporter can print a secret or an absolute path by mistake.
public struct Report: Sendable {
    /// The command that produced it (`validate`, `diagnose`, `health`, `ports check`).
    public var command: String
    /// Absolute path of the workspace root.
    public var workspace: String
    /// A heading for layouts that have no fixed one.
    public var title: String?
    /// The platform's name from the registry, when it has one.
    public var platform: String?
    /// The registry file, relative to the root: where findings without a location are pinned
    /// in formats that need a file (SARIF).
    public var registryFile: String
    /// Whether warnings fail too (`--strict`).
    public var strict: Bool
    /// The findings, in the order given, secrets masked and paths workspace-relative; those a
    /// baseline accepted are left out (see `baseline`).
    public private(set) var findings: [Finding]
    /// Command-specific data (health's services, ports check's answer), secrets masked.
    public let payload: (any ReportPayload)?
    /// Things a person should know beside the answer, such as an interrupted change that was
    /// finished first: the CLI prints them on standard error as `note:` lines, the MCP server
    /// under the summary. Masked like the rest.
    public private(set) var notices: [String] = []
    /// What the registry says the reported services should be (the runbook's Expected State).
    public var expectedState: [ExpectedService] = []
    /// The history id a write recorded its change under (JSON `change_id`).
    public private(set) var changeID: String?
    /// What the baseline hid and which of its entries are fixed, when one was applied.
    public private(set) var baseline: BaselineOutcome?

    /// A report of `findings`, each masked by `masker` and with paths under `workspace` made
    /// relative to it; the payload is masked too.
    public init(
        command: String, workspace: String, title: String? = nil, platform: String? = nil,
        registryFile: String = Workspace.defaultRegistryPath, findings: [Finding], strict: Bool = false,
        payload: (any ReportPayload)? = nil, masker: SecretMasker = SecretMasker()
    ) {
        self.command = command
        self.workspace = workspace
        self.title = title
        self.platform = platform
        self.registryFile = Self.relative(registryFile, to: workspace)
        self.strict = strict
        self.findings = findings.map { finding in
            var finding = finding.masked(by: masker)
            if let file = finding.location?.file { finding.location?.file = Self.relative(file, to: workspace) }
            if let file = finding.fix?.file { finding.fix?.file = Self.relative(file, to: workspace) }
            return finding
        }
        self.payload = payload?.masked(by: masker)
    }

    /// The report of `validate`, with the checks of each proposed service when files were proposed.
    public init(validation: ValidationReport, strict: Bool = false, masker: SecretMasker = SecretMasker()) {
        self.init(
            command: "validate", workspace: validation.workspace, platform: validation.context.registry.platform,
            registryFile: validation.context.registry.file, findings: validation.findings, strict: strict,
            payload: ProposedServiceChecks(validation), masker: masker)
        let registry = validation.context.registry
        expectedState = (payload as? ProposedServiceChecks)?.services.compactMap { proposed in
            registry.service(named: proposed.name).map { ExpectedService($0, in: registry) }
        } ?? []
    }

    /// This report with `notice` added, masked by `masker`.
    public func noting(_ notice: String?, masker: SecretMasker = SecretMasker()) -> Report {
        guard let notice else { return self }
        var copy = self
        copy.notices.append(masker.mask(notice))
        return copy
    }

    /// The report of a write that `outcome` recorded: JSON gains `change_id`, and a notice
    /// says how to take the change back. A dry run or an empty change records nothing.
    public func recorded<Plan>(_ outcome: EditSession.Outcome<Plan>) -> Report {
        var copy = self.noting(outcome.recovery.notice)
        guard let id = outcome.changeID else { return copy }
        copy.changeID = id
        return copy.noting("recorded as change \(id): `infractl undo \(id)` takes it back")
    }

    /// This report without the findings `baseline` (read from `file`) accepts; its entries
    /// that match nothing are fixed when the command was `complete` (not limited to some
    /// services), and a notice lists them.
    public func filtered(by baseline: Baseline, file: String, complete: Bool) -> Report {
        let (kept, hidden, fixed) = baseline.filter(findings, command: command, complete: complete)
        var copy = self
        copy.findings = kept
        copy.baseline = BaselineOutcome(file: Self.relative(file, to: workspace), hidden: hidden, fixed: fixed)
        guard !fixed.isEmpty else { return copy }
        let list = fixed.map { "  " + $0.summary }.joined(separator: "\n")
        return copy.noting(
            "\(fixed.count) baseline entr\(fixed.count == 1 ? "y matches" : "ies match") no finding any more (fixed); "
                + "`infractl baseline` writes the file without \(fixed.count == 1 ? "it" : "them"):\n\(list)")
    }

    /// Counts of findings per severity.
    public var summary: FindingSummary { FindingSummary(findings) }

    /// The summary's phrase, with what the baseline hid: `1 error (3 hidden by the baseline)`.
    public var summaryPhrase: String {
        // A payload that fails on its own (doctor's missing engine) is not "no problems".
        if findings.isEmpty, payload?.fails == true { return "no findings; the checks above failed" }
        guard let baseline, baseline.hidden > 0 || !baseline.fixed.isEmpty else { return summary.phrase }
        return "\(findings.isEmpty ? "no new problems" : summary.phrase) (\(baseline.phrase))"
    }

    /// `fail` when there is an error, or with `strict` a warning, or the payload fails;
    /// `pass` otherwise.
    public var result: ReportResult {
        summary.errors > 0 || (strict && summary.warnings > 0) || payload?.fails == true ? .fail : .pass
    }

    /// An absolute path inside the workspace made relative to it; any other path unchanged.
    private static func relative(_ path: String, to workspace: String) -> String {
        guard path.hasPrefix("/"), let relative = WorkspacePath.relative(path, to: workspace), !relative.isEmpty else {
            return path
        }
        return relative
    }
}

/// Whether a command's check passed, as `result` in JSON and the last line of Markdown.
public enum ReportResult: String, Sendable {
    case pass
    case fail
}
