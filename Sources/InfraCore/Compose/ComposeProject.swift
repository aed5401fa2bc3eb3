/// A Compose project as the rules see it: a base file with its overlays merged over it,
/// variables interpolated, every value located in the file that wrote it.
public struct ComposeProject: Sendable {
    /// The files merged, base first, relative to the workspace root.
    public var files: [String]
    /// The project directory (the base file's folder), relative to the workspace root.
    public var directory: String
    /// The top-level `name`, when set.
    public var name: String?
    public var services: [ComposeService]
    public var networks: [ComposeNetwork]
    public var volumes: [Located<String>]
    /// The top-level `secrets` and `configs` keys.
    public var secrets: [Located<String>] = []
    public var configs: [Located<String>] = []
    /// Every `${VAR}` reference met while interpolating, for ENV003.
    public var variableReferences: [VariableReference]
    /// Keys the Compose Specification does not define, for REG002.
    public var unknownKeys: [UnknownKey]

    public init(
        files: [String], directory: String, name: String? = nil, services: [ComposeService] = [],
        networks: [ComposeNetwork] = [], volumes: [Located<String>] = [],
        variableReferences: [VariableReference] = [], unknownKeys: [UnknownKey] = []
    ) {
        self.files = files
        self.directory = directory
        self.name = name
        self.services = services
        self.networks = networks
        self.volumes = volumes
        self.variableReferences = variableReferences
        self.unknownKeys = unknownKeys
    }

    /// The base file.
    public var file: String { files.first ?? "" }

    /// The service with this name (the compose key, not the container name).
    public func service(named name: String) -> ComposeService? { services.first { $0.name == name } }

    /// The service whose container name (or, without one, whose key) is `name`.
    public func service(container name: String) -> ComposeService? {
        services.first { $0.containerName == name } ?? services.first { $0.containerName == nil && $0.name == name }
    }

    /// The top-level network declared under this key.
    public func network(named name: String) -> ComposeNetwork? { networks.first { $0.name == name } }

    /// The `depends_on` entries that name no service of this project, with the service that
    /// wrote each. Compose refuses such a project; `validate` reports each one (DEP001, or
    /// DEP005 when the name is a service of another project).
    public var undefinedDependencies: [(service: ComposeService, dependency: ComposeDependency)] {
        let names = Set(services.map(\.name))
        return services.flatMap { service in
            service.dependsOn.filter { !$0.isImplicit && $0.required && !names.contains($0.service) }.map { (service, $0) }
        }
    }
}

/// One service of a Compose project.
public struct ComposeService: Sendable {
    /// The fields, shared by copies until one changes (`CopyOnWrite`): rules and lookups copy
    /// services far more often than anything changes one.
    private struct Fields: Sendable {
        var name: String
        var location: SourceLocation
        var fieldLocations: FieldLocations
        var image: String?
        var build: Build?
        var containerName: String?
        var ports: [ComposePort]
        var expose: [Located<String>]
        var networks: [ServiceNetwork]
        var networksDeclared: Bool
        var networkMode: String?
        var dependsOn: [ComposeDependency]
        var environment: [EnvironmentVariable]
        var envFiles: [Located<String>]
        var healthcheck: Healthcheck?
        var labels: [Label]
        var volumes: [VolumeMount]
        var command: [String]?
        var entrypoint: [String]?
        var privileged: Bool
        var profiles: [String]
        var secrets: [Located<String>] = []
        var configs: [Located<String>] = []
        var restart: String?
        var swarmDeploy: SwarmDeploy = SwarmDeploy()
        var provider: String? = nil
        var hardening: ServiceHardening = ServiceHardening()
    }

    private var fields: CopyOnWrite<Fields>

    /// The key under `services:`.
    public var name: String {
        get { fields.value.name }
        _modify { yield &fields.value.name }
    }
    /// Where the key is written (in the first file that defines the service).
    public var location: SourceLocation {
        get { fields.value.location }
        _modify { yield &fields.value.location }
    }
    /// Where each top-level field of the service is written, by field name (`ports`, `image`…).
    public var fieldLocations: FieldLocations {
        get { fields.value.fieldLocations }
        _modify { yield &fields.value.fieldLocations }
    }
    public var image: String? {
        get { fields.value.image }
        _modify { yield &fields.value.image }
    }
    public var build: Build? {
        get { fields.value.build }
        _modify { yield &fields.value.build }
    }
    public var containerName: String? {
        get { fields.value.containerName }
        _modify { yield &fields.value.containerName }
    }
    public var ports: [ComposePort] {
        get { fields.value.ports }
        _modify { yield &fields.value.ports }
    }
    public var expose: [Located<String>] {
        get { fields.value.expose }
        _modify { yield &fields.value.expose }
    }
    /// The networks it joins; `networksDeclared` is false when the key is absent (then it is on
    /// the project's `default` network only, unless `network_mode` says otherwise).
    public var networks: [ServiceNetwork] {
        get { fields.value.networks }
        _modify { yield &fields.value.networks }
    }
    public var networksDeclared: Bool {
        get { fields.value.networksDeclared }
        _modify { yield &fields.value.networksDeclared }
    }
    public var networkMode: String? {
        get { fields.value.networkMode }
        _modify { yield &fields.value.networkMode }
    }
    public var dependsOn: [ComposeDependency] {
        get { fields.value.dependsOn }
        _modify { yield &fields.value.dependsOn }
    }
    /// The container environment: variables of the env files first (located at their lines),
    /// then `environment`, which wins over them.
    public var environment: [EnvironmentVariable] {
        get { fields.value.environment }
        _modify { yield &fields.value.environment }
    }
    /// The env files read, as workspace-relative paths, located at their `env_file` entries.
    public var envFiles: [Located<String>] {
        get { fields.value.envFiles }
        _modify { yield &fields.value.envFiles }
    }
    public var healthcheck: Healthcheck? {
        get { fields.value.healthcheck }
        _modify { yield &fields.value.healthcheck }
    }
    public var labels: [Label] {
        get { fields.value.labels }
        _modify { yield &fields.value.labels }
    }
    public var volumes: [VolumeMount] {
        get { fields.value.volumes }
        _modify { yield &fields.value.volumes }
    }
    /// `command` as a list of arguments (a string command is split as a shell would, without
    /// expansions).
    public var command: [String]? {
        get { fields.value.command }
        _modify { yield &fields.value.command }
    }
    public var entrypoint: [String]? {
        get { fields.value.entrypoint }
        _modify { yield &fields.value.entrypoint }
    }
    public var privileged: Bool {
        get { fields.value.privileged }
        _modify { yield &fields.value.privileged }
    }
    public var profiles: [String] {
        get { fields.value.profiles }
        _modify { yield &fields.value.profiles }
    }
    /// The secrets and configs it mounts (each entry's `source`, or the short form), located.
    public var secrets: [Located<String>] {
        get { fields.value.secrets }
        _modify { yield &fields.value.secrets }
    }
    public var configs: [Located<String>] {
        get { fields.value.configs }
        _modify { yield &fields.value.configs }
    }
    public var restart: String? {
        get { fields.value.restart }
        _modify { yield &fields.value.restart }
    }
    /// How `deploy:` rolls it out on a swarm.
    public var swarmDeploy: SwarmDeploy {
        get { fields.value.swarmDeploy }
        _modify { yield &fields.value.swarmDeploy }
    }
    /// The `provider.type` of a service run by a provider plugin instead of a container (it
    /// needs no image and joins no network).
    public var provider: String? {
        get { fields.value.provider }
        _modify { yield &fields.value.provider }
    }
    /// Capabilities, security options, namespaces, devices, limits: what the hardening rules read.
    public var hardening: ServiceHardening {
        get { fields.value.hardening }
        _modify { yield &fields.value.hardening }
    }

    public init(
        name: String, location: SourceLocation, fieldLocations: FieldLocations = [:],
        image: String? = nil, build: Build? = nil, containerName: String? = nil, ports: [ComposePort] = [],
        expose: [Located<String>] = [], networks: [ServiceNetwork] = [], networksDeclared: Bool = false,
        networkMode: String? = nil, dependsOn: [ComposeDependency] = [], environment: [EnvironmentVariable] = [],
        envFiles: [Located<String>] = [], healthcheck: Healthcheck? = nil, labels: [Label] = [],
        volumes: [VolumeMount] = [], command: [String]? = nil, entrypoint: [String]? = nil,
        privileged: Bool = false, profiles: [String] = [], restart: String? = nil
    ) {
        fields = CopyOnWrite(Fields(
            name: name, location: location, fieldLocations: fieldLocations, image: image, build: build,
            containerName: containerName, ports: ports, expose: expose, networks: networks,
            networksDeclared: networksDeclared, networkMode: networkMode, dependsOn: dependsOn,
            environment: environment, envFiles: envFiles, healthcheck: healthcheck, labels: labels,
            volumes: volumes, command: command, entrypoint: entrypoint, privileged: privileged,
            profiles: profiles, restart: restart))
    }

    /// The location of a field, or of the service when the field is absent.
    public func location(of field: String) -> SourceLocation { fieldLocations[field] ?? location }

    /// The container name Docker will use for it in project `project`.
    public func effectiveContainerName(project: String) -> String { containerName ?? "\(project)-\(name)-1" }

    /// The names of the networks it is on (`default` when none are listed).
    public var networkNames: [String] {
        if (networkMode != nil || provider != nil) && !networksDeclared { return [] }
        return networksDeclared ? networks.map(\.name) : ["default"]
    }

    /// Whether a working health check is defined (present, not disabled, not `["NONE"]`).
    public var hasHealthcheck: Bool { healthcheck?.isEnabled ?? false }

    /// The value of a label, whichever form defined it.
    public func label(_ key: String) -> Label? { labels.last { $0.key == key } }

    /// The environment variable with this name.
    public func variable(_ name: String) -> EnvironmentVariable? { environment.last { $0.name == name } }
}

extension ComposeService {
    /// A service's `build` section.
    public struct Build: Sendable, Hashable {
        public var context: String?
        public var dockerfile: String?
        /// The secrets the build reads (`build.secrets`), located.
        public var secrets: [Located<String>]
        public var location: SourceLocation

        public init(context: String? = nil, dockerfile: String? = nil, secrets: [Located<String>] = [], location: SourceLocation) {
            self.context = context
            self.dockerfile = dockerfile
            self.secrets = secrets
            self.location = location
        }
    }
}

/// One `ports` entry, short or long syntax, after interpolation.
public struct ComposePort: Sendable, Hashable {
    /// Host IP it binds, when given (`127.0.0.1`, `::1`).
    public var hostIP: String?
    /// Host port or range; `nil` when Docker picks an ephemeral port.
    public var published: ClosedRange<Int>?
    /// Container port or range.
    public var target: ClosedRange<Int>
    /// `tcp`, `udp` or `sctp`.
    public var `protocol`: String
    /// The entry as written (after interpolation).
    public var raw: String
    public var location: SourceLocation
    /// `mode` of the long syntax: `ingress` (the default) or `host`, which only a swarm reads.
    public var mode: String?

    public init(hostIP: String? = nil, published: ClosedRange<Int>?, target: ClosedRange<Int>, protocol: String = "tcp", raw: String, location: SourceLocation) {
        self.hostIP = hostIP
        self.published = published
        self.target = target
        self.protocol = `protocol`
        self.raw = raw
        self.location = location
    }

    /// Each host port this entry publishes.
    public var publishedPorts: [Int] { published.map(Array.init) ?? [] }

    /// Whether it binds every interface (no host IP, `0.0.0.0` or `::`).
    public var bindsAllInterfaces: Bool { hostIP == nil || hostIP == "0.0.0.0" || hostIP == "::" || hostIP == "" }
}

/// A network a service joins.
public struct ServiceNetwork: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    public var location: SourceLocation

    public init(name: String, aliases: [String] = [], location: SourceLocation) {
        self.name = name
        self.aliases = aliases
        self.location = location
    }
}

/// A `depends_on` entry.
public struct ComposeDependency: Sendable, Hashable {
    /// The conditions Compose knows.
    public enum Condition: String, Sendable, Hashable {
        case started = "service_started"
        case healthy = "service_healthy"
        case completedSuccessfully = "service_completed_successfully"
    }

    public var service: String
    public var condition: Condition
    public var required: Bool
    public var location: SourceLocation
    /// Whether Compose infers it from `links`, `volumes_from`, or `network_mode`/`ipc`/`pid`
    /// set to `service:NAME` rather than from `depends_on`.
    public var isImplicit: Bool

    public init(service: String, condition: Condition = .started, required: Bool = true, location: SourceLocation, isImplicit: Bool = false) {
        self.service = service
        self.condition = condition
        self.required = required
        self.location = location
        self.isImplicit = isImplicit
    }
}

/// A variable of a service's container environment.
public struct EnvironmentVariable: Sendable, Hashable {
    public var name: String
    /// The value after interpolation; `nil` when only the name is given (taken from the shell).
    public var value: String?
    /// The value as written, before interpolation.
    public var rawValue: String?
    /// Where it is defined: the `environment` entry, or the env file's line.
    public var location: SourceLocation
    /// The env file it comes from, when not from `environment`.
    public var envFile: String?

    public init(name: String, value: String?, rawValue: String? = nil, location: SourceLocation, envFile: String? = nil) {
        self.name = name
        self.value = value
        self.rawValue = rawValue ?? value
        self.location = location
        self.envFile = envFile
    }

    /// Whether the value is written literally (no `${VAR}` or `$VAR` reference).
    public var isLiteral: Bool {
        guard let rawValue, !rawValue.isEmpty else { return false }
        return !rawValue.contains("$")
    }
}

/// A service's `healthcheck`.
public struct Healthcheck: Sendable, Hashable {
    /// The `test` as a list (`["CMD", …]`, `["CMD-SHELL", …]`, `["NONE"]`).
    public var test: [String]
    public var disabled: Bool
    public var interval: String?
    public var timeout: String?
    public var retries: Int?
    public var startPeriod: String?
    public var location: SourceLocation
    /// Where `timeout`'s value is, when it is written.
    public var timeoutLocation: SourceLocation?

    public init(test: [String] = [], disabled: Bool = false, interval: String? = nil, timeout: String? = nil, retries: Int? = nil, startPeriod: String? = nil, location: SourceLocation) {
        self.test = test
        self.disabled = disabled
        self.interval = interval
        self.timeout = timeout
        self.retries = retries
        self.startPeriod = startPeriod
        self.location = location
    }

    /// Whether the check runs: not disabled and not `NONE`.
    public var isEnabled: Bool { !disabled && test.first != "NONE" && !test.isEmpty }
}

/// A container label.
public struct Label: Sendable, Hashable {
    public var key: String
    public var value: String
    public var location: SourceLocation

    public init(key: String, value: String, location: SourceLocation) {
        self.key = key
        self.value = value
        self.location = location
    }
}

/// A `volumes` entry of a service.
public struct VolumeMount: Sendable, Hashable {
    /// `bind`, `volume`, `tmpfs`, `npipe`, `cluster` or `image`.
    public var type: String
    /// Host path (bind) or volume name; nil for anonymous volumes.
    public var source: String?
    public var target: String
    public var readOnly: Bool
    /// The bind propagation (`shared`, `rslave`…), when set.
    public var propagation: String? = nil
    public var location: SourceLocation

    public init(type: String, source: String?, target: String, readOnly: Bool = false, location: SourceLocation) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
        self.location = location
    }
}

/// A top-level network of a project.
public struct ComposeNetwork: Sendable, Hashable {
    /// The key under `networks:`.
    public var name: String
    /// The engine-side name (`name:`), when set.
    public var externalName: String?
    public var external: Bool
    public var `internal`: Bool
    public var driver: String?
    public var location: SourceLocation

    public init(name: String, externalName: String? = nil, external: Bool = false, internal: Bool = false, driver: String? = nil, location: SourceLocation) {
        self.name = name
        self.externalName = externalName
        self.external = external
        self.internal = `internal`
        self.driver = driver
        self.location = location
    }

    /// The name the engine knows it by.
    public func engineName(project: String) -> String { externalName ?? (external ? name : "\(project)_\(name)") }
}

/// One `${VAR}` (or `$VAR`) reference in a compose file.
public struct VariableReference: Sendable, Hashable {
    public var name: String
    /// Whether the reference supplies a default or alternative (`:-`, `-`, `:+`, `+`), so an
    /// unset variable is fine; `:?`/`?` and bare references have none.
    public var hasDefault: Bool
    /// Whether the variable was set (process environment or the project's `.env`).
    public var isDefined: Bool
    public var location: SourceLocation

    public init(name: String, hasDefault: Bool, isDefined: Bool, location: SourceLocation) {
        self.name = name
        self.hasDefault = hasDefault
        self.isDefined = isDefined
        self.location = location
    }
}

extension ComposeProject {
    /// The project name Compose derives without `-p`: the top-level `name`, else the name of
    /// the base file's folder (the workspace root's for a file at the root), lower-cased, with
    /// only `a-z`, `0-9`, `-` and `_` kept and no leading `-` or `_`.
    public static func derivedName(declared: String?, baseFile: String, workspaceRoot: String) -> String {
        if let declared, !declared.isEmpty { return declared }
        return normalizedName(folderName(of: WorkspacePath.directory(of: baseFile), workspaceRoot: workspaceRoot))
    }

    /// The last component of a workspace-relative folder (of the workspace root for `""`).
    static func folderName(of directory: String, workspaceRoot: String) -> String {
        String((directory.isEmpty ? workspaceRoot : directory).split(separator: "/").last ?? "")
    }

    /// A project name as Compose normalises it (compose-go `NormalizeProjectName`):
    /// lower-cased, only `a-z`, `0-9`, `-` and `_` kept, no leading `-` or `_`.
    static func normalizedName(_ name: String) -> String {
        let kept = name.lowercased().filter { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }
        return String(kept.drop { $0 == "-" || $0 == "_" })
    }
}
