/// Every live check of `diagnose`, in id order. `infractl rules` lists them after the static
/// rules.
public enum DiagnosisCatalog {
    /// Every live check, RUN001 to RUN011.
    public static let all: [any Analyzer.Type] = [
        MissingContainerAnalyzer.self,
        StoppedContainerAnalyzer.self,
        UnhealthyContainerAnalyzer.self,
        UnregisteredContainerAnalyzer.self,
        ContainerNetworkAnalyzer.self,
        PublishedPortAnalyzer.self,
        HostPortAnalyzer.self,
        DependencyDownAnalyzer.self,
        RestartLoopAnalyzer.self,
        SwarmServiceAnalyzer.self,
        SwarmPortAnalyzer.self,
    ]

    /// The check with this id (case-insensitive).
    public static func analyzer(id: String) -> (any Analyzer.Type)? {
        all.first { $0.description.id.caseInsensitiveCompare(id) == .orderedSame }
    }

    /// Static rules and every live check (health's too), as `infractl rules` lists them.
    public static var everyDescription: [RuleDescription] { RuleCatalog.descriptions }
}
