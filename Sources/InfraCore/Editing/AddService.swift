/// What `infractl add-service` is asked for.
public struct AddServiceRequest: Sendable, Hashable {
    public var name: String
    public var app: String
    /// A service type of the registry format (checked here, so a wrong one gets the list).
    public var type: String
    public var internalPort: Int
    public var image: String?
    public var dependencies: [String]
    public var environment: Registry.Environment
    public var domain: String?
    public var description: String?

    public init(
        name: String, app: String, type: String, internalPort: Int, image: String? = nil, dependencies: [String] = [],
        environment: Registry.Environment = .dev, domain: String? = nil, description: String? = nil
    ) {
        self.name = name
        self.app = app
        self.type = type
        self.internalPort = internalPort
        self.image = image
        self.dependencies = dependencies
        self.environment = environment
        self.domain = domain
        self.description = description
    }
}

/// The change `add-service` makes, ready to validate and write.
public struct AddServicePlan: Sendable {
    public var blueprint: ServiceBlueprint
    public var changes: ChangeSet
    /// Whether the port was allocated to the service before (`ports allocate`) and reused.
    public var reusedAllocation: Bool
    /// Things a person should know or do (a placeholder secret to fill in, a file left alone).
    public var notes: [String]
}

/// Plans `add-service`: designs the service from the request and the registry (port, compose
/// file, networks, tier: `AddService+Design.swift`), then edits the registry, the compose file,
/// the `.env` that must define the secrets it references, the inventory and the changelog, one
/// step per file, each surgically (`AddService+Edits.swift`).
public enum AddService {
    /// Where the changelog lives.
    public static let changelog = ".dev/infra/CHANGELOG.md"

    public static func plan(
        _ request: AddServiceRequest, in workspace: Workspace, context: ValidationContext, host: any HostPorts, date: String
    ) throws(EditError) -> AddServicePlan {
        let design = try design(request, context: context, host: host)
        // The compose step goes first: it refuses a service its file already defines before
        // anything else is edited. The change set keeps the registry first, as it always has.
        let compose = try editCompose(design, in: workspace, context: context)
        let registry = try editRegistry(design, in: workspace)
        let env = try editEnvFile(design, in: workspace)
        let inventory = try editInventory(design, in: workspace, registry: context.registry)
        let changelog = try editChangelog(design, in: workspace, platform: context.registry.platform, date: date)
        var changes = ChangeSet()
        for change in [registry, compose, env.change, inventory.change, changelog].compactMap({ $0 }) {
            changes.set(change.path, before: change.before, after: change.after)
        }
        return AddServicePlan(
            blueprint: design.blueprint, changes: changes, reusedAllocation: design.reusedAllocation,
            notes: design.notes + env.notes + inventory.notes)
    }

    // MARK: Checks

    /// The request's app and type, or the first reason it cannot be done.
    static func check(_ request: AddServiceRequest, context: ValidationContext) throws(EditError) -> (Registry.App, ServiceType) {
        let registry = context.registry
        guard request.name.wholeMatch(of: #/[A-Za-z0-9][A-Za-z0-9_.\-]*/#) != nil, request.name.count <= 63 else {
            throw EditError("'\(request.name)' is not a valid service name: use letters, digits, '-', '_' and '.', starting with a letter or digit (at most 63 characters)")
        }
        guard let app = registry.app(named: request.app) else {
            throw EditError.unknown("app", request.app, among: registry.apps.map(\.name), hint: "apps are declared under `apps:` in \(registry.file)")
        }
        guard let type = ServiceType(rawValue: request.type) else {
            throw EditError.unknown("service type", request.type, among: ServiceType.allCases.map(\.rawValue))
        }
        guard (1...65535).contains(request.internalPort) else {
            throw EditError("--internal-port \(request.internalPort) is not a port number (1-65535)")
        }
        if let existing = registry.service(named: request.name) {
            throw EditError("service name \(request.name) is taken: app \(existing.app) registers it in \(existing.composeFile)")
        }
        if let entry = context.entries.first(where: { ValidationContext.platformName(of: $0.service) == request.name }) {
            throw EditError("service name \(request.name) is taken: \(entry.project.file) defines it")
        }
        if let allocation = registry.allocations.first(where: { $0.service == request.name && $0.app != app.name }) {
            throw EditError("service name \(request.name) is taken: port \(allocation.port) is allocated to it for app \(allocation.app)")
        }
        var seen: Set<String> = []
        for dependency in request.dependencies {
            guard seen.insert(dependency).inserted else { throw EditError("dependency \(dependency) is given twice") }
            guard registry.service(named: dependency) != nil else {
                throw EditError.unknown("dependency", dependency, among: registry.services.map(\.name), hint: "a dependency must be a service of the registry")
            }
        }
        if let domain = request.domain {
            guard domain.wholeMatch(of: #/[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+/#) != nil else {
                throw EditError("'\(domain)' is not a valid domain name")
            }
            if let other = registry.services.first(where: { $0.domain?.lowercased() == domain.lowercased() }) {
                throw EditError("domain \(domain) is already routed to \(other.name)")
            }
        }
        return (app, type)
    }

    // MARK: Conventions

    /// The compose file of the app's services in that environment, else the platform's
    /// convention: `apps/<app>/docker-compose.dev.yml` (dev) or `apps/<app>/docker-compose.yml`.
    public static func composeFile(app: String, environment: Registry.Environment, registry: Registry) -> String {
        if let existing = registry.services.first(where: { $0.app == app && $0.environment == environment }) {
            return existing.composeFile
        }
        return "apps/\(app)/" + (environment == .dev ? "docker-compose.dev.yml" : "docker-compose.yml")
    }

    /// The Compose project name of a new file: the app's name (`-dev` for development), or
    /// with the environment spelled out when another project already has that name.
    static func projectName(app: String, environment: Registry.Environment, context: ValidationContext) -> String {
        let taken = Set(context.projects.map(RegistryDriftRule.projectName))
        let candidates = environment == .prod ? [app, "\(app)-prod"] : ["\(app)-dev", "\(app)-development"]
        return candidates.first { !taken.contains($0) } ?? (1...).lazy.map { "\(candidates[1])-\($0)" }.first { !taken.contains($0) } ?? candidates[1]
    }

    /// An image for a service without `--image`: the official one for data stores, else the
    /// namespace the app's (or the platform's) images use, tagged for the environment.
    static func defaultImage(name: String, app: String, type: ServiceType, environment: Registry.Environment, registry: Registry) -> String {
        switch type {
        case .database: return "postgres:16-alpine"
        case .cache: return "redis:7-alpine"
        default: break
        }
        func namespace(_ image: String) -> String? {
            let reference = image.split(separator: "@").first.map(String.init) ?? image
            guard let slash = reference.lastIndex(of: "/") else { return nil }
            return String(reference[..<slash])
        }
        func mostCommon(_ names: [String]) -> String? { AddService.mostCommon(names) }
        let own = registry.services.filter { $0.app == app }.compactMap(\.image).compactMap(namespace)
        let others = registry.services.filter { !registry.isShared($0) }.compactMap(\.image).compactMap(namespace)
        let tag = environment == .dev ? "dev" : "latest"
        guard let prefix = mostCommon(own) ?? mostCommon(others) else { return "\(name):\(tag)" }
        return "\(prefix)/\(name):\(tag)"
    }

    /// The entry point Traefik routers use on this platform, `websecure` when none says.
    static func entryPoint(_ context: ValidationContext) -> String {
        var counts: [String: Int] = [:]
        for project in context.projects {
            for service in project.services {
                for label in service.labels where label.key.hasPrefix("traefik.http.routers.") && label.key.hasSuffix(".entrypoints") {
                    counts[label.value, default: 0] += 1
                }
            }
        }
        return mostCommon(counts.flatMap { Array(repeating: $0.key, count: $0.value) }) ?? "websecure"
    }

    /// The most frequent of `names`, the first in sort order on a tie.
    static func mostCommon(_ names: [String]) -> String? {
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        let best: (key: String, value: Int)? = counts.max { lhs, rhs in
            if lhs.value != rhs.value { return lhs.value < rhs.value }
            return lhs.key > rhs.key
        }
        return best?.key
    }

    /// `DATABASE_URL` through the database's DNS name and internal port, the user its compose
    /// service sets, the password as a reference to the variable it reads.
    static func databaseURL(_ database: Registry.Service, app: String, context: ValidationContext) -> (url: String, passwordVariable: String, source: String?) {
        let compose = context.composeService(for: database)
        let port = internalPort(of: database, context: context) ?? 5432
        let user = compose?.environment.first { $0.name == "POSTGRES_USER" || $0.name == "MYSQL_USER" }?.value.flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        var password = "POSTGRES_PASSWORD"
        if let raw = compose?.environment.first(where: { $0.name.hasSuffix("PASSWORD") })?.rawValue,
           let match = raw.wholeMatch(of: #/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?\}/#) {
            password = String(match.output.1)
        }
        let image = (database.image ?? compose?.image ?? "").lowercased()
        let scheme = image.contains("mysql") || image.contains("mariadb") ? "mysql" : "postgresql"
        let folder = WorkspacePath.directory(of: database.composeFile)
        return ("\(scheme)://\(user):${\(password)}@\(database.name):\(port)/\(app)", password, WorkspacePath.join(folder, ".env"))
    }

    /// `REDIS_URL` through the cache's DNS name and internal port, with the database number the
    /// app already uses, else the lowest one no app uses.
    static func redisURL(_ cache: Registry.Service, app: String, context: ValidationContext) -> String {
        let port = internalPort(of: cache, context: context) ?? 6379
        var used: [String: Int] = [:]
        for entry in context.entries {
            guard let url = entry.service.environment.first(where: { $0.name == "REDIS_URL" })?.value,
                  let match = url.firstMatch(of: #/redis://(?:[^@/]*@)?([^:/]+)(?::\d+)?/(\d+)/#),
                  String(match.output.1) == cache.name, let index = Int(match.output.2) else { continue }
            let owner = entry.registered?.app ?? context.app(of: entry.service, in: entry.project)?.name ?? entry.project.file
            used[owner] = used[owner] ?? index
        }
        let index = used[app] ?? (0...).first { !used.values.contains($0) } ?? 0
        return "redis://\(cache.name):\(port)/\(index)"
    }

    /// The container port a registry service listens on: its allocation's `internal_port`, else
    /// the target of its first published compose port.
    static func internalPort(of service: Registry.Service, context: ValidationContext) -> Int? {
        if let port = context.registry.allocations.first(where: { $0.service == service.name && $0.internalPort != nil })?.internalPort {
            return port
        }
        return context.composeService(for: service)?.ports.first?.target.lowerBound
    }

    static func read(_ path: String, in workspace: Workspace) throws(EditError) -> String? {
        do {
            return try workspace.readIfPresent(path, referencedAt: nil)
        } catch {
            throw EditError(error.description)
        }
    }
}
