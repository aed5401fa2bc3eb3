/// What the Security Report adds to its findings: the exposure list, the routed domains and the
/// data stores reachable by apps that do not need them. JSON keys `live`, `exposure`,
/// `domains`, `isolation` and `notes`; a text summary before the findings.
public struct AuditPayload: ReportPayload {
    public var audit: SecurityAudit

    public init(_ audit: SecurityAudit) { self.audit = audit }

    public var jsonFields: [JSONMember] {
        [
            JSONMember("live", .bool(audit.live)),
            JSONMember("exposure", .array(audit.exposure.map { port in
                .fields([
                    "port": .number(port.port), "host_ip": .string(port.hostIP), "service": .string(port.service), "app": .text(port.app),
                    "type": .string(port.type), "data_store": .bool(port.isDataStore), "via": .string(port.via.rawValue), "tls": .bool(port.tls),
                    "registered": .bool(port.registered), "domains": .array(port.domains.map(JSONValue.string)),
                    "source": .string(port.source.rawValue), "file": .text(port.location?.file), "line": .number(port.location?.line),
                ])
            })),
            JSONMember("domains", .array(audit.domains.map { domain in
                .fields([
                    "domain": .string(domain.domain), "service": .text(domain.service), "router": .string(domain.router),
                    "tls": .bool(domain.tls), "certificate": .text(domain.certificate), "state": .string(domain.state),
                ])
            })),
            JSONMember("isolation", .array(audit.isolation.map { reach in
                .fields(["service": .string(reach.service), "network": .string(reach.network), "apps": .array(reach.apps.map(JSONValue.string))])
            })),
            JSONMember("notes", .array(audit.notes.map(JSONValue.string))),
        ]
    }

    /// The exposure list and the domains, one line each, before the findings.
    public var text: String? {
        var lines = ["Exposure" + (audit.live ? " (compose files, engine and host)" : " (compose files)") + ":"]
        lines += audit.exposure.isEmpty ? ["  nothing is reachable from outside the host"] : audit.exposure.map { "  " + Self.line($0) }
        if !audit.domains.isEmpty {
            lines.append("Routed domains:")
            lines += audit.domains.map { "  " + Self.line($0) }
        }
        if !audit.isolation.isEmpty {
            lines.append("Isolation:")
            lines += audit.isolation.map { "  " + Self.line($0) }
        }
        lines += audit.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// The findings print their own summary under this.
    public var replacesSummary: Bool { false }

    public func masked(by masker: SecretMasker) -> AuditPayload {
        var copy = self
        copy.audit.exposure = audit.exposure.map { port in
            var port = port
            port.service = masker.mask(port.service)
            return port
        }
        copy.audit.notes = audit.notes.map(masker.mask)
        return copy
    }

    /// `3000 on 0.0.0.0 → forge-grafana (forge, monitoring): direct, no TLS, registered`.
    static func line(_ port: ExposedPort) -> String {
        var text = "\(port.port.map(String.init) ?? "random port") on \(port.hostIP) → \(port.service)"
        text += " (" + ([port.app, port.type].compactMap { $0 }).joined(separator: ", ") + ")"
        text += port.via == .traefik ? ": via Traefik" : ": direct"
        if !port.domains.isEmpty { text += " (\(port.domains.joined(separator: ", ")))" }
        text += port.tls ? ", TLS" : ", no TLS"
        text += port.registered ? ", registered" : ", not in the registry"
        if port.source != .compose { text += ", seen on the \(port.source == .engine ? "engine" : "host") only" }
        return text
    }

    /// `grafana.axiom.local → forge-grafana: TLS, certificate forge/certs/axiom.local.pem (valid)`.
    static func line(_ domain: RoutedDomain) -> String {
        var text = "\(domain.domain) → \(domain.service ?? "router \(domain.router)"): "
        guard domain.tls else { return text + "no TLS" }
        text += "TLS"
        if let certificate = domain.certificate { text += ", certificate \(certificate)" }
        return text + " (\(domain.state))"
    }

    /// `forge-postgres is on forge-network with apps that do not depend on it: prism`.
    static func line(_ reach: DataStoreReach) -> String {
        "\(reach.service) is on \(reach.network) with apps that do not depend on it: \(reach.apps.joined(separator: ", "))"
    }

    /// The marker of an exposed port: a data store reached directly is an error, a direct port
    /// without TLS a warning, a port that only carries TLS (or redirects to it) fine.
    static func marker(_ port: ExposedPort) -> String {
        if port.isDataStore { return "❌" }
        return port.tls ? "✅" : "⚠️"
    }
}
