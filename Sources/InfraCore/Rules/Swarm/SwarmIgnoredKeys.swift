/// The service keys `docker stack deploy` ignores or refuses, each with what it does instead
/// and what to write: one table, read by the rules SWM002–SWM006.
struct SwarmIgnoredKey: Sendable {
    /// The compose key.
    var key: String
    /// Whether a value of the key matters (`network_mode: host` does, `bridge` does not).
    var applies: @Sendable (ComposeService) -> Bool
    /// What stack deploy does with it.
    var effect: String
    /// The fix: what to write instead.
    var instead: String
    /// Replacement YAML for the key's line, at the key's indentation (empty: delete the line).
    var replacement: [String]

    /// The findings of this key in every compose service of the workspace.
    func findings(_ description: RuleDescription, in context: ValidationContext) -> [Finding] {
        context.entries.compactMap { entry in
            let service = entry.service
            guard let location = service.fieldLocations[key], applies(service) else { return nil }
            let name = entry.registered?.name ?? service.name
            let indent = RuleText.indent(of: location)
            return description.finding(
                "\(name) sets \(key): docker stack deploy \(effect)",
                at: location, service: name, app: entry.registered?.app,
                fix: Fix(
                    file: location.file, line: location.line,
                    replace: replacement.isEmpty ? nil : replacement.map { indent + $0 }.joined(separator: "\n"),
                    explanation: instead))
        }
    }
}
