/// The networks a service is on, as the network rules see them: its compose definition when
/// there is one (keys mapped to engine names through the top-level declarations), else its
/// registry entry. Also writes the fix that adds a network.
struct NetworkAttachment {
    /// The service's platform name (registry name, else container name, else compose key).
    var service: String
    var app: String?
    /// Engine names of the networks it is on.
    var networks: [String]
    /// Where a network is added: the compose `networks` key, else the service key; the registry
    /// `networks` field, else the service's entry.
    var location: SourceLocation
    var compose: (project: ComposeProject, service: ComposeService)?
    var registered: Registry.Service?

    /// A registry service: its compose definition, else its registry `networks`.
    init(_ registered: Registry.Service, in context: ValidationContext) {
        if let project = context.project(file: registered.composeFile),
           let service = project.service(container: registered.name) {
            self.init(service, in: project, registered: registered)
        } else {
            self.init(
                service: registered.name, app: registered.app, networks: registered.networks.map(\.value),
                location: registered.location(of: "networks"), compose: nil, registered: registered)
        }
    }

    /// A compose service.
    init(_ service: ComposeService, in project: ComposeProject, registered: Registry.Service?) {
        self.init(
            service: registered?.name ?? ValidationContext.platformName(of: service), app: registered?.app,
            networks: service.networkNames.map { project.engineNetworkName(key: $0) },
            location: service.location(of: "networks"), compose: (project, service), registered: registered)
    }

    private init(
        service: String, app: String?, networks: [String], location: SourceLocation,
        compose: (project: ComposeProject, service: ComposeService)?, registered: Registry.Service?
    ) {
        self.service = service
        self.app = app
        self.networks = networks
        self.location = location
        self.compose = compose
        self.registered = registered
    }

    /// Whether it is on the network with this engine name.
    func isOn(_ network: String) -> Bool { networks.contains(network) }

    /// Whether the service cannot join networks at all: it shares another network stack
    /// (`network_mode`) or is run by a provider plugin rather than as a container.
    var cannotJoinNetworks: Bool { compose.map { $0.service.networkMode != nil || $0.service.provider != nil } ?? false }

    /// The change that puts the service on `network` as well: the compose service's `networks`
    /// (keeping `default`, which an explicit list would otherwise drop) plus the top-level
    /// declaration when the project lacks one, or the registry's `networks`.
    func fix(adding network: String, declaration: String) -> Fix {
        guard let (project, service) = compose else {
            let names = networks.contains(network) ? networks : networks + [network]
            return Fix(
                file: location.file, line: location.line, replace: "networks: [\(names.joined(separator: ", "))]",
                explanation: "Add \(network) to the networks of \(self.service) in the registry.")
        }
        let key = project.declarations(ofEngineNetwork: network).first?.name ?? network
        let current = service.networksDeclared ? service.networks.map(\.name) : (service.networkMode == nil ? ["default"] : [])
        var yaml = "services:\n  \(service.name):\n    networks:\n"
        for name in current + [key] { yaml += "      - \(name)\n" }
        let declared = project.network(named: key) != nil
        if !declared { yaml += "networks:\n  \(key):\n    \(declaration)\n" }
        let file = location.file
        return Fix(
            file: file, line: location.line, replace: yaml,
            explanation: declared
                ? "Add \(key) to the networks of \(service.name) in \(file)."
                : "Add \(key) to the networks of \(service.name) and declare it at the top level of \(file) with `\(declaration)`.")
    }
}

extension ComposeProject {
    /// The engine name of the network a service joins under `key`: the top-level declaration's
    /// `name:` when it sets one, else the key itself (the registry names networks this way; the
    /// project prefix Compose adds to its own networks is left out).
    func engineNetworkName(key: String) -> String {
        network(named: key)?.externalName ?? key
    }

    /// The top-level declarations whose engine name is `name`.
    func declarations(ofEngineNetwork name: String) -> [ComposeNetwork] {
        networks.filter { engineNetworkName(key: $0.name) == name }
    }
}
