/// The registry at a glance, for agents and people about to change the platform: each app with
/// its port range and lowest free port, each service with its ports, networks, dependencies and
/// compose file, the networks and the startup order.
public enum RegistryReports {
    /// The summary of `context`'s registry; `host` tells which ports are held on this host (the
    /// lowest free port skips them).
    public static func summary(context: ValidationContext, host: any HostPorts, workspace: String) -> Report {
        let registry = context.registry
        var appRows: [[String]] = []
        var appsJSON: [JSONValue] = []
        let claimed = PortAllocator.claimedPorts(context)
        for app in registry.apps {
            let services = registry.services.filter { $0.app == app.name }
            let allocated = registry.allocations.count { $0.app == app.name }
            let free = PortAllocator.lowestFree(in: app.ports, claimed: claimed, host: host)
            let range = "\(app.ports.lowerBound)-\(app.ports.upperBound)"
            appRows.append([app.name, range, String(services.count), String(allocated), free.map(String.init) ?? "none"])
            appsJSON.append(.fields([
                "name": .string(app.name), "range": .string(range), "description": .text(app.description),
                "services": .array(services.map { .string($0.name) }), "allocated": .int(allocated), "lowest_free": .number(free),
            ]))
        }

        var serviceRows: [[String]] = []
        var servicesJSON: [JSONValue] = []
        for service in registry.services {
            let ports = service.ports.map(\.value)
            let dependencies = service.dependencies.map(\.value)
            serviceRows.append([
                service.name, service.app, service.type.rawValue, registry.tier(of: service).map(String.init) ?? "—",
                ports.isEmpty ? "—" : ports.map(String.init).joined(separator: ", "),
                dependencies.isEmpty ? "—" : dependencies.joined(separator: ", "), service.composeFile,
            ])
            servicesJSON.append(.fields([
                "name": .string(service.name), "app": .string(service.app), "type": .string(service.type.rawValue),
                "environment": .string(service.environment.rawValue), "tier": .number(registry.tier(of: service)), "image": .text(service.image),
                "ports": .array(ports.map(JSONValue.int)), "networks": .array(service.networks.map { .string($0.value) }),
                "depends_on": .array(dependencies.map(JSONValue.string)), "compose_file": .string(service.composeFile),
                "compose_overlays": service.composeOverlays.isEmpty ? nil : .array(service.composeOverlays.map(JSONValue.string)),
                "domain": .text(service.domain), "health": .text(service.health?.probe.rawValue),
            ]))
        }

        let networksJSON: [JSONValue] = registry.networks.map { network in
            .fields([
                "name": .string(network.name), "external": .bool(network.external), "shared": .bool(network.shared),
                "internal": .bool(network.internal), "app": .text(network.app), "description": .text(network.description),
            ])
        }
        let tiersJSON: [JSONValue] = registry.startupOrder.map { tier in
            .fields([
                "tier": .int(tier.tier), "name": .text(tier.name), "types": .array(tier.types.map { .string($0.rawValue) }),
            ])
        }

        let headline = "\(registry.platform ?? "The platform") has \(count(registry.apps.count, "app")), "
            + "\(count(registry.services.count, "service")), \(count(registry.allocations.count, "allocated port")) "
            + "and \(count(registry.networks.count, "network"))"
            + (registry.sharedNetwork.map { "; the shared network is \($0.name)" } ?? "") + "."
        let appHeaders = ["APP", "RANGE", "SERVICES", "ALLOCATED", "LOWEST FREE"]
        let serviceHeaders = ["SERVICE", "APP", "TYPE", "TIER", "PORTS", "DEPENDS ON", "COMPOSE FILE"]
        let text = headline + "\n\n" + TextTable.render(appHeaders, appRows) + "\n\n" + TextTable.render(serviceHeaders, serviceRows)
        let markdown = headline + "\n\n" + TextTable.markdown(["App", "Range", "Services", "Allocated", "Lowest free"], appRows)
            + "\n\n" + TextTable.markdown(["Service", "App", "Type", "Tier", "Ports", "Depends on", "Compose file"], serviceRows)
        var fields = [JSONMember("platform", .string(registry.platform ?? "")), JSONMember("registry", .string(registry.file))]
        if registry.platform == nil { fields.removeFirst() }
        fields += [
            JSONMember("apps", .array(appsJSON)), JSONMember("services", .array(servicesJSON)),
            JSONMember("networks", .array(networksJSON)), JSONMember("startup_order", .array(tiersJSON)),
        ]
        if let shared = registry.sharedNetwork { fields.append(JSONMember("shared_network", .string(shared.name))) }
        return Report(
            command: "registry summary", workspace: workspace, title: "Registry Summary", platform: registry.platform,
            registryFile: registry.file, findings: [],
            payload: DocumentPayload(fields, text: text, markdown: markdown))
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
