extension AddService {
    /// What the service will be: the request checked against the registry, its port allocated,
    /// its compose file, networks, variables, secrets and tier chosen. Reads no file.
    public static func design(
        _ request: AddServiceRequest, context: ValidationContext, host: any HostPorts
    ) throws(EditError) -> AddServiceDesign {
        let registry = context.registry
        let (app, type) = try check(request, context: context)
        let reused = registry.allocations.first { $0.service == request.name && $0.app == app.name && registry.service(named: request.name) == nil }
        let port: Int
        if let reused {
            port = reused.port
        } else if let free = PortAllocator.lowestFree(in: app.ports, context: context, host: host) {
            port = free
        } else {
            throw EditError(
                "app \(app.name) has no free port left in \(app.ports.lowerBound)-\(app.ports.upperBound): every one is allocated in the registry, published by a compose file or held on this host")
        }
        let composeFile = Self.composeFile(app: app.name, environment: request.environment, registry: registry)
        let project = context.project(file: composeFile)

        var notes: [String] = []
        let dependencies = request.dependencies.compactMap { registry.service(named: $0) }
        let shared = registry.sharedNetwork
        let needsShared = dependencies.contains { registry.isShared($0) } || request.domain != nil
        // Production services run on the app's internal network (created when the app has none).
        var networks: [String]
        var newNetwork: String?
        if request.environment == .prod {
            if let isolated = registry.networks.first(where: { $0.internal && $0.app == app.name }) {
                networks = [isolated.name]
            } else {
                let name = "\(app.name)-internal"
                guard registry.network(named: name) == nil else {
                    throw EditError("app \(app.name) has no internal network and \(name) is taken; declare one with `internal: true, app: \(app.name)` in \(registry.file)")
                }
                networks = [name]
                newNetwork = name
                notes.append("\(name) is a new internal network (registry and compose file) for \(app.name)'s production services.")
            }
        } else {
            networks = ["default"]
        }
        if needsShared, let shared { networks.append(shared.name) }

        var variables: [(name: String, value: String)] = []
        var secrets: [(variable: String, source: String?)] = []
        if let database = dependencies.first(where: { $0.type == .database }) {
            let connection = databaseURL(database, app: app.name, context: context)
            variables.append(("DATABASE_URL", connection.url))
            secrets.append((connection.passwordVariable, connection.source))
        }
        if let cache = dependencies.first(where: { $0.type == .cache }) {
            variables.append(("REDIS_URL", redisURL(cache, app: app.name, context: context)))
        }
        if type == .database, request.image.map({ $0.lowercased().contains("postgres") }) ?? true {
            variables.append(("POSTGRES_PASSWORD", "${POSTGRES_PASSWORD}"))
            secrets.append(("POSTGRES_PASSWORD", nil))
        }

        let dependsOn: [(key: String, condition: String)] = dependencies.filter { $0.composeFile == composeFile }.map { dependency in
            let compose = project?.service(container: dependency.name)
            return (compose?.name ?? dependency.name, compose?.hasHealthcheck == false ? "service_started" : "service_healthy")
        }
        // A service starts after its dependencies: when its type's tier is not above theirs,
        // it gets an explicit tier one above the highest.
        var tier: Int?
        let dependencyTiers = dependencies.compactMap { registry.tier(of: $0) }
        let typeTier = registry.startupOrder.first { $0.types.contains(type) }?.tier
        if let highest = dependencyTiers.max(), let typeTier, typeTier <= highest {
            tier = highest + 1
            notes.append("\(request.name) gets tier \(highest + 1): its type's tier \(typeTier) would not start it after its dependencies.")
        }
        let environmentWord = request.environment == .prod ? "production" : "development"
        var blueprint = ServiceBlueprint(
            name: request.name, app: app.name, type: type, environment: request.environment,
            image: request.image ?? defaultImage(name: request.name, app: app.name, type: type, environment: request.environment, registry: registry),
            port: port, internalPort: request.internalPort, networks: networks, dependencies: dependencies.map(\.name), tier: tier,
            dependsOn: dependsOn, variables: variables, domain: request.domain, entryPoint: entryPoint(context),
            traefikNetwork: request.domain == nil ? nil : shared?.name, composeFile: composeFile,
            description: request.description ?? "\(app.name.uppercased()) \(type.rawValue) (\(environmentWord))")
        if registry.rules.criticalTypes.contains(type) { blueprint.memoryLimit = CriticalMemoryLimitRule.proposedLimit(for: type) }
        return AddServiceDesign(
            request: request, app: app, type: type, port: port, reusedAllocation: reused != nil, composeFile: composeFile,
            networks: networks, newNetwork: newNetwork, secrets: secrets, blueprint: blueprint, notes: notes)
    }
}
