import Foundation

/// A Traefik router: from container labels (`traefik.http.routers.NAME.*`) or from a dynamic
/// configuration file (`http.routers.NAME`), with the place of each setting.
public struct TraefikRouter: Sendable, Hashable {
    /// `http` or `tcp`.
    public enum Kind: String, Sendable, Hashable { case http, tcp }

    /// Where the router is defined.
    public enum Origin: Sendable, Hashable {
        /// Labels of a compose service: the project's base file and the service's platform name.
        case labels(project: String, service: String)
        /// A dynamic configuration file, by workspace path.
        case file(String)
    }

    public var name: String
    public var kind: Kind
    public var origin: Origin
    /// The `rule`, where it is written.
    public var rule: Located<String>?
    /// `tls` set to anything but false (`tls=true`, a `tls` table, or any `tls.*` option).
    public var tls: Located<String>?
    /// `tls.certresolver` (`tls.certResolver` in files).
    public var certResolver: Located<String>?
    /// The entry points it is attached to; `nil` when not set (then every entry point).
    public var entryPoints: [String]?
    /// The compose service's registry app, when it comes from labels.
    public var app: String?

    public init(
        name: String, kind: Kind = .http, origin: Origin, rule: Located<String>? = nil, tls: Located<String>? = nil,
        certResolver: Located<String>? = nil, entryPoints: [String]? = nil, app: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.origin = origin
        self.rule = rule
        self.tls = tls
        self.certResolver = certResolver
        self.entryPoints = entryPoints
        self.app = app
    }

    /// The host names its rule matches (`Host`, `HostSNI`).
    public var hosts: [String] { rule.map { RouterRule.hosts($0.value) } ?? [] }

    /// The platform name of the service whose labels define it.
    public var service: String? {
        if case .labels(_, let service) = origin { return service }
        return nil
    }

    /// The routers a service's labels define. Labels of any form (list or map, base file or
    /// overlay) carry their own locations.
    public static func fromLabels(_ labels: [Label], project: String, service: String, app: String?) -> [TraefikRouter] {
        var routers: [String: TraefikRouter] = [:]
        var order: [String] = []
        for label in labels {
            let key = label.key.lowercased()
            guard let kind = [Kind.http, .tcp].first(where: { key.hasPrefix("traefik.\($0.rawValue).routers.") }) else { continue }
            // Router names keep their case as written; option names do not matter.
            let rest = label.key.dropFirst("traefik.\(kind.rawValue).routers.".count)
            guard let dot = rest.firstIndex(of: ".") else { continue }
            let name = String(rest[..<dot])
            let option = rest[rest.index(after: dot)...].lowercased()
            let id = "\(kind.rawValue).\(name)"
            if routers[id] == nil {
                routers[id] = TraefikRouter(name: name, kind: kind, origin: .labels(project: project, service: service), app: app)
                order.append(id)
            }
            let value = Located(label.value, at: label.location)
            switch option {
            case "rule": routers[id]?.rule = value
            case "tls": routers[id]?.tls = label.value.lowercased() == "false" ? nil : value
            case "tls.certresolver": routers[id]?.certResolver = label.value.isEmpty ? nil : value
            case "entrypoints":
                routers[id]?.entryPoints = label.value.split(separator: ",").map { $0.trimmingSpaces() }
            default:
                if option.hasPrefix("tls."), routers[id]?.tls == nil { routers[id]?.tls = value }
            }
        }
        return order.compactMap { routers[$0] }
    }

    /// The routers of a dynamic configuration document (`http.routers`, `tcp.routers`).
    public static func fromDynamic(_ document: YAMLNode, file: String) -> [TraefikRouter] {
        var routers: [TraefikRouter] = []
        for kind in [Kind.http, .tcp] {
            for pair in document.traefik(path: "\(kind.rawValue).routers")?.pairs ?? [] {
                guard let name = pair.key.scalar?.string else { continue }
                let node = pair.value
                var router = TraefikRouter(name: name, kind: kind, origin: .file(file))
                if let rule = node.traefik("rule"), let text = rule.scalarText {
                    router.rule = Located(text, at: node.traefikKeyLocation("rule") ?? rule.location)
                }
                if let tls = node.traefik("tls"), tls.bool != false {
                    router.tls = Located(tls.scalarText ?? "", at: node.traefikKeyLocation("tls") ?? tls.location)
                    if let resolver = tls.traefik("certresolver"), let text = resolver.scalarText, !text.isEmpty {
                        router.certResolver = Located(text, at: tls.traefikKeyLocation("certresolver") ?? resolver.location)
                    }
                }
                if let entryPoints = node.traefik("entrypoints") {
                    router.entryPoints = entryPoints.items?.compactMap(\.scalarText)
                        ?? entryPoints.scalarText.map { $0.split(separator: ",").map { $0.trimmingSpaces() } }
                }
                routers.append(router)
            }
        }
        return routers
    }
}

extension YAMLNode {
    /// Where the key `key` of a mapping is written (case-insensitive).
    func traefikKeyLocation(_ key: String) -> SourceLocation? {
        pairs?.first { $0.key.scalar?.string.lowercased() == key.lowercased() }?.key.location
    }
}
