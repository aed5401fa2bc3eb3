import DockerEngine
import Foundation

/// The Security Report's analysis: what the outside world reaches (from the compose files,
/// and with `--live` from the engine and the host), the routed domains and their TLS, data
/// stores reachable by apps that do not need them, and the findings of the security rules.
/// A pure function of the workspace (and of a snapshot, for `--live`).
public struct SecurityAudit: Sendable {
    public var exposure: [ExposedPort]
    public var domains: [RoutedDomain]
    public var isolation: [DataStoreReach]
    /// The findings of `rules`, with the workspace's settings and exemptions applied.
    public var findings: [Finding]
    /// Whether the engine and the host were read (`--live`).
    public var live: Bool = false
    /// What could not be read live, said in the report.
    public var notes: [String] = []

    /// The rules an audit runs: the security and TLS rules, and NET002 (isolation).
    public static let rules: [any Rule.Type] = RuleCatalog.all.filter { rule in
        [.security, .tls].contains(rule.description.category) || rule.description.id == InternalNetworkRule.description.id
    }

    /// The static audit of `workspace`, loaded as `context`.
    public init(_ context: ValidationContext, workspace: Workspace) {
        findings = Validator(workspace: workspace, rules: Self.rules, clock: { context.now }).run(context)
        exposure = (Self.composeExposure(context) + Self.routedExposure(context)).sorted(by: Self.order)
        domains = Self.routedDomains(context)
        isolation = Self.isolation(context.registry)
    }

    // MARK: exposure

    /// Every port a compose file publishes on an outward address.
    static func composeExposure(_ context: ValidationContext) -> [ExposedPort] {
        var seen: Set<SourceLocation> = []
        var exposed: [ExposedPort] = []
        for entry in context.entries {
            let name = entry.registered?.name ?? ValidationContext.platformName(of: entry.service)
            let type = entry.registered?.type ?? ProposedChange.guessType(entry.service)
            for port in entry.service.ports where ExposedPort.isOutward(port.hostIP) && seen.insert(port.location).inserted {
                let numbers: [Int?] = port.published.map { $0.map(Optional.some) } ?? [nil]
                for number in numbers {
                    let allocated = number.flatMap { context.registry.allocation(of: $0)?.service } == name
                    exposed.append(ExposedPort(
                        port: number, hostIP: ExposedPort.display(port.hostIP), service: name, app: entry.registered?.app,
                        type: type.rawValue, isDataStore: ExposedDataStoreRule.dataStores.contains(type), via: .direct,
                        tls: type == .proxy && Self.servesTLS(port: port.target.lowerBound, proxy: name, context),
                        registered: entry.registered != nil && allocated, source: .compose, location: port.location))
                }
            }
        }
        return exposed
    }

    /// The services Traefik routes to from an entry point it publishes on an outward address
    /// (a redirecting entry point reaches no service).
    static func routedExposure(_ context: ValidationContext) -> [ExposedPort] {
        var exposed: [ExposedPort] = []
        for setup in context.traefik {
            let configuration = setup.staticConfiguration
            for router in setup.routers where router.kind == .http {
                guard let service = router.service ?? router.hosts.first.flatMap({ host in context.registry.services.first { $0.domain == host }?.name }) else {
                    continue
                }
                let registered = context.registry.service(named: service)
                let type = registered?.type ?? context.entries.first { ValidationContext.platformName(of: $0.service) == service }.map { ProposedChange.guessType($0.service) } ?? .other
                for entryPoint in router.entryPoints?.map({ $0.lowercased() }) ?? configuration.entryPoints {
                    guard !configuration.isEnabled("entrypoints.\(entryPoint).http.redirections.entrypoint.to"),
                          let target = configuration.value("entrypoints.\(entryPoint).address").flatMap({ Int($0.value.split(separator: ":").last ?? "") })
                    else { continue }
                    for port in setup.service.ports where port.target.contains(target) && ExposedPort.isOutward(port.hostIP) {
                        exposed.append(ExposedPort(
                            port: port.published?.lowerBound, hostIP: ExposedPort.display(port.hostIP), service: service, app: registered?.app ?? router.app,
                            type: type.rawValue, isDataStore: ExposedDataStoreRule.dataStores.contains(type), via: .traefik,
                            tls: setup.usesTLS(router), registered: registered != nil, domains: router.hosts, source: .compose,
                            location: router.rule?.location))
                    }
                }
            }
        }
        return exposed
    }

    /// Whether a proxy's container port is an entry point that serves TLS routers or redirects
    /// to HTTPS (what reaches a service through it is encrypted).
    private static func servesTLS(port: Int, proxy: String, _ context: ValidationContext) -> Bool {
        guard let setup = context.traefik.first(where: { $0.name == proxy }) else { return false }
        let configuration = setup.staticConfiguration
        return configuration.entryPoints.contains { entryPoint in
            guard configuration.value("entrypoints.\(entryPoint).address").flatMap({ Int($0.value.split(separator: ":").last ?? "") }) == port else {
                return false
            }
            return configuration.entryPointHasTLS(entryPoint)
                || configuration.isEnabled("entrypoints.\(entryPoint).http.redirections.entrypoint.to")
                || setup.routers.contains { ($0.entryPoints?.map { $0.lowercased() }.contains(entryPoint) ?? true) && setup.usesTLS($0) }
        }
    }

    // MARK: domains and isolation

    /// Every host name a Traefik router matches, with its TLS and certificate state.
    static func routedDomains(_ context: ValidationContext) -> [RoutedDomain] {
        var domains: [RoutedDomain] = []
        var seen: Set<String> = []
        for setup in context.traefik {
            for router in setup.routers where router.kind == .http {
                for host in router.hosts where seen.insert(host).inserted {
                    let tls = setup.usesTLS(router)
                    let certificate = setup.certificates.first { $0.summary?.covers(host) == true }
                    var state = "no TLS"
                    if tls {
                        if let summary = certificate?.summary {
                            let left = summary.notValidAfter.timeIntervalSince(context.now)
                            state = summary.notValidBefore > context.now ? "not yet valid" : left <= 0 ? "expired" : left < 14 * 86_400 ? "expiring" : "valid"
                        } else {
                            state = setup.certResolver(of: router) != nil ? "ACME" : "not covered"
                        }
                    }
                    domains.append(RoutedDomain(
                        domain: host, service: router.service, router: router.name, tls: tls, certificate: certificate?.certFile.display, state: state))
                }
            }
        }
        return domains.sorted { $0.domain < $1.domain }
    }

    /// Data stores on a shared network, with the apps on that network that do not depend on them.
    static func isolation(_ registry: Registry) -> [DataStoreReach] {
        registry.services.filter { ExposedDataStoreRule.dataStores.contains($0.type) }.flatMap { store -> [DataStoreReach] in
            store.networks.map(\.value).filter { name in registry.networks.contains { $0.name == name && $0.shared } }.compactMap { network in
                let onNetwork = registry.services.filter { $0.app != store.app && $0.networks.contains { $0.value == network } }
                let dependent = Set(onNetwork.filter { $0.dependencies.contains { $0.value == store.name } }.map(\.app))
                let apps = Array(Set(onNetwork.map(\.app)).subtracting(dependent)).sorted()
                return apps.isEmpty ? nil : DataStoreReach(service: store.name, network: network, apps: apps)
            }
        }
    }

    // MARK: live

    /// The audit with what the engine binds and the host listens on: a port seen only there is
    /// added (its service named by the container, or by the process that holds it).
    public mutating func add(_ snapshot: EngineSnapshot, matcher: ContainerMatcher, registry: Registry) {
        live = true
        for container in snapshot.containers {
            let service = matcher.registryName(of: container.summary) ?? container.name
            let registered = registry.service(named: service)
            for binding in container.summary.ports {
                guard let port = binding.publicPort, ExposedPort.isOutward(binding.ip) else { continue }
                if exposure.contains(where: { $0.port == port && $0.service == service && $0.via == .direct }) { continue }
                let type = registered?.type ?? .other
                exposure.append(ExposedPort(
                    port: port, hostIP: ExposedPort.display(binding.ip), service: service, app: registered?.app, type: type.rawValue,
                    isDataStore: ExposedDataStoreRule.dataStores.contains(type), via: .direct, tls: false,
                    registered: registered != nil && registry.allocation(of: port)?.service == service, source: .engine))
            }
        }
        if let reason = snapshot.hostPortsUnavailable { notes.append("host sockets not read: \(reason)") }
        let known = Set(exposure.compactMap(\.port))
        var listed: Set<Int> = []
        for holder in snapshot.hostPorts where holder.transport == .tcp && ExposedPort.isOutward(holder.address) {
            guard !known.contains(holder.port), holder.processName != "docker-proxy", listed.insert(holder.port).inserted else { continue }
            exposure.append(ExposedPort(
                port: holder.port, hostIP: holder.address, service: holder.processName ?? holder.pid.map { "pid \($0)" } ?? "unknown process",
                app: nil, type: "process", isDataStore: false, via: .direct, tls: false, registered: registry.allocation(of: holder.port) != nil,
                source: .host))
        }
        exposure.sort(by: Self.order)
    }

    /// Exposure in port order, then service, direct before Traefik.
    static func order(_ lhs: ExposedPort, _ rhs: ExposedPort) -> Bool {
        (lhs.port ?? 0, lhs.service, lhs.via.rawValue) < (rhs.port ?? 0, rhs.service, rhs.via.rawValue)
    }
}
