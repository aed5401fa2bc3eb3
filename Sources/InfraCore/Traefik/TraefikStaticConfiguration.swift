import Foundation

/// Traefik's static (install) configuration: providers, entry points, certificate resolvers.
///
/// Traefik reads it from exactly one source, in this order: a configuration file
/// (`--configFile`, else `traefik.yml`/`traefik.yaml`/`traefik.toml` in `/etc/traefik`), the
/// command line, the `TRAEFIK_*` environment. Once a file is found the command-line options are
/// ignored.
public struct TraefikStaticConfiguration: Sendable {
    /// Where the configuration was read from.
    public enum Source: Sendable, Hashable {
        /// A static file, by workspace path.
        case file(String)
        /// The service's `command` flags.
        case command
        /// `TRAEFIK_*` variables of the service's environment.
        case environment
        /// A static file Traefik reads but infractl cannot (mounted from outside the workspace,
        /// or a named volume); the reason says which.
        case unreadable(String)
        /// No configuration at all: Traefik's defaults.
        case defaults
    }

    public var source: Source
    /// Option values by lowercased dotted name (`providers.file.directory`); a table given
    /// without values (`docker: {}`) is present with an empty value.
    public var options: [String: Located<String>]
    /// Where to point a person who must change the configuration: the `command`, the static
    /// file, or the service.
    public var location: SourceLocation

    public init(source: Source, options: [String: Located<String>], location: SourceLocation) {
        self.source = source
        self.options = options
        self.location = location
    }

    /// The value of an option (case-insensitive name).
    public func value(_ name: String) -> Located<String>? { options[name.lowercased()] }

    /// Whether an option or any option below it is set, and not set to `false`.
    public func isEnabled(_ prefix: String) -> Bool {
        let prefix = prefix.lowercased()
        if let own = options[prefix] { return own.value.lowercased() != "false" }
        return options.keys.contains { $0.hasPrefix(prefix + ".") }
    }

    /// `providers.file.filename`, when set.
    public var fileProviderFilename: Located<String>? { nonEmpty("providers.file.filename") }
    /// `providers.file.directory`, when set.
    public var fileProviderDirectory: Located<String>? { nonEmpty("providers.file.directory") }
    /// Whether the file provider runs: it needs a file name or a directory.
    public var fileProviderEnabled: Bool { fileProviderFilename != nil || fileProviderDirectory != nil }

    /// Whether the Docker (or Swarm) provider reads container labels.
    public var labelProviderEnabled: Bool { isEnabled("providers.docker") || isEnabled("providers.swarm") }

    /// `providers.docker.exposedByDefault` (true unless set to false).
    public var exposedByDefault: Bool {
        let value = value("providers.docker.exposedbydefault") ?? value("providers.swarm.exposedbydefault")
        return value?.value.lowercased() != "false"
    }

    /// The names of the entry points.
    public var entryPoints: [String] {
        Set(options.keys.compactMap { key -> String? in
            let parts = key.split(separator: ".")
            return parts.count >= 2 && parts[0] == "entrypoints" ? String(parts[1]) : nil
        }).sorted()
    }

    /// Whether routers on this entry point get TLS from it (`entryPoints.NAME.http.tls`).
    public func entryPointHasTLS(_ name: String) -> Bool { isEnabled("entrypoints.\(name.lowercased()).http.tls") }

    /// The certificate resolver an entry point gives its routers, when it names one.
    public func entryPointCertResolver(_ name: String) -> Located<String>? {
        nonEmpty("entrypoints.\(name.lowercased()).http.tls.certresolver")
    }

    /// The names of the certificate resolvers (`certificatesResolvers.NAME.acme…`).
    public var certificateResolvers: [String] {
        Set(options.keys.compactMap { key -> String? in
            let parts = key.split(separator: ".")
            return parts.count >= 2 && parts[0] == "certificatesresolvers" ? String(parts[1]) : nil
        }).sorted()
    }

    private func nonEmpty(_ name: String) -> Located<String>? {
        guard let value = value(name), !value.value.isEmpty else { return nil }
        return value
    }
}

extension TraefikStaticConfiguration {
    /// The options of a static file's document, flattened to dotted lowercase names.
    static func options(of node: YAMLNode) -> [String: Located<String>] {
        var options: [String: Located<String>] = [:]
        func visit(_ node: YAMLNode, _ path: String, at location: SourceLocation) {
            switch node.kind {
            case .mapping(let pairs):
                if !path.isEmpty { options[path] = Located("", at: location) }
                for pair in pairs {
                    guard let key = pair.key.scalar?.string.lowercased() else { continue }
                    visit(pair.value, path.isEmpty ? key : "\(path).\(key)", at: pair.key.location)
                }
            case .sequence(let items):
                options[path] = Located("", at: location)
                for (index, item) in items.enumerated() { visit(item, "\(path)[\(index)]", at: item.location) }
            case .scalar:
                options[path] = Located(node.scalarText ?? "", at: location)
            }
        }
        visit(node, "", at: node.location)
        return options
    }

    /// The options of a command line, all located at the `command` key.
    static func options(of command: TraefikCommand, at location: SourceLocation) -> [String: Located<String>] {
        command.options.mapValues { Located($0, at: location) }
    }

    /// The options of `TRAEFIK_*` variables (`TRAEFIK_PROVIDERS_FILE_DIRECTORY` is
    /// `providers.file.directory`).
    static func options(of environment: [EnvironmentVariable]) -> [String: Located<String>] {
        var options: [String: Located<String>] = [:]
        for variable in environment where variable.name.uppercased().hasPrefix("TRAEFIK_") {
            let name = variable.name.dropFirst("TRAEFIK_".count).lowercased().replacingOccurrences(of: "_", with: ".")
            options[name] = Located(variable.value ?? "", at: variable.location)
        }
        return options
    }
}
