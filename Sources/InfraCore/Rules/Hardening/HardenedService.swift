/// A compose service as the hardening rules judge it. A linter of one file sees only the file;
/// the registry adds what the service is (a data store, the proxy, an internal worker) and
/// whether the outside world reaches it (a port on every interface, or a Traefik route), so a
/// missing guard can weigh more on an exposed api than on an internal worker.
struct HardenedService {
    var entry: ValidationContext.Entry
    /// The platform name: the registry's, else the container name, else the compose key.
    var name: String
    var app: String?
    /// The registry type, else the type its image suggests.
    var type: ServiceType
    /// Whether anything outside the host reaches it: a published port on every interface, a
    /// registry `domain`, or `traefik.enable=true`.
    var isExposed: Bool

    var compose: ComposeService { entry.service }
    var hardening: ServiceHardening { entry.service.hardening }

    /// Every compose service of the context once (a file two projects share is judged once).
    static func all(in context: ValidationContext) -> [HardenedService] {
        var seen: Set<SourceLocation> = []
        return context.entries.compactMap { entry in
            guard entry.service.provider == nil, seen.insert(entry.service.location).inserted else { return nil }
            let service = entry.service
            let routed = entry.registered?.domain != nil || service.label("traefik.enable")?.value.lowercased() == "true"
            return HardenedService(
                entry: entry, name: entry.registered?.name ?? ValidationContext.platformName(of: service),
                app: entry.registered?.app, type: entry.registered?.type ?? ProposedChange.guessType(service),
                isExposed: routed || service.ports.contains(where: \.bindsAllInterfaces))
        }
    }

    /// `exposed` for a service the outside world reaches, `internal` for the others.
    func severity(exposed: Severity, internal: Severity) -> Severity { isExposed ? exposed : `internal` }

    /// What the evidence says about the service's reach, for the messages of rules whose
    /// severity depends on it.
    var reach: String {
        isExposed ? "\(name) is reachable from outside the host" : "\(name) is reachable from inside the platform only"
    }

    /// A finding of `rule` at `severity`.
    func finding(
        _ rule: RuleDescription, _ message: String, at location: SourceLocation, severity: Severity? = nil,
        evidence: [String] = [], fix: Fix? = nil
    ) -> Finding {
        var finding = rule.finding(message, at: location, service: name, app: app, evidence: evidence, fix: fix)
        if let severity { finding.severity = severity }
        return finding
    }
}
