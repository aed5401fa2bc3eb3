/// Everything a new service is made of, decided once from the request and the platform's own
/// conventions, then written out as a compose service, a registry entry and an allocation.
public struct ServiceBlueprint: Sendable {
    public var name: String
    public var app: String
    public var type: ServiceType
    public var environment: Registry.Environment
    public var image: String
    public var port: Int
    public var internalPort: Int
    /// Networks it joins, `default` being the project's own.
    public var networks: [String]
    /// Registry dependencies, in the order given.
    public var dependencies: [String]
    /// An explicit startup tier, when its type's tier would not be above a dependency's.
    public var tier: Int?
    /// `depends_on` entries: compose service key and condition, for dependencies in the same project.
    public var dependsOn: [(key: String, condition: String)]
    /// Connection variables (`DATABASE_URL`, `REDIS_URL`) with their values, secrets as `${VAR}`.
    public var variables: [(name: String, value: String)]
    public var domain: String?
    /// The Traefik entry point routers use on this platform.
    public var entryPoint: String
    /// The network Traefik reaches it on, named in a label when it joins several.
    public var traefikNetwork: String?
    public var composeFile: String
    public var description: String
    /// `mem_limit` for a service of a critical type (PERF005), nil otherwise.
    public var memoryLimit: String? = nil

    /// Data stores publish on the loopback interface only.
    var bindsLoopback: Bool { type == .database || type == .cache }

    // MARK: Compose

    /// The compose service, its key line at depth 0.
    public var composeService: YAMLFragment {
        var fragment = YAMLFragment()
        fragment.field(name, depth: 0)
        fragment.field("image", YAMLText.scalar(image), depth: 1)
        fragment.field("container_name", YAMLText.scalar(name), depth: 1)
        fragment.field("restart", environment == .prod ? "always" : "unless-stopped", depth: 1)
        if !variables.isEmpty {
            fragment.field("environment", depth: 1)
            for variable in variables { fragment.field(variable.name, YAMLText.scalar(variable.value), depth: 2) }
        }
        fragment.field("ports", depth: 1)
        fragment.item(YAMLText.quoted(bindsLoopback ? "127.0.0.1:\(port):\(internalPort)" : "\(port):\(internalPort)"), depth: 2)
        if networks != ["default"] {
            fragment.field("networks", depth: 1)
            for network in networks { fragment.item(YAMLText.scalar(network), depth: 2) }
        }
        if !dependsOn.isEmpty {
            fragment.field("depends_on", depth: 1)
            for dependency in dependsOn {
                fragment.field(YAMLText.scalar(dependency.key), depth: 2)
                fragment.field("condition", dependency.condition, depth: 3)
            }
        }
        let check = healthcheck
        fragment.field("healthcheck", depth: 1)
        fragment.field("test", "[" + check.test.map(YAMLText.quoted).joined(separator: ", ") + "]", depth: 2)
        fragment.field("interval", check.interval, depth: 2)
        fragment.field("timeout", check.timeout, depth: 2)
        fragment.field("retries", String(check.retries), depth: 2)
        if let start = check.startPeriod { fragment.field("start_period", start, depth: 2) }
        if let memoryLimit { fragment.field("mem_limit", memoryLimit, depth: 1) }
        if let domain {
            let router = name
            fragment.field("labels", depth: 1)
            fragment.field("traefik.enable", "\"true\"", depth: 2)
            if networks.count > 1, let routed = traefikNetwork {
                fragment.field("traefik.docker.network", YAMLText.scalar(routed), depth: 2)
            }
            fragment.field("traefik.http.routers.\(router).rule", YAMLText.quoted("Host(`\(domain)`)"), depth: 2)
            fragment.field("traefik.http.routers.\(router).entrypoints", YAMLText.scalar(entryPoint), depth: 2)
            fragment.field("traefik.http.routers.\(router).tls", "\"true\"", depth: 2)
            fragment.field("traefik.http.services.\(router).loadbalancer.server.port", YAMLText.quoted(String(internalPort)), depth: 2)
        }
        return fragment
    }

    /// A compose health check suited to the type.
    struct Check {
        var test: [String]
        var interval: String
        var timeout: String
        var retries: Int
        var startPeriod: String?
    }

    var healthcheck: Check {
        let port = internalPort
        switch type {
        case .database:
            if image.lowercased().contains("mysql") || image.lowercased().contains("mariadb") {
                return Check(test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-P", "\(port)"], interval: "10s", timeout: "5s", retries: 5, startPeriod: "20s")
            }
            return Check(test: ["CMD-SHELL", "pg_isready -U postgres -p \(port)"], interval: "10s", timeout: "5s", retries: 5, startPeriod: "20s")
        case .cache:
            return Check(test: ["CMD", "redis-cli", "-p", "\(port)", "ping"], interval: "10s", timeout: "3s", retries: 5)
        case .api, .search:
            return Check(test: ["CMD", "curl", "-fsS", "http://localhost:\(port)/health"], interval: "10s", timeout: "5s", retries: 5, startPeriod: "30s")
        case .worker, .logShipper:
            return Check(test: ["CMD-SHELL", "nc -z localhost \(port) || exit 1"], interval: "15s", timeout: "5s", retries: 3, startPeriod: "20s")
        case .logging:
            return Check(test: ["CMD-SHELL", "wget -q --spider http://localhost:\(port)/ready || exit 1"], interval: "15s", timeout: "5s", retries: 5, startPeriod: "20s")
        case .frontend, .monitoring, .proxy, .other:
            return Check(test: ["CMD-SHELL", "wget -q --spider http://localhost:\(port)/ || exit 1"], interval: "15s", timeout: "5s", retries: 3, startPeriod: "30s")
        }
    }

    // MARK: Registry

    /// The registry's `health` for the type, as a flow mapping.
    var registryHealth: String {
        switch type {
        case .database: "{ probe: postgres }"
        case .cache: "{ probe: redis }"
        case .api, .search: "{ probe: http, path: /health }"
        case .logging: "{ probe: http, path: /ready }"
        case .worker, .logShipper: "{ probe: tcp }"
        case .frontend, .monitoring, .proxy, .other: "{ probe: http, path: / }"
        }
    }

    /// The protocol recorded with the allocation.
    var portProtocol: Registry.PortProtocol {
        switch type {
        case .database, .cache, .worker, .logShipper: .tcp
        default: .http
        }
    }

    /// The fields of `services.<app>.<env>[]`.
    public var registryFields: [YAMLField] {
        var fields = [
            YAMLField("name", YAMLText.scalar(name)),
            YAMLField("image", YAMLText.scalar(image)),
            YAMLField("type", type.rawValue),
        ]
        if let tier { fields.append(YAMLField("tier", String(tier))) }
        fields += [
            YAMLField("ports", "[\(port)]"),
            YAMLField("networks", YAMLText.flowList(networks)),
            YAMLField("dependencies", YAMLText.flowList(dependencies)),
            YAMLField("compose_file", YAMLText.scalar(composeFile)),
        ]
        if !variables.isEmpty { fields.append(YAMLField("environment", YAMLText.flowList(variables.map(\.name)))) }
        fields.append(YAMLField("health", registryHealth))
        if let domain { fields.append(YAMLField("domain", YAMLText.scalar(domain))) }
        return fields
    }

    /// The fields of `port_registry.allocated.<port>`.
    public var allocationFields: [YAMLField] {
        [
            YAMLField("service", YAMLText.scalar(name)),
            YAMLField("app", YAMLText.scalar(app)),
            YAMLField("type", type.rawValue),
            YAMLField("internal_port", String(internalPort)),
            YAMLField("protocol", portProtocol.rawValue),
            YAMLField("description", YAMLText.scalar(description)),
            YAMLField("networks", YAMLText.flowList(networks)),
        ]
    }

    /// The registry model of the service and its allocation, for the inventory row.
    func registered(location: SourceLocation) -> (Registry.Service, Registry.PortAllocation) {
        let service = Registry.Service(
            name: name, app: app, environment: environment, image: image, type: type,
            tier: tier, ports: [Located(port, at: location)], networks: networks.map { Located($0, at: location) },
            dependencies: dependencies.map { Located($0, at: location) }, composeFile: composeFile,
            environmentVariables: variables.map { Located($0.name, at: location) }, domain: domain, location: location)
        let allocation = Registry.PortAllocation(
            port: port, service: name, app: app, type: type, internalPort: internalPort, protocol: portProtocol,
            description: description, networks: networks, location: location)
        return (service, allocation)
    }
}
