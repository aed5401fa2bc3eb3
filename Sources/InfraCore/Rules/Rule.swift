/// A static check over a workspace: a pure function of the loaded registry and compose files.
public protocol Rule: Sendable {
    /// The rule's catalogue entry, documentation and examples.
    static var description: RuleDescription { get }

    init()

    /// The findings of this rule, at the rule's default severity; the engine applies the
    /// workspace's overrides.
    func validate(_ context: ValidationContext) -> [Finding]
}

extension Rule {
    /// This rule's description.
    public var description: RuleDescription { Self.description }
}
