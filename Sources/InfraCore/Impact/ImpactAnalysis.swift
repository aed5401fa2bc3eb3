import Foundation

/// What a change to a service, an app, a network or a port would touch, before anyone makes it:
/// every service that depends on the target (directly or not, and how), what the change does
/// to them, and the runbook's plan (migration, risks, rollback, tests, updates). A pure
/// function of a `ValidationContext`; reads files only.
public struct ImpactAnalysis: Sendable {
    /// The change considered.
    public enum Change: Sendable, Hashable, CustomStringConvertible {
        case stop
        case remove
        case movePort(Int)
        case rename(String)
        /// A new service (`add-service --dry-run`); not a change `impact` takes on its own.
        case add

        /// `stop`, `remove`, `move-port=N`, `rename=NAME`.
        public init(_ text: String) throws(OperationError) {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            switch (parts.first ?? "", parts.count) {
            case ("stop", 1): self = .stop
            case ("remove", 1): self = .remove
            case ("move-port", 2):
                guard let port = Int(parts[1]), (1...65535).contains(port) else { throw OperationError("move-port needs a port number (1-65535), not \(parts[1])") }
                self = .movePort(port)
            case ("rename", 2) where !parts[1].isEmpty: self = .rename(parts[1])
            default: throw OperationError("unknown change \(text): use stop, remove, move-port=N or rename=NAME")
            }
        }

        public var description: String {
            switch self {
            case .stop: "stop"
            case .remove: "remove"
            case .movePort(let port): "move-port=\(port)"
            case .rename(let name): "rename=\(name)"
            case .add: "add"
            }
        }
    }

    /// A service the change reaches.
    public struct Affected: Sendable, Hashable {
        public var service: String
        public var app: String
        public var tier: Int?
        /// How it depends on the target or on a service nearer to it.
        public var via: [DependencyIndex.Via]
        /// 1 for a direct dependent.
        public var distance: Int
        /// What the change does to it, in a sentence.
        public var effect: String
        /// Where the dependence is written.
        public var evidence: [DependencyIndex.Edge]
    }

    /// A place that mentions what the change changes (a port, a name), with its file and line.
    public struct Mention: Sendable, Hashable {
        public var location: SourceLocation
        public var text: String
    }

    public var targets: [String]
    /// The registry services the targets stand for.
    public var services: [String]
    public var change: Change
    public var affected: [Affected]
    public var mentions: [Mention]
    public var migration: [String]
    public var risks: [String]
    public var rollback: [String]
    public var tests: [String]
    /// Each of registry.yml, infrastructure.md and CHANGELOG.md, and what it needs.
    public var updates: [(file: String, what: String)]

    /// The impact of `change` to `targets` (service, app, network or port names).
    public init(targets: [String], change: Change, context: ValidationContext, host: any HostPorts) throws(UnknownName) {
        let registry = context.registry
        self.targets = targets
        self.change = change
        var services: [String] = []
        var networkMembers: [String: String] = [:]  // service → network
        for target in targets {
            if let port = Int(target), let allocation = registry.allocation(of: port) {
                services.append(allocation.service)
            } else if registry.service(named: target) != nil {
                services.append(target)
            } else if registry.app(named: target) != nil || registry.services.contains(where: { $0.app == target }) {
                services += registry.services.filter { $0.app == target }.map(\.name)
            } else if let network = registry.network(named: target) {
                for service in registry.services where service.networks.contains(where: { $0.value == network.name }) {
                    networkMembers[service.name] = network.name
                }
            } else {
                let known = registry.services.map(\.name) + registry.apps.map(\.name) + registry.networks.map(\.name)
                throw UnknownName("service, app, network or port", target, among: known)
            }
        }
        self.services = services.uniqued()
        let index = DependencyIndex(context)

        // Dependents, nearest first: breadth-first over the edges into each reached service.
        var affected: [String: Affected] = [:]
        for (service, network) in networkMembers.sorted(by: { $0.key < $1.key }) {
            guard let entry = registry.service(named: service) else { continue }
            affected[service] = Affected(
                service: service, app: entry.app, tier: registry.tier(of: entry), via: [.network], distance: 1,
                effect: "loses \(network): it cannot reach, or be reached by, the services on it", evidence: [])
        }
        var frontier = self.services
        var reached = Set(self.services).union(affected.keys)
        var distance = 0
        while !frontier.isEmpty {
            distance += 1
            var next: [String] = []
            for dependency in frontier {
                for edge in index.dependents(of: dependency) where !self.services.contains(edge.service) {
                    guard let entry = registry.service(named: edge.service) else { continue }
                    if var known = affected[edge.service] {
                        guard known.distance == distance else { continue }
                        known.via = Array(Set(known.via + [edge.via])).sorted()
                        known.evidence.append(edge)
                        affected[edge.service] = known
                        continue
                    }
                    affected[edge.service] = Affected(
                        service: edge.service, app: entry.app, tier: registry.tier(of: entry), via: [edge.via], distance: distance,
                        effect: "", evidence: [edge])
                    if reached.insert(edge.service).inserted { next.append(edge.service) }
                }
            }
            frontier = next
        }
        let reachedServices = self.services
        self.affected = affected.values.map { item in
            var item = item
            if item.effect.isEmpty { item.effect = Self.effect(of: change, on: item, targets: reachedServices) }
            return item
        }.sorted { ($0.distance, $0.tier ?? .max, $0.service) < ($1.distance, $1.tier ?? .max, $1.service) }

        mentions = Self.mentions(of: change, services: self.services, context: context)
        let plan = Self.plan(change, services: self.services, affected: self.affected, context: context, host: host, mentions: mentions)
        (migration, risks, rollback, tests, updates) = plan
    }

    /// What `change` to the targets does to one dependent.
    static func effect(of change: Change, on item: Affected, targets: [String]) -> String {
        let through = item.distance == 1 ? "" : " (through a service that depends on \(targets.joined(separator: ", ")))"
        switch change {
        case .add:
            return "keeps working"
        case .stop, .remove:
            var effects: [String] = []
            if item.via.contains(.dependsOn) { effects.append("does not start (its depends_on waits for it)") }
            if item.via.contains(.registry) { effects.append("`infractl up` holds its tier back until the dependency is healthy") }
            if item.via.contains(.environment) { effects.append("loses its connection at run time") }
            if item.via.contains(.traefik) { effects.append("is unreachable through the proxy") }
            return effects.joined(separator: "; ") + through
        case .movePort:
            return item.via.contains(.environment) ? "connects to the old port until its environment is changed" + through : "keeps working: it reaches the service by name" + through
        case .rename(let name):
            return item.via.contains(.environment) || item.via.contains(.dependsOn) || item.via.contains(.registry)
                ? "names the old service until its references say \(name)" + through : "keeps working" + through
        }
    }

    /// Every place that mentions what the change changes: the port for `move-port`, the name for
    /// `rename` (and `remove`, which deletes the mentions).
    static func mentions(of change: Change, services: [String], ports: [Int]? = nil, context: ValidationContext) -> [Mention] {
        let registry = context.registry
        var found: [Mention] = []
        func scan(_ file: String, for token: String) {
            guard let text = try? context.files.text(of: file) else { return }
            for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
                guard let range = Self.tokenRange(of: token, in: line) else { continue }
                let column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
                found.append(Mention(
                    location: SourceLocation(file: file, line: number + 1, column: column),
                    text: line.trimmingCharacters(in: .whitespaces)))
            }
        }
        let files = ([registry.file] + context.projects.flatMap(\.files) + [".dev/infra/infrastructure.md"]
            + context.projects.flatMap { $0.services.flatMap { $0.envFiles.map(\.value) } }).uniqued()
        switch change {
        case .stop, .add: return []
        case .movePort:
            let ports = ports ?? services.flatMap { name in registry.allocations.filter { $0.service == name }.map(\.port) }
            for port in ports { files.forEach { scan($0, for: String(port)) } }
        case .remove, .rename:
            for name in services { files.forEach { scan($0, for: name) } }
        }
        return found.uniqued().sorted { ($0.location.file, $0.location.line) < ($1.location.file, $1.location.line) }
    }

    /// Every place that mentions `port` (registry, compose files, env files, the inventory).
    public static func mentions(ofPort port: Int, context: ValidationContext) -> [Mention] {
        mentions(of: .movePort(port), services: [], ports: [port], context: context)
    }

    /// Where `token` stands alone in `line`: not inside a longer name or number.
    static func tokenRange(of token: String, in line: Substring) -> Range<Substring.Index>? {
        var start = line.startIndex
        while let range = line[start...].range(of: token) {
            let before = range.lowerBound == line.startIndex ? nil : line[line.index(before: range.lowerBound)]
            let after = range.upperBound == line.endIndex ? nil : line[range.upperBound]
            func joins(_ character: Character?, _ beyond: Character?) -> Bool {
                guard let character else { return false }
                if character.isLetter || character.isNumber || character == "_" { return true }
                // `atlas-api` is another name than `atlas`; `6000-6999` is a range, not the port.
                return character == "-" && (token.first?.isLetter == true || beyond?.isNumber == true)
            }
            let beforeBefore = range.lowerBound > line.index(after: line.startIndex) ? line[line.index(range.lowerBound, offsetBy: -2)] : nil
            let afterAfter = line.index(range.upperBound, offsetBy: 1, limitedBy: line.endIndex).flatMap { $0 < line.endIndex ? line[$0] : nil }
            let comment = line.firstIndex(of: "#").map { $0 < range.lowerBound && !line[..<$0].contains("\"") } ?? false
            if !joins(before, beforeBefore), !joins(after, afterAfter), !comment { return range }
            start = range.upperBound
        }
        return nil
    }

    /// Migration, risks, rollback, tests and updates, in that order.
    typealias Plan = ([String], [String], [String], [String], [(file: String, what: String)])

    /// The runbook's plan for the change.
    static func plan(
        _ change: Change, services: [String], affected: [Affected], context: ValidationContext, host: any HostPorts,
        mentions: [Mention]
    ) -> Plan {
        let registry = context.registry
        let names = services.joined(separator: ", ")
        let dependents = affected.map(\.service)
        let apps = (affected.map(\.app) + services.compactMap { registry.service(named: $0)?.app }).uniqued()
        var migration: [String] = []
        var risks: [String] = []
        var rollback: [String] = []
        var tests = ["infractl validate"]
        var updates: [(file: String, what: String)] = []
        let tiersDown = affected.sorted { ($0.tier ?? 0) > ($1.tier ?? 0) }.map(\.service)
        if !tiersDown.isEmpty {
            let dependentApps = affected.map(\.app).uniqued()
            migration.append("Stop the dependents, last tier first: \(tiersDown.joined(separator: ", ")) (`infractl down \(dependentApps.joined(separator: " "))` stops their apps whole).")
        }
        switch change {
        case .add:
            break
        case .stop:
            migration.append("Stop \(names): `docker compose … stop` of its project, or `infractl down` of its app.")
            migration.append("Start again tier by tier: `infractl up \(apps.joined(separator: " "))`.")
            rollback.append("infractl up \(apps.joined(separator: " "))")
            updates = [(registry.file, "None"), (".dev/infra/infrastructure.md", "None"), (".dev/infra/CHANGELOG.md", "None (no configuration changes)")]
        case .remove:
            for name in services {
                migration.append("Remove \(name): `infractl remove-service \(name) --dry-run`, then without --dry-run (compose service, registry entry and ports, inventory row, changelog).")
            }
            if !dependents.isEmpty { migration.append("Remove \(names) from what its dependents name (the mentions listed under What the Change Does), or give them another service.") }
            migration.append("Start what remains: `infractl up \(apps.joined(separator: " "))`.")
            let data = services.compactMap { name -> String? in
                guard let registered = registry.service(named: name), let compose = context.composeService(for: registered) else { return nil }
                let volumes = compose.volumes.filter { $0.type == "volume" || $0.type == "bind" }.map { $0.source ?? $0.target }
                return volumes.isEmpty ? nil : "\(name) keeps data in \(volumes.joined(separator: ", ")); back it up before removing"
            }
            risks += data
            rollback.append("infractl undo (the remove-service change; `infractl history` gives its id)")
            rollback.append("infractl up \(apps.joined(separator: " "))")
            updates = [
                (registry.file, "the entries and ports of \(names) go"),
                (".dev/infra/infrastructure.md", "the inventory rows of \(names) go"),
                (".dev/infra/CHANGELOG.md", "a `### Removed` entry"),
            ]
        case .movePort(let port):
            let old = services.flatMap { name in registry.allocations.filter { $0.service == name }.map(\.port) }
            let app = services.first.flatMap { registry.service(named: $0) }.flatMap { registry.app(named: $0.app) }
            let claimed = PortAllocator.claimedPorts(context)
            var free: [String] = []
            if claimed.contains(port) { free.append("❌ \(port) is already allocated or published") } else { free.append("✅ \(port) is free in the registry and the compose files") }
            if let holder = host.holder(of: port) { free.append("❌ \(port) is held on this host by \(holder)") } else { free.append("✅ nothing holds \(port) on this host") }
            if let app {
                free.append(app.ports.contains(port) ? "✅ \(port) is in the range of \(app.name) (\(app.ports.lowerBound)-\(app.ports.upperBound))"
                    : "❌ \(port) is outside the range of \(app.name) (\(app.ports.lowerBound)-\(app.ports.upperBound))")
            }
            risks += free.filter { $0.hasPrefix("❌") }
            migration.insert(contentsOf: free.map { "Check: \($0)" }, at: 0)
            migration.append("Change \(old.map(String.init).joined(separator: ", ")) to \(port) at every mention listed under What the Change Does (registry, compose ports, environment, labels, health checks, inventory).")
            migration.append("Start again: `infractl up \(apps.joined(separator: " "))`.")
            if !old.isEmpty { risks.append("Clients outside the platform that use port \(old.map(String.init).joined(separator: ", ")) stop reaching \(names).") }
            rollback.append("infractl impact \(port) --change move-port=\(old.first.map(String.init) ?? "") (the same places, back)")
            rollback.append("infractl up \(apps.joined(separator: " "))")
            tests.append("infractl ports check \(port)")
            updates = [
                (registry.file, "the allocation key and the service's `ports`"),
                (".dev/infra/infrastructure.md", mentions.contains { $0.location.file.hasSuffix("infrastructure.md") } ? "the inventory row's port" : "None"),
                (".dev/infra/CHANGELOG.md", "a `### Changed` entry"),
            ]
        case .rename(let name):
            migration.append("Rename \(names) to \(name) at every mention listed under What the Change Does (registry entry and dependencies, container_name, depends_on, environment host names, routers, docs).")
            migration.append("Recreate the renamed container and its dependents: `infractl up \(apps.joined(separator: " "))`.")
            rollback.append("infractl impact \(name) --change rename=\(names) (the same places, back)")
            rollback.append("infractl up \(apps.joined(separator: " "))")
            updates = [
                (registry.file, "the service's name and every dependency on it"),
                (".dev/infra/infrastructure.md", "the inventory row"),
                (".dev/infra/CHANGELOG.md", "a `### Changed` entry"),
            ]
        }
        // Many depend on it, or several on a service of a critical type.
        let direct = affected.filter { $0.distance == 1 }.count
        let critical = services.filter { name in
            direct >= 3 || direct >= 2 && registry.service(named: name).map { registry.rules.criticalTypes.contains($0.type) } == true
        }
        if !critical.isEmpty {
            risks.append("Single point of failure: \(dependents.count) service\(dependents.count == 1 ? " depends" : "s depend") on \(critical.joined(separator: ", ")).")
        }
        let routed = services.compactMap { registry.service(named: $0)?.domain }
        if !routed.isEmpty {
            risks.append("Routed domain\(routed.count == 1 ? "" : "s") \(routed.joined(separator: ", ")) answer\(routed.count == 1 ? "s" : "") nothing while \(names) is down.")
        }
        if !affected.isEmpty {
            risks.append("Downtime: \(dependents.joined(separator: ", ")) from the first migration step until `infractl up` brings \(names) back healthy.")
        }
        tests.append("infractl up \(apps.joined(separator: " "))")
        tests.append("infractl health \((services + dependents).uniqued().joined(separator: " "))")
        return (migration, risks, rollback, tests, updates)
    }
}

extension ImpactAnalysis {
    /// The impact of adding `blueprint` to the platform (`add-service --dry-run`): nothing
    /// depends on it yet, so the sections say what it needs (its dependencies up first, its
    /// port free), how to start it, and how to take it back.
    init(adding blueprint: ServiceBlueprint, context: ValidationContext, host: any HostPorts) {
        let registry = context.registry
        targets = [blueprint.name]
        services = [blueprint.name]
        change = .add
        affected = []
        mentions = []
        var migration: [String] = []
        var risks: [String] = []
        let dependencies = blueprint.dependencies.map { name in
            let tier = registry.service(named: name).flatMap { registry.tier(of: $0) }.map { "tier \($0)" } ?? "no tier"
            return "\(name) (\(tier))"
        }
        if !dependencies.isEmpty {
            let apps = blueprint.dependencies.compactMap { registry.service(named: $0)?.app }.filter { $0 != blueprint.app }.uniqued()
            migration.append("Its dependencies run first: \(dependencies.joined(separator: ", "))\(apps.isEmpty ? "" : " (`infractl up \(apps.joined(separator: " "))`)").")
        }
        migration.append("Add it: `infractl add-service …` without --dry-run (compose service, registry entry and port \(blueprint.port), inventory row, changelog).")
        migration.append("Start it with its app: `infractl up \(blueprint.app)`.")
        if let holder = host.holder(of: blueprint.port) {
            risks.append("❌ port \(blueprint.port) is held on this host by \(holder): the container cannot publish it until that stops")
        }
        if !blueprint.bindsLoopback {
            risks.append("Port \(blueprint.port) is published on every interface of the host: clients outside the platform can reach \(blueprint.name) there.")
        }
        if let domain = blueprint.domain {
            risks.append("Traefik starts routing \(domain) to \(blueprint.name) as soon as it is healthy.")
        }
        let critical = blueprint.dependencies.filter { name in
            registry.service(named: name).map { registry.rules.criticalTypes.contains($0.type) } == true
        }
        if !critical.isEmpty {
            risks.append("\(blueprint.name) is down whenever \(critical.count == 1 ? critical[0] : "any of " + critical.joined(separator: ", ")) is: one more service that depends on \(critical.count == 1 ? "it" : "them").")
        }
        self.migration = migration
        self.risks = risks
        rollback = ["infractl undo (the add-service change; `infractl history` gives its id)", "infractl up \(blueprint.app)"]
        tests = ["infractl validate", "infractl up \(blueprint.app)", "infractl health \(blueprint.name)", "infractl ports check \(blueprint.port)"]
        updates = [
            (registry.file, "a service entry for \(blueprint.name) and the allocation of port \(blueprint.port)"),
            (".dev/infra/infrastructure.md", "an inventory row for \(blueprint.name)"),
            (".dev/infra/CHANGELOG.md", "an `### Added` entry"),
        ]
    }
}
