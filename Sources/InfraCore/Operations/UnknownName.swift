import Foundation

/// A name given to a command that the registry does not know (a service, an app, a service
/// type): one error type, one wording and one "did you mean" for every operation and front end.
public struct UnknownName: InfraError, Sendable, Hashable, CustomStringConvertible {
    /// What kind of name it is: `service`, `app`, `service type`, `dependency`, `rule`.
    public var kind: String
    public var name: String
    /// The nearest known name, when one is near enough to be a typo.
    public var suggestion: String?
    /// Every known name, listed when there are few.
    public var known: [String]
    /// Where the known names come from, or what to do instead.
    public var hint: String?

    public init(_ kind: String, _ name: String, among known: [String], hint: String? = nil) {
        self.kind = kind
        self.name = name
        self.known = known
        self.hint = hint
        suggestion = NodeReader.suggestion(for: name, among: known)
    }

    /// `unknown app 'atlsa' (did you mean 'atlas'?); known: forge, atlas`.
    public var description: String {
        var message = "unknown \(kind) '\(name)'"
        if let suggestion { message += " (did you mean '\(suggestion)'?)" }
        if !known.isEmpty, known.count <= 20 { message += "; known: \(known.joined(separator: ", "))" }
        if let hint { message += "; \(hint)" }
        return message
    }

    public var errorDescription: String? { description }
    public var code: String { "unknown-name" }
}

extension Registry {
    /// Each of `names` as a registered service, or the error for the first unknown one.
    public func resolveServices(_ names: [String]) throws(UnknownName) -> [Service] {
        try names.map { name throws(UnknownName) in
            guard let service = service(named: name) else {
                throw UnknownName("service", name, among: services.map(\.name), hint: "the registry \(file) lists the services")
            }
            return service
        }
    }

    /// Checks that every one of `names` is an app: declared under `apps` (with `declared`), or
    /// else named by a service too.
    public func resolveApps(_ names: [String], declared: Bool = false) throws(UnknownName) {
        let known = Set(apps.map(\.name) + (declared ? [] : services.map(\.app))).sorted()
        for name in names where !known.contains(name) {
            throw UnknownName("app", name, among: known, hint: "apps are declared under `apps:` in \(file)")
        }
    }
}
