/// One host port that a compose service publishes: the port rules compare these with the
/// registry's allocations.
struct PortPublication: Sendable {
    var project: ComposeProject
    var service: ComposeService
    var entry: ComposePort
    var port: Int
    /// The name the service goes by on the platform (container name, else key).
    var owner: String
    /// Whether the service comes from a proposed change and is not registered yet.
    var isProposed: Bool

    var location: SourceLocation { entry.location }
}

extension ValidationContext {
    /// Every host port published by every compose service, each entry once even when a file
    /// takes part in two projects. Entries without a host port (Docker picks one) are left out.
    var publications: [PortPublication] {
        var seen = Set<String>()
        var result: [PortPublication] = []
        for project in projects {
            for service in project.services {
                let owner = Self.platformName(of: service)
                let proposed = isProposed(service, in: project)
                for entry in service.ports {
                    for port in entry.publishedPorts where port > 0 {
                        let key = "\(entry.location.description)|\(port)|\(owner)"
                        guard seen.insert(key).inserted else { continue }
                        result.append(PortPublication(
                            project: project, service: service, entry: entry, port: port, owner: owner, isProposed: proposed))
                    }
                }
            }
        }
        return result
    }

    /// Whether a compose service belongs to a proposed change and is not in the registry file.
    func isProposed(_ service: ComposeService, in project: ComposeProject) -> Bool {
        guard proposedFiles.contains(project.file) else { return false }
        guard let registered = registryService(for: service, in: project) else { return true }
        return !registered.origin.isRegistered
    }

    /// The registry services written in the registry file, without proposed ones.
    var registeredServices: [Registry.Service] {
        registry.services.filter(\.origin.isRegistered)
    }
}

/// The lookups the port rules repeat for every port, built once per run.
struct PortIndex: Sendable {
    let publications: [PortPublication]
    /// Every allocation of each port, in registry order (proposed services' last).
    let allocations: [Int: [Registry.PortAllocation]]
    /// The allocation of each port written in the registry file.
    let registered: [Int: Registry.PortAllocation]
    /// Ports that an allocation claims or a compose file publishes.
    let taken: Set<Int>

    init(_ context: ValidationContext) {
        publications = context.publications
        allocations = Dictionary(grouping: context.registry.allocations, by: \.port)
        var registered: [Int: Registry.PortAllocation] = [:]
        for allocation in context.registry.allocations where allocation.origin.isRegistered {
            if registered[allocation.port] == nil { registered[allocation.port] = allocation }
        }
        self.registered = registered
        taken = Set(allocations.keys).union(publications.map(\.port))
    }

    /// The first port of an app's range that no allocation claims and no compose file publishes.
    func firstFreePort(of app: Registry.App) -> Int? {
        app.ports.first { !taken.contains($0) }
    }
}

extension ComposePort {
    /// The short-syntax entry with another host port, quoted, when the entry publishes one port.
    func replacingHostPort(with port: Int) -> String? {
        hostPortReplaced(with: port).map { "\"\($0)\"" }
    }

    /// Whether two entries can bind the same host address: an unspecified host IP overlaps every
    /// address of its family (none given overlaps both families); two specific IPs only themselves.
    func hostIPOverlaps(_ other: ComposePort) -> Bool {
        let a = Self.normalizedIP(hostIP), b = Self.normalizedIP(other.hostIP)
        guard let a, let b else { return true }
        if a == b { return true }
        let aIsV6 = a.contains(":"), bIsV6 = b.contains(":")
        guard aIsV6 == bIsV6 else { return false }
        let any = aIsV6 ? "::" : "0.0.0.0"
        return a == any || b == any
    }

    /// `nil` for an entry bound to every interface of both families.
    private static func normalizedIP(_ ip: String?) -> String? {
        guard let ip, !ip.isEmpty else { return nil }
        return ip.lowercased()
    }
}

/// Formatting shared by the rules' messages and fixes.
enum RuleText {
    /// A list as `[a, b]`.
    static func list(_ items: [String]) -> String { "[\(items.joined(separator: ", "))]" }

    /// Spaces to indent a child of a YAML key written at `column` (two more than the key).
    static func childIndent(of location: SourceLocation) -> String {
        String(repeating: " ", count: max(0, location.column - 1) + 2)
    }

    /// Spaces that put text at the column of `location`.
    static func indent(of location: SourceLocation) -> String {
        String(repeating: " ", count: max(0, location.column - 1))
    }
}
