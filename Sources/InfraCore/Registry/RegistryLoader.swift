import Foundation

/// Reads `.dev/infra/registry.yml` into a `Registry`, reporting every problem with its place.
public struct RegistryLoader: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// The one registry version this build reads.
    public static let supportedVersion = 1

    static let topLevelKeys: Set<String> = [
        "version", "platform", "apps", "networks", "port_registry", "services", "startup_order", "rules", "history", "orchestrator",
    ]
    static let appKeys: Set<String> = ["ports", "description"]
    static let networkKeys: Set<String> = ["external", "shared", "internal", "app", "description", "driver", "name", "attachable"]
    static let portRegistryKeys: Set<String> = ["system_port_services", "allocated"]
    static let allocationKeys: Set<String> = ["service", "app", "type", "internal_port", "protocol", "description", "networks", "range_exception"]
    static let serviceKeys: Set<String> = [
        "name", "image", "type", "tier", "ports", "networks", "dependencies", "compose_file", "compose_overlays",
        "environment", "health", "domain", "description",
    ]
    static let healthKeys: Set<String> = ["probe", "port", "path", "timeout_ms", "degraded_ms"]
    static let tierKeys: Set<String> = ["tier", "name", "types"]
    static let ruleKeys: Set<String> = ["critical_types", "shared_apps", "disabled", "severity", "exemptions"]
    static let exemptionKeys: Set<String> = ["services", "rules", "reason"]

    /// Loads and checks the registry. Throws every input problem together.
    public func load() throws(InputErrors) -> Registry {
        let file = workspace.registryPath
        let text: String
        let root: YAMLNode?
        do {
            text = try workspace.read(file, referencedAt: nil)
            root = try YAMLParser.parse(text, file: file)
        } catch {
            throw InputErrors([error])
        }
        var reader = NodeReader()
        var registry = Registry(file: file)
        guard let root, let top = reader.mapping(root, "the registry") else {
            if root == nil { reader.fail(SourceLocation(file: file, line: 1, column: 1), "the registry is empty; it needs at least `version: 1`") }
            throw InputErrors(reader.errors)
        }
        reader.checkKeys(top, known: Self.topLevelKeys)
        var parser = Parser(reader: reader, file: file)
        parser.read(top, into: &registry)
        registry.unknownKeys = parser.reader.unknownKeys
        guard parser.reader.errors.isEmpty else { throw InputErrors(parser.reader.errors) }
        return registry
    }

    /// The field-by-field reading, holding the reader that collects problems.
    private struct Parser {
        var reader: NodeReader
        let file: String

        mutating func read(_ top: [YAMLNode.Pair], into registry: inout Registry) {
            let root = top.first?.key.location ?? SourceLocation(file: file, line: 1, column: 1)
            if let version = value(top, "version") {
                if let number = version.int, number == RegistryLoader.supportedVersion {
                    registry.version = number
                } else {
                    reader.fail(version.location, "unsupported registry version \(version.string ?? version.typeDescription); this infractl reads version \(RegistryLoader.supportedVersion)")
                }
            } else {
                reader.fail(SourceLocation(file: file, line: root.line, column: 1), "missing required key `version` (version: \(RegistryLoader.supportedVersion))")
            }
            if let node = value(top, "platform") { registry.platform = reader.string(node, "platform") }
            if let node = value(top, "apps") { registry.apps = apps(node) }
            if let node = value(top, "networks") { registry.networks = networks(node) }
            if let node = value(top, "port_registry") { portRegistry(node, into: &registry) }
            if let node = value(top, "startup_order") { registry.startupOrder = tiers(node) }
            if let node = value(top, "rules") { registry.rules = rules(node) }
            if let node = value(top, "history"), let limit = reader.int(node, "history") {
                if limit >= 1 { registry.historyLimit = limit } else { reader.fail(node.location, "history: keeps at least 1 change (got \(limit))") }
            }
            if let node = value(top, "orchestrator"), let target = reader.oneOf(node, "orchestrator", as: Orchestrator.self) {
                registry.orchestrator = target
            }
            if let node = value(top, "services") { registry.services = services(node) }
            crossCheck(registry)
        }

        /// The value under `key`, nil when absent or null.
        func value(_ pairs: [YAMLNode.Pair], _ key: String) -> YAMLNode? {
            // By index: the value alone is copied, not each pair looked at.
            // The key's text as written: a null key (`~:`) never spells one of ours.
            guard let index = pairs.firstIndex(where: { pair in
                if case .scalar(let scalar) = pair.key.kind { scalar.string == key } else { false }
            }), !pairs[index].value.isNull else { return nil }
            return pairs[index].value
        }

        /// Where each field of a mapping is written, by key.
        static func fieldLocations(_ fields: [YAMLNode.Pair]) -> FieldLocations {
            var locations = FieldLocations()
            locations.reserveCapacity(fields.count)
            for index in fields.indices {
                if let key = fields[index].key.string { locations[key] = fields[index].value.location }
            }
            return locations
        }

        mutating func apps(_ node: YAMLNode) -> [Registry.App] {
            guard let pairs = reader.mapping(node, "apps") else { return [] }
            return pairs.compactMap { pair in
                guard let name = reader.string(pair.key, "an app name") else { return nil }
                guard let fields = reader.mapping(pair.value, "apps.\(name)") else { return nil }
                reader.checkKeys(fields, known: RegistryLoader.appKeys)
                guard let portsNode = value(fields, "ports") else {
                    reader.fail(pair.key.location, "apps.\(name) is missing required key `ports` (a range such as 4000-4999)")
                    return nil
                }
                guard let range = portRange(portsNode, "apps.\(name).ports") else { return nil }
                let description = value(fields, "description").flatMap { reader.string($0, "apps.\(name).description") }
                return Registry.App(name: name, ports: range, description: description, location: pair.key.location)
            }
        }

        mutating func portRange(_ node: YAMLNode, _ what: String) -> ClosedRange<Int>? {
            guard let text = reader.string(node, what) else { return nil }
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingSpaces()) }
            guard parts.count == 2, let low = parts[0], let high = parts[1] else {
                reader.fail(node.location, "\(what) must be a port range such as 4000-4999, found '\(text)'")
                return nil
            }
            guard (1...65535).contains(low), (1...65535).contains(high), low <= high else {
                reader.fail(node.location, "\(what) \(text) is not a valid range of ports 1-65535")
                return nil
            }
            return low...high
        }

        mutating func port(_ node: YAMLNode, _ what: String) -> Int? {
            guard let port = reader.int(node, what) else { return nil }
            guard (1...65535).contains(port) else {
                reader.fail(node.location, "\(what) \(port) is not a port number (1-65535)")
                return nil
            }
            return port
        }

        mutating func flag(_ fields: [YAMLNode.Pair], _ key: String, _ what: String) -> Bool {
            value(fields, key).flatMap { reader.bool($0, "\(what).\(key)") } ?? false
        }

        mutating func networks(_ node: YAMLNode) -> [Registry.Network] {
            guard let pairs = reader.mapping(node, "networks") else { return [] }
            return pairs.compactMap { pair in
                guard let name = reader.string(pair.key, "a network name") else { return nil }
                let what = "networks.\(name)"
                let fields = pair.value.isNull ? [] : (reader.mapping(pair.value, what) ?? [])
                reader.checkKeys(fields, known: RegistryLoader.networkKeys)
                return Registry.Network(
                    name: name, external: flag(fields, "external", what), shared: flag(fields, "shared", what),
                    internal: flag(fields, "internal", what),
                    app: value(fields, "app").flatMap { reader.string($0, "\(what).app") },
                    description: value(fields, "description").flatMap { reader.string($0, "\(what).description") },
                    driver: value(fields, "driver").flatMap { reader.string($0, "\(what).driver") },
                    attachable: flag(fields, "attachable", what), location: pair.key.location)
            }
        }

        mutating func portRegistry(_ node: YAMLNode, into registry: inout Registry) {
            guard let fields = reader.mapping(node, "port_registry") else { return }
            reader.checkKeys(fields, known: RegistryLoader.portRegistryKeys)
            if let list = value(fields, "system_port_services") {
                registry.systemPortServices = reader.stringList(list, "port_registry.system_port_services")?.map(\.value) ?? []
            }
            guard let allocated = value(fields, "allocated"), let pairs = reader.mapping(allocated, "port_registry.allocated") else { return }
            registry.allocations = pairs.compactMap { pair in allocation(pair) }
        }

        mutating func allocation(_ pair: YAMLNode.Pair) -> Registry.PortAllocation? {
            guard let number = port(pair.key, "an allocated port") else { return nil }
            let what = "port_registry.allocated.\(number)"
            guard let fields = reader.mapping(pair.value, what) else { return nil }
            reader.checkKeys(fields, known: RegistryLoader.allocationKeys)
            let locations = Self.fieldLocations(fields)
            let service = required(fields, "service", what, at: pair.key.location)
            let app = required(fields, "app", what, at: pair.key.location)
            guard let service, let app else { return nil }
            return Registry.PortAllocation(
                port: number, service: service, app: app,
                type: value(fields, "type").flatMap { reader.oneOf($0, "\(what).type", as: ServiceType.self) },
                internalPort: value(fields, "internal_port").flatMap { port($0, "\(what).internal_port") },
                protocol: value(fields, "protocol").flatMap { reader.oneOf($0, "\(what).protocol", as: Registry.PortProtocol.self) },
                description: value(fields, "description").flatMap { reader.string($0, "\(what).description") },
                networks: value(fields, "networks").flatMap { reader.stringList($0, "\(what).networks") }?.map(\.value) ?? [],
                rangeException: value(fields, "range_exception").flatMap { reader.string($0, "\(what).range_exception") },
                location: pair.key.location, fieldLocations: locations)
        }

        mutating func required(_ fields: [YAMLNode.Pair], _ key: String, _ what: String, at location: SourceLocation) -> String? {
            guard let node = value(fields, key) else {
                reader.fail(location, "\(what) is missing required key `\(key)`")
                return nil
            }
            return reader.string(node, "\(what).\(key)")
        }

        mutating func services(_ node: YAMLNode) -> [Registry.Service] {
            guard let apps = reader.mapping(node, "services") else { return [] }
            var services: [Registry.Service] = []
            for appPair in apps {
                guard let app = reader.string(appPair.key, "an app name"),
                      let environments = reader.mapping(appPair.value, "services.\(app)") else { continue }
                for environmentPair in environments {
                    guard let environment = reader.oneOf(environmentPair.key, "the environment of services.\(app)", as: Registry.Environment.self) else { continue }
                    let what = "services.\(app).\(environment.rawValue)"
                    if environmentPair.value.isNull { continue }
                    guard let list = reader.sequence(environmentPair.value, what) else { continue }
                    for (index, item) in list.enumerated() {
                        if let service = service(item, app: app, environment: environment, what: "\(what)[\(index)]") {
                            services.append(service)
                        }
                    }
                }
            }
            return services
        }

        mutating func service(_ node: YAMLNode, app: String, environment: Registry.Environment, what: String) -> Registry.Service? {
            guard let fields = reader.mapping(node, what) else { return nil }
            reader.checkKeys(fields, known: RegistryLoader.serviceKeys)
            let locations = Self.fieldLocations(fields)
            let name = required(fields, "name", what, at: node.location)
            let what = name.map { "service \($0)" } ?? what
            let type: ServiceType?
            if let typeNode = value(fields, "type") {
                type = reader.oneOf(typeNode, "\(what): type", as: ServiceType.self)
            } else {
                reader.fail(node.location, "\(what) is missing required key `type`")
                type = nil
            }
            let composeFile = value(fields, "compose_file").flatMap { path($0, "\(what): compose_file") }
            if value(fields, "compose_file") == nil { reader.fail(node.location, "\(what) is missing required key `compose_file`") }
            let overlays = value(fields, "compose_overlays").flatMap { reader.sequence($0, "\(what): compose_overlays") }?
                .compactMap { path($0, "\(what): compose_overlays") } ?? []
            let ports = value(fields, "ports").flatMap { reader.sequence($0, "\(what): ports") }?
                .compactMap { item in port(item, "\(what): port").map { Located($0, at: item.location) } } ?? []
            let tier = value(fields, "tier").flatMap { reader.int($0, "\(what): tier") }
            let health = value(fields, "health").flatMap { self.health($0, what) }
            guard let name, let type, let composeFile else { return nil }
            return Registry.Service(
                name: name, app: app, environment: environment,
                image: value(fields, "image").flatMap { reader.string($0, "\(what): image") },
                type: type, tier: tier, ports: ports,
                networks: value(fields, "networks").flatMap { reader.stringList($0, "\(what): networks") } ?? [],
                dependencies: value(fields, "dependencies").flatMap { reader.stringList($0, "\(what): dependencies") } ?? [],
                composeFile: composeFile, composeOverlays: overlays,
                environmentVariables: value(fields, "environment").flatMap { reader.stringList($0, "\(what): environment") } ?? [],
                health: health,
                domain: value(fields, "domain").flatMap { reader.string($0, "\(what): domain") },
                location: locations["name"] ?? node.location, fieldLocations: locations)
        }

        /// A workspace-relative path, normalised; an error when it leaves the workspace.
        mutating func path(_ node: YAMLNode, _ what: String) -> String? {
            guard let text = reader.string(node, what) else { return nil }
            guard let path = WorkspacePath.normalize(text), !path.isEmpty else {
                reader.fail(node.location, "\(what) \(text) leaves the workspace; paths must be relative to the workspace root and stay inside it")
                return nil
            }
            return path
        }

        mutating func health(_ node: YAMLNode, _ what: String) -> Registry.Health? {
            guard let fields = reader.mapping(node, "\(what): health") else { return nil }
            reader.checkKeys(fields, known: RegistryLoader.healthKeys)
            guard let probeNode = value(fields, "probe") else {
                reader.fail(node.location, "\(what): health is missing required key `probe`")
                return nil
            }
            guard let probe = reader.oneOf(probeNode, "\(what): health.probe", as: Registry.ProbeKind.self) else { return nil }
            return Registry.Health(
                probe: probe,
                port: value(fields, "port").flatMap { port($0, "\(what): health.port") },
                path: value(fields, "path").flatMap { reader.string($0, "\(what): health.path") },
                timeoutMs: value(fields, "timeout_ms").flatMap { reader.int($0, "\(what): health.timeout_ms") },
                degradedMs: value(fields, "degraded_ms").flatMap { reader.int($0, "\(what): health.degraded_ms") },
                location: node.location)
        }

        mutating func tiers(_ node: YAMLNode) -> [Registry.Tier] {
            guard let items = reader.sequence(node, "startup_order") else { return [] }
            return items.enumerated().compactMap { index, item in
                let what = "startup_order[\(index)]"
                guard let fields = reader.mapping(item, what) else { return nil }
                reader.checkKeys(fields, known: RegistryLoader.tierKeys)
                guard let tierNode = value(fields, "tier") else {
                    reader.fail(item.location, "\(what) is missing required key `tier`")
                    return nil
                }
                guard let tier = reader.int(tierNode, "\(what).tier") else { return nil }
                let types = value(fields, "types").flatMap { reader.sequence($0, "\(what).types") }?
                    .compactMap { reader.oneOf($0, "\(what).types", as: ServiceType.self) } ?? []
                return Registry.Tier(tier: tier, name: value(fields, "name").flatMap { reader.string($0, "\(what).name") }, types: types, location: item.location)
            }
        }

        mutating func rules(_ node: YAMLNode) -> Registry.RuleSettings {
            var settings = Registry.RuleSettings(location: node.location)
            guard let fields = reader.mapping(node, "rules") else { return settings }
            reader.checkKeys(fields, known: RegistryLoader.ruleKeys)
            if let list = value(fields, "critical_types").flatMap({ reader.sequence($0, "rules.critical_types") }) {
                settings.criticalTypes = list.compactMap { reader.oneOf($0, "rules.critical_types", as: ServiceType.self) }
            }
            if let list = value(fields, "shared_apps").flatMap({ reader.stringList($0, "rules.shared_apps") }) {
                settings.sharedApps = list.map(\.value)
            }
            if let list = value(fields, "disabled").flatMap({ reader.stringList($0, "rules.disabled") }) {
                settings.disabled = list.map { $0.value.uppercased() }
            }
            if let map = value(fields, "severity").flatMap({ reader.mapping($0, "rules.severity") }) {
                for pair in map {
                    guard let id = reader.string(pair.key, "a rule id"),
                          let severity = reader.oneOf(pair.value, "rules.severity.\(id)", as: Severity.self) else { continue }
                    settings.severity[id.uppercased()] = severity
                }
            }
            if let list = value(fields, "exemptions").flatMap({ reader.sequence($0, "rules.exemptions") }) {
                settings.exemptions = list.enumerated().compactMap { index, item in exemption(item, "rules.exemptions[\(index)]") }
            }
            return settings
        }

        mutating func exemption(_ node: YAMLNode, _ what: String) -> Registry.Exemption? {
            guard let fields = reader.mapping(node, what) else { return nil }
            reader.checkKeys(fields, known: RegistryLoader.exemptionKeys)
            let services = value(fields, "services").flatMap { reader.stringList($0, "\(what).services") }?.map(\.value) ?? []
            let rules = value(fields, "rules").flatMap { reader.stringList($0, "\(what).rules") }?.map { $0.value.uppercased() } ?? []
            let reason = value(fields, "reason").flatMap { reader.string($0, "\(what).reason") }?.trimmingSpaces() ?? ""
            if services.isEmpty { reader.fail(node.location, "\(what) needs `services`: the services it exempts") }
            if rules.isEmpty { reader.fail(node.location, "\(what) needs `rules`: the rule ids it exempts them from") }
            if reason.isEmpty { reader.fail(node.location, "\(what) needs a `reason`: why these services may break these rules") }
            guard !services.isEmpty, !rules.isEmpty, !reason.isEmpty else { return nil }
            return Registry.Exemption(services: services, rules: rules, reason: reason, location: node.location)
        }

        /// References between sections that must hold for the registry to mean anything.
        mutating func crossCheck(_ registry: Registry) {
            let apps = Set(registry.apps.map(\.name))
            var seen: [String: SourceLocation] = [:]
            for service in registry.services {
                if !apps.contains(service.app) {
                    reader.fail(service.location, "service \(service.name) belongs to app '\(service.app)', which is not declared under `apps`")
                }
                if let first = seen[service.name] {
                    reader.fail(service.location, "service name \(service.name) is already used at line \(first.line); names are unique across the registry")
                } else {
                    seen[service.name] = service.location
                }
            }
            for allocation in registry.allocations where !apps.contains(allocation.app) {
                reader.fail(allocation.location(of: "app"), "port \(allocation.port) is allocated to app '\(allocation.app)', which is not declared under `apps`")
            }
        }
    }
}
