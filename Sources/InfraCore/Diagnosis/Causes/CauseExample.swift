/// A small workspace and engine state that show a cause explained: the service diagnosed,
/// and the explanation and fix its root cause must get. The place the fix points at is marked
/// with 1️⃣ in the files (as in `RuleExample`).
public struct CauseExample: Sendable {
    /// Files by path relative to the workspace root.
    public var files: [String: String]
    /// What the engine and the host show.
    public var engine: EngineExample
    /// The registry service whose root cause is checked.
    public var service: String
    /// The root cause's explanation, exactly.
    public var explanation: String
    /// The fix's explanation, exactly; nil when no fix is known.
    public var fix: String?
    /// The fix's replacement text, when it has one.
    public var replace: String?
    /// Where the example is written, for test failure messages.
    public var sourceFile: String
    /// The line of the example, for test failure messages.
    public var sourceLine: Int

    /// An example whose expectations are written where it is defined.
    public init(
        _ files: [String: String], engine: EngineExample, service: String, explanation: String, fix: String?,
        replace: String? = nil, file: StaticString = #filePath, line: UInt = #line
    ) {
        self.files = files
        self.engine = engine
        self.service = service
        self.explanation = explanation
        self.fix = fix
        self.replace = replace
        self.sourceFile = "\(file)"
        self.sourceLine = Int(line)
    }

    /// The files without markers, and where the 1️⃣ marker stood.
    public func unmarked() -> (files: [String: String], marks: [SourceLocation]) {
        RuleExample(files).unmarked()
    }
}
