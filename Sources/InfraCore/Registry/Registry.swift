/// The platform's single source of truth, `.dev/infra/registry.yml` (see spec/registry.md).
public struct Registry: Sendable {
    /// Registry file, relative to the workspace root.
    public var file: String
    public var version: Int
    public var platform: String?
    /// How many changes `.dev/infra/.infractl-history` keeps (`history:`); nil for the default.
    public var historyLimit: Int?
    /// What runs the platform (`orchestrator:`, default `compose`).
    public var orchestrator: Orchestrator = .compose
    public var apps: [App]
    public var networks: [Network]
    public var systemPortServices: [String]
    public var allocations: [PortAllocation] {
        didSet { allocationIndex = Self.firstIndex(of: allocations, by: \.port) }
    }
    public var services: [Service] {
        didSet { serviceIndex = Self.firstIndex(of: services, by: \.name) }
    }
    /// Positions by port and by name, so lookups stay constant-time on large platforms.
    private var allocationIndex: [Int: Int]
    private var serviceIndex: [String: Int]
    public var startupOrder: [Tier]
    public var rules: RuleSettings
    /// Keys the format does not know, reported by REG002.
    public var unknownKeys: [UnknownKey]

    public init(
        file: String, version: Int = 1, platform: String? = nil, apps: [App] = [], networks: [Network] = [],
        systemPortServices: [String] = [], allocations: [PortAllocation] = [], services: [Service] = [],
        startupOrder: [Tier] = [], rules: RuleSettings = RuleSettings(), unknownKeys: [UnknownKey] = []
    ) {
        self.file = file
        self.version = version
        self.platform = platform
        self.apps = apps
        self.networks = networks
        self.systemPortServices = systemPortServices
        self.allocations = allocations
        self.services = services
        self.allocationIndex = Self.firstIndex(of: allocations, by: \.port)
        self.serviceIndex = Self.firstIndex(of: services, by: \.name)
        self.startupOrder = startupOrder
        self.rules = rules
        self.unknownKeys = unknownKeys
    }

    private static func firstIndex<Element, Key: Hashable>(of elements: [Element], by key: KeyPath<Element, Key>) -> [Key: Int] {
        var index: [Key: Int] = [:]
        for (position, element) in elements.enumerated() where index[element[keyPath: key]] == nil {
            index[element[keyPath: key]] = position
        }
        return index
    }
}

extension Registry {
    /// An application and its inclusive host-port range.
    public struct App: Sendable, Hashable {
        public var name: String
        public var ports: ClosedRange<Int>
        public var description: String?
        public var location: SourceLocation

        public init(name: String, ports: ClosedRange<Int>, description: String? = nil, location: SourceLocation) {
            self.name = name
            self.ports = ports
            self.description = description
            self.location = location
        }
    }

    /// A network the platform declares.
    public struct Network: Sendable, Hashable {
        public var name: String
        public var external: Bool
        public var shared: Bool
        public var `internal`: Bool
        /// The driver `infractl up` creates it with (`bridge` when unset; `overlay` on a swarm).
        public var driver: String?
        /// Whether standalone containers may join it (an overlay network on a swarm).
        public var attachable: Bool
        public var app: String?
        public var description: String?
        public var location: SourceLocation

        public init(
            name: String, external: Bool = false, shared: Bool = false, internal: Bool = false,
            app: String? = nil, description: String? = nil, driver: String? = nil, attachable: Bool = false,
            location: SourceLocation
        ) {
            self.driver = driver
            self.attachable = attachable
            self.name = name
            self.external = external
            self.shared = shared
            self.internal = `internal`
            self.app = app
            self.description = description
            self.location = location
        }
    }

    /// One host port and its owner, from `port_registry.allocated`.
    public struct PortAllocation: Sendable, Hashable {
        public var port: Int
        public var service: String
        public var app: String
        public var type: ServiceType?
        public var internalPort: Int?
        public var `protocol`: PortProtocol?
        public var description: String?
        public var networks: [String]
        public var rangeException: String?
        /// Where the port key is written.
        public var location: SourceLocation
        /// Where each field's value is written, by field name.
        public var fieldLocations: FieldLocations
        /// Whether the registry file allocates it or a proposed compose file publishes it.
        public var origin: Origin

        public init(
            port: Int, service: String, app: String, type: ServiceType? = nil, internalPort: Int? = nil,
            protocol: PortProtocol? = nil, description: String? = nil, networks: [String] = [],
            rangeException: String? = nil, location: SourceLocation, fieldLocations: FieldLocations = [:],
            origin: Origin = .registry
        ) {
            self.port = port
            self.service = service
            self.app = app
            self.type = type
            self.internalPort = internalPort
            self.protocol = `protocol`
            self.description = description
            self.networks = networks
            self.rangeException = rangeException
            self.location = location
            self.fieldLocations = fieldLocations
            self.origin = origin
        }

        /// The location of a field, or of the allocation when the field is absent.
        public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? location }
    }

    /// The protocol an allocated port speaks.
    public enum PortProtocol: String, Sendable, Hashable, CaseIterable {
        case tcp, udp, http, https, grpc
    }

    /// A registered service: `services.<app>.<env>[]`.
    public struct Service: Sendable, Hashable {
        /// The fields, shared by copies until one changes (`CopyOnWrite`): every lookup by name
        /// returns a copy, and the rules make them by the thousand.
        private struct Fields: Sendable, Hashable {
            var name: String
            var app: String
            var environment: Environment
            var image: String?
            var type: ServiceType
            var tier: Int?
            var ports: [Located<Int>]
            var networks: [Located<String>]
            var dependencies: [Located<String>]
            var composeFile: String
            var composeOverlays: [String]
            var environmentVariables: [Located<String>]
            var health: Health?
            var domain: String?
            var location: SourceLocation
            var fieldLocations: FieldLocations
            var origin: Origin
        }

        private var fields: CopyOnWrite<Fields>

        public var name: String {
            get { fields.value.name }
            _modify { yield &fields.value.name }
        }
        public var app: String {
            get { fields.value.app }
            _modify { yield &fields.value.app }
        }
        public var environment: Environment {
            get { fields.value.environment }
            _modify { yield &fields.value.environment }
        }
        public var image: String? {
            get { fields.value.image }
            _modify { yield &fields.value.image }
        }
        public var type: ServiceType {
            get { fields.value.type }
            _modify { yield &fields.value.type }
        }
        public var tier: Int? {
            get { fields.value.tier }
            _modify { yield &fields.value.tier }
        }
        public var ports: [Located<Int>] {
            get { fields.value.ports }
            _modify { yield &fields.value.ports }
        }
        public var networks: [Located<String>] {
            get { fields.value.networks }
            _modify { yield &fields.value.networks }
        }
        public var dependencies: [Located<String>] {
            get { fields.value.dependencies }
            _modify { yield &fields.value.dependencies }
        }
        public var composeFile: String {
            get { fields.value.composeFile }
            _modify { yield &fields.value.composeFile }
        }
        public var composeOverlays: [String] {
            get { fields.value.composeOverlays }
            _modify { yield &fields.value.composeOverlays }
        }
        public var environmentVariables: [Located<String>] {
            get { fields.value.environmentVariables }
            _modify { yield &fields.value.environmentVariables }
        }
        public var health: Health? {
            get { fields.value.health }
            _modify { yield &fields.value.health }
        }
        public var domain: String? {
            get { fields.value.domain }
            _modify { yield &fields.value.domain }
        }
        /// Where the service's entry (its `name`) is written.
        public var location: SourceLocation {
            get { fields.value.location }
            _modify { yield &fields.value.location }
        }
        public var fieldLocations: FieldLocations {
            get { fields.value.fieldLocations }
            _modify { yield &fields.value.fieldLocations }
        }
        /// Whether the registry file lists it or a proposed compose file stands in for it.
        public var origin: Origin {
            get { fields.value.origin }
            _modify { yield &fields.value.origin }
        }

        public init(
            name: String, app: String, environment: Environment = .dev, image: String? = nil, type: ServiceType,
            tier: Int? = nil, ports: [Located<Int>] = [], networks: [Located<String>] = [],
            dependencies: [Located<String>] = [], composeFile: String, composeOverlays: [String] = [],
            environmentVariables: [Located<String>] = [], health: Health? = nil, domain: String? = nil,
            location: SourceLocation, fieldLocations: FieldLocations = [:], origin: Origin = .registry
        ) {
            fields = CopyOnWrite(Fields(
                name: name, app: app, environment: environment, image: image, type: type, tier: tier,
                ports: ports, networks: networks, dependencies: dependencies, composeFile: composeFile,
                composeOverlays: composeOverlays, environmentVariables: environmentVariables, health: health,
                domain: domain, location: location, fieldLocations: fieldLocations, origin: origin))
        }

        /// The location of a field, or of the service when the field is absent.
        public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? location }

        /// The compose files that define it, base first.
        public var composeFiles: [String] { [composeFile] + composeOverlays }
    }

    /// A deployment environment of a service.
    public enum Environment: String, Sendable, Hashable, CaseIterable {
        case dev, prod
    }

    /// How a service is checked from the host.
    public struct Health: Sendable, Hashable {
        public var probe: ProbeKind
        public var port: Int?
        public var path: String?
        public var timeoutMs: Int?
        public var degradedMs: Int?
        public var location: SourceLocation

        public init(probe: ProbeKind, port: Int? = nil, path: String? = nil, timeoutMs: Int? = nil, degradedMs: Int? = nil, location: SourceLocation) {
            self.probe = probe
            self.port = port
            self.path = path
            self.timeoutMs = timeoutMs
            self.degradedMs = degradedMs
            self.location = location
        }
    }

    /// The kinds of health probe.
    public enum ProbeKind: String, Sendable, Hashable, CaseIterable {
        case postgres, redis, http, tcp, docker
    }

    /// A startup tier: services of its types start together, after all lower tiers.
    public struct Tier: Sendable, Hashable {
        public var tier: Int
        public var name: String?
        public var types: [ServiceType]
        public var location: SourceLocation

        public init(tier: Int, name: String? = nil, types: [ServiceType], location: SourceLocation) {
            self.tier = tier
            self.name = name
            self.types = types
            self.location = location
        }
    }

    /// The registry's `rules:` section.
    public struct RuleSettings: Sendable, Hashable {
        public var criticalTypes: [ServiceType]
        public var sharedApps: [String]
        public var disabled: [String]
        public var severity: [String: Severity]
        /// Rules that do not apply to some services, each with the reason.
        public var exemptions: [Exemption]
        public var location: SourceLocation?

        public init(
            criticalTypes: [ServiceType] = [.database, .cache, .api], sharedApps: [String] = [],
            disabled: [String] = [], severity: [String: Severity] = [:], exemptions: [Exemption] = [],
            location: SourceLocation? = nil
        ) {
            self.criticalTypes = criticalTypes
            self.sharedApps = sharedApps
            self.disabled = disabled
            self.severity = severity
            self.exemptions = exemptions
            self.location = location
        }

        /// Whether a finding of `rule` about `service` is exempted.
        public func isExempt(rule: String, service: String?) -> Bool {
            guard let service else { return false }
            return exemptions.contains { $0.rules.contains(rule) && $0.services.contains(service) }
        }

        /// Whether `rule` is switched off (`disabled`, any case).
        public func isDisabled(_ rule: String) -> Bool {
            disabled.contains { $0.caseInsensitiveCompare(rule) == .orderedSame }
        }

        /// The findings as the workspace wants them, whoever produced them (validate, diagnose,
        /// health, up): disabled rules dropped, exempted services left out, severities
        /// overridden. Order is kept.
        public func apply(_ findings: [Finding]) -> [Finding] {
            findings.compactMap { finding in
                guard !isDisabled(finding.rule), !isExempt(rule: finding.rule, service: finding.service) else { return nil }
                var finding = finding
                if let severity = severity[finding.rule] { finding.severity = severity }
                return finding
            }
        }
    }

    /// `{ services: [...], rules: [...], reason: "..." }`: these rules do not apply to these
    /// services, for the reason given.
    public struct Exemption: Sendable, Hashable {
        public var services: [String]
        public var rules: [String]
        public var reason: String
        public var location: SourceLocation

        public init(services: [String], rules: [String], reason: String, location: SourceLocation) {
            self.services = services
            self.rules = rules
            self.reason = reason
            self.location = location
        }
    }
}

/// The kinds of service the registry knows.
public enum ServiceType: String, Sendable, Hashable, CaseIterable {
    case database, cache, logging, search, monitoring
    case logShipper = "log-shipper"
    case proxy, api, worker, frontend, other
}

/// A value and where it is written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// A key that the file format does not define, with the nearest known key when it looks like
/// a typo.
public struct UnknownKey: Sendable, Hashable {
    public var key: String
    public var location: SourceLocation
    public var suggestion: String?

    public init(key: String, location: SourceLocation, suggestion: String? = nil) {
        self.key = key
        self.location = location
        self.suggestion = suggestion
    }
}

extension Registry {
    /// The registered service with this name.
    public func service(named name: String) -> Service? { serviceIndex[name].map { services[$0] } }

    /// The app with this name.
    public func app(named name: String) -> App? { apps.first { $0.name == name } }

    /// The network with this name.
    public func network(named name: String) -> Network? { networks.first { $0.name == name } }

    /// The network through which apps reach shared infrastructure.
    public var sharedNetwork: Network? { networks.first { $0.shared } }

    /// The allocation of a host port.
    public func allocation(of port: Int) -> PortAllocation? { allocationIndex[port].map { allocations[$0] } }

    /// The startup tier of a service: its explicit `tier`, else its type's tier in `startup_order`.
    public func tier(of service: Service) -> Int? {
        service.tier ?? startupOrder.first { $0.types.contains(service.type) }?.tier
    }

    /// Whether a service belongs to an app listed in `rules.shared_apps`.
    public func isShared(_ service: Service) -> Bool { rules.sharedApps.contains(service.app) }
}
