/// Who has a host port: the registry's allocation, the compose services that publish it, and
/// what holds it on the host.
public struct PortStatus: Sendable {
    /// A compose service that publishes the port.
    public struct Publisher: Sendable, Hashable {
        public var service: String
        public var file: String
        public var location: SourceLocation
    }

    public var port: Int
    public var allocation: Registry.PortAllocation?
    public var publishers: [Publisher]
    /// What holds it on the host, described for a person.
    public var hostHolder: String?
    /// The app whose range holds the port.
    public var app: Registry.App?

    /// Free everywhere: not allocated, not published, not held.
    public var isFree: Bool { allocation == nil && publishers.isEmpty && hostHolder == nil }

    /// The port's status in `context` and on `host`.
    public init(port: Int, context: ValidationContext, host: any HostPorts) {
        self.port = port
        allocation = context.registry.allocation(of: port)
        publishers = context.projects.flatMap { project in
            project.services.flatMap { service in
                service.ports.filter { $0.publishedPorts.contains(port) }.map {
                    Publisher(service: ValidationContext.platformName(of: service), file: $0.location.file, location: $0.location)
                }
            }
        }
        hostHolder = host.holder(of: port)
        app = context.registry.apps.first { $0.ports.contains(port) }
    }
}

/// Finds free host ports: the lowest port of an app's range that the registry does not
/// allocate, no compose file publishes and nothing on the host holds.
public enum PortAllocator {
    /// The lowest free port of `range`, or `nil` when every one is taken.
    public static func lowestFree(in range: ClosedRange<Int>, context: ValidationContext, host: any HostPorts) -> Int? {
        lowestFree(in: range, claimed: claimedPorts(context), host: host)
    }

    /// The same with the claimed ports worked out once, for a report that asks of every app.
    public static func lowestFree(in range: ClosedRange<Int>, claimed: Set<Int>, host: any HostPorts) -> Int? {
        range.first { !claimed.contains($0) && host.holder(of: $0) == nil }
    }

    /// Every port the registry allocates or lists for a service, or a compose file publishes.
    public static func claimedPorts(_ context: ValidationContext) -> Set<Int> {
        var ports = Set(context.registry.allocations.map(\.port))
        ports.formUnion(context.registry.services.flatMap { $0.ports.map(\.value) })
        for project in context.projects {
            for service in project.services {
                for port in service.ports { ports.formUnion(port.publishedPorts) }
            }
        }
        return ports
    }
}
