/// REG001: the registry and a compose file disagree about a service.
public struct RegistryDriftRule: Rule {
    public static let description = RuleDescription(
        id: "REG001", name: "registry-drift",
        summary: "Registry and compose disagree on a service (missing on either side, different compose_file, image, networks)",
        message: "Service {service} differs between registry and {compose_file}: {what}",
        rationale: """
            The registry is only worth trusting while it matches what Docker actually runs. Each \
            registry service must be defined in its `compose_file` by a service whose \
            `container_name` is the registry name (without one, Docker names the container \
            `<project>-<service>-1`), with the same image and the same networks (`default` is the \
            compose project's own network). Every service of a compose file the registry names must \
            in turn be in the registry. Fix whichever side is wrong; each difference is reported \
            on its own. On a swarm (`orchestrator: swarm` or `--target swarm`) a service runs as \
            `<stack>_<key>` and stack deploy ignores `container_name`: there the compose key is \
            the registry name and a missing `container_name` is no difference.
            """,
        severity: .error, category: .registry,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                      prism: { ports: 6000-6999 }
                    networks:
                      forge-network: { external: true, shared: true }
                    services:
                      forge:
                        dev:
                          - { name: forge-postgres, image: postgres:16, type: database, networks: [forge-network], compose_file: forge/docker-compose.yml }
                      prism:
                        dev:
                          - name: prism-api
                            image: docker.io/library/prism-api:latest
                            type: api
                            networks: [default, forge-network]
                            compose_file: apps/prism/docker-compose.yml
                            compose_overlays: [apps/prism/docker-compose.net.yml]
                    """,
                "forge/docker-compose.yml": """
                    services:
                      postgres:
                        image: postgres:16
                        container_name: forge-postgres
                        networks: [forge]
                    networks:
                      forge:
                        name: forge-network
                        external: true
                    """,
                "apps/prism/docker-compose.yml": """
                    services:
                      api:
                        image: prism-api
                        container_name: prism-api
                    """,
                "apps/prism/docker-compose.net.yml": """
                    services:
                      api:
                        networks: [default, forge-network]
                    networks:
                      forge-network:
                        external: true
                    """,
            ]),
            // On a swarm the compose key is the registry name: no container_name needed.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    orchestrator: swarm
                    apps:
                      nexus: { ports: 5000-5999 }
                    services:
                      nexus:
                        dev:
                          - { name: nexus-api, type: api, compose_file: apps/nexus/docker-compose.yml }
                    """,
                "apps/nexus/docker-compose.yml": """
                    services:
                      nexus-api:
                        image: axiom/nexus-api:1.4.0
                    """,
            ]),
            // The registry says nothing about image or networks; a provider-run service is no container.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      atlas: { ports: 7000-7999 }
                    services:
                      atlas:
                        dev:
                          - { name: atlas-worker, type: worker, compose_file: apps/atlas/docker-compose.yml }
                    """,
                "apps/atlas/docker-compose.yml": """
                    services:
                      worker:
                        build: .
                        container_name: atlas-worker
                        networks: [jobs]
                      llm:
                        provider:
                          type: model
                          options: { model: ai/smollm2 }
                    networks:
                      jobs: {}
                    """,
            ]),
        ],
        triggeringExamples: [
            // Missing on either side, and compose files that do not exist.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      synapse: { ports: 4000-4999 }
                    services:
                      synapse:
                        dev:
                          - name: synapse-api
                            type: api
                            compose_file: apps/synapse/docker-compose.yml
                            compose_overlays: 4️⃣[apps/synapse/docker-compose.labels.yml]
                          - { name: 1️⃣synapse-worker, type: worker, compose_file: apps/synapse/docker-compose.yml }
                        prod:
                          - { name: synapse-api-prod, type: api, compose_file: 2️⃣apps/synapse/docker-compose.prod.yml }
                    """,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        image: synapse-api:dev
                        container_name: synapse-api
                      3️⃣migrate:
                        image: synapse-api:dev
                        command: ["migrate"]
                    """,
            ]),
            // Image, networks, container_name, and a service defined in another file.
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      forge: { ports: 3000-3999 }
                    services:
                      forge:
                        dev:
                          - { name: forge-postgres, image: postgres:16, type: database, compose_file: forge/docker-compose.yml }
                          - { name: forge-redis, image: redis:7, type: cache, compose_file: forge/docker-compose.yml }
                          - { name: forge-loki, type: logging, compose_file: 1️⃣forge/docker-compose.yml }
                          - { name: forge-grafana, type: monitoring, compose_file: forge/docker-compose.grafana.yml }
                    """,
                "forge/docker-compose.yml": """
                    services:
                      postgres:
                        2️⃣image: postgres:15
                        container_name: forge-postgres
                      3️⃣forge-redis:
                        image: redis:7
                    """,
                "forge/docker-compose.grafana.yml": """
                    services:
                      grafana:
                        image: grafana/grafana:11.0.0
                        container_name: forge-grafana
                      loki:
                        image: grafana/loki:3.0.0
                        container_name: forge-loki
                    """,
            ]),
            RuleExample([
                ".dev/infra/registry.yml": """
                    version: 1
                    apps:
                      nexus: { ports: 5000-5999 }
                    services:
                      nexus:
                        dev:
                          - { name: nexus-api, type: api, networks: [default, forge-network], compose_file: apps/nexus/docker-compose.yml }
                          - { name: nexus-web, type: frontend, compose_file: apps/nexus/docker-compose.yml }
                    """,
                "apps/nexus/docker-compose.yml": """
                    services:
                      api:
                        image: nexus-api:dev
                        container_name: nexus-api
                        1️⃣networks: [default]
                      nexus-web:
                        image: nexus-web:dev
                        2️⃣container_name: nexus-frontend
                    """,
            ]),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        // Compose services whose difference is already reported from the registry's side.
        var explained = Set<SourceLocation>()
        let registered = context.registeredServices
        let servicesByName = Dictionary(grouping: context.registry.services, by: \.name)
        let projects = Dictionary(context.projects.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })

        // Asked once per file, not once per service that names it.
        var existing: [String: Bool] = [:]
        func exists(_ file: String) -> Bool {
            if let known = existing[file] { return known }
            let found = context.files.exists(file)
            existing[file] = found
            return found
        }

        for service in registered {
            guard exists(service.composeFile) else {
                findings.append(finding(service.name, service.composeFile, "compose file does not exist", at: service.location(of: "compose_file"), app: service.app))
                continue
            }
            for overlay in service.composeOverlays where !exists(overlay) {
                findings.append(finding(service.name, overlay, "compose file does not exist", at: service.location(of: "compose_overlays"), app: service.app))
            }
            guard let project = projects[service.composeFile] else { continue }
            if let compose = project.service(container: service.name) {
                findings += compare(service, compose, in: project, target: context.target)
                continue
            }
            if let compose = project.service(named: service.name), let container = compose.containerName,
               servicesByName[container] == nil {
                explained.insert(compose.location)
                let at = compose.location(of: "container_name")
                findings.append(finding(
                    service.name, at.file, "container_name is \(container), not \(service.name)", at: at, app: service.app,
                    fix: Fix(
                        file: at.file, line: at.line, replace: "\(RuleText.indent(of: at))container_name: \(service.name)",
                        explanation: "Name the container as the registry does.")))
                continue
            }
            if let elsewhere = context.projects.first(where: { $0.file != service.composeFile && $0.service(container: service.name) != nil }),
               let compose = elsewhere.service(container: service.name) {
                explained.insert(compose.location)
                let at = service.location(of: "compose_file")
                findings.append(finding(
                    service.name, service.composeFile, "defined in \(elsewhere.file), registry says \(service.composeFile)", at: at,
                    app: service.app,
                    fix: Fix(file: at.file, line: at.line, replace: context.line(at: at, replacingScalarWith: elsewhere.file) ?? "compose_file: \(elsewhere.file)", explanation: "Point compose_file at the file that defines \(service.name).")))
                continue
            }
            findings.append(finding(
                service.name, service.composeFile, "not defined in the compose file", at: service.location, app: service.app,
                fix: Fix(
                    file: service.composeFile,
                    explanation: "Define a service with `container_name: \(service.name)` in \(service.composeFile), or remove it from the registry.")))
        }

        let namedFiles = Set(registered.map(\.composeFile))
        var seen = Set<SourceLocation>()
        for project in context.projects where namedFiles.contains(project.file) {
            // A provider-run service is not a container, so the registry does not list it.
            for compose in project.services where compose.provider == nil {
                let name = ValidationContext.platformName(of: compose)
                let namesakes = servicesByName[name] ?? []
                guard !namesakes.contains(where: { $0.composeFile == project.file }) else { continue }
                guard seen.insert(compose.location).inserted, !explained.contains(compose.location) else { continue }
                let what = namesakes.first.map { "defined in \(project.file), registry says \($0.composeFile)" }
                    ?? "not in the registry"
                findings.append(finding(
                    name, compose.location.file, what, at: compose.location, app: context.app(of: compose, in: project)?.name,
                    fix: Fix(
                        file: context.registry.file,
                        explanation: "Add \(name) to the registry's services (with compose_file: \(project.file)), or remove it from the compose file.")))
            }
        }
        return findings
    }

    /// The differences between a registry service and its compose definition.
    private func compare(_ service: Registry.Service, _ compose: ComposeService, in project: ComposeProject, target: Orchestrator) -> [Finding] {
        var findings: [Finding] = []
        // A provider-run service has no container and joins no network.
        if compose.provider != nil { return findings }
        if compose.containerName == nil, target != .swarm {
            let docker = compose.effectiveContainerName(project: Self.projectName(project))
            let at = compose.location
            findings.append(finding(
                service.name, at.file, "container_name is not set; Docker will name it \(docker)", at: at, app: service.app,
                fix: Fix(
                    file: at.file, line: at.line,
                    replace: "\(RuleText.indent(of: at))\(compose.name):\n\(RuleText.childIndent(of: at))container_name: \(service.name)",
                    explanation: "Name the container as the registry does.")))
        }
        if let expected = service.image, let actual = compose.image, Self.normalizedImage(expected) != Self.normalizedImage(actual) {
            let at = compose.location(of: "image")
            findings.append(finding(
                service.name, at.file, "image \(expected) vs \(actual)", at: at, app: service.app,
                fix: Fix(
                    file: at.file, line: at.line, replace: "\(RuleText.indent(of: at))image: \(expected)",
                    explanation: "Use the registry's image, or change the registry if \(actual) is right.")))
        }
        if !service.networks.isEmpty {
            let expected = service.networks.map(\.value)
            let actual = compose.networkNames
            func names(_ key: String) -> Set<String> {
                var names: Set = [key]
                if let engine = project.network(named: key)?.externalName { names.insert(engine) }
                return names
            }
            let missing = expected.filter { name in !actual.contains { names($0).contains(name) } }
            let extra = actual.filter { names($0).isDisjoint(with: expected) }
            if !missing.isEmpty || !extra.isEmpty {
                let at = compose.fieldLocations["networks"] ?? compose.location
                let keys = expected.map { name in project.networks.first { $0.name == name || $0.externalName == name }?.name ?? name }
                let list = keys.map { "\(RuleText.childIndent(of: at))- \($0)" }.joined(separator: "\n")
                let replace = compose.fieldLocations["networks"] != nil
                    ? "\(RuleText.indent(of: at))networks:\n\(list)"
                    : "\(RuleText.indent(of: at))\(compose.name):\n\(RuleText.childIndent(of: at))networks:\n\(list.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))"
                findings.append(finding(
                    service.name, at.file, "networks \(RuleText.list(expected)) vs \(RuleText.list(actual))", at: at, app: service.app,
                    fix: Fix(
                        file: at.file, line: at.line, replace: replace,
                        explanation: "Join the networks the registry lists (declare external ones under the top-level networks), or change the registry.")))
            }
        }
        return findings
    }

    private func finding(_ service: String, _ composeFile: String, _ what: String, at location: SourceLocation, app: String?, fix: Fix? = nil) -> Finding {
        Self.description.finding(
            "Service \(service) differs between registry and \(composeFile): \(what)", at: location, service: service, app: app, fix: fix)
    }

    /// The project name Docker Compose uses: `name:`, else the project folder's name, lowercased,
    /// keeping letters, digits, `-` and `_`.
    static func projectName(_ project: ComposeProject) -> String {
        if let name = project.name { return name }
        let folder = project.directory.split(separator: "/").last.map(String.init) ?? ""
        let name = String(folder.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        return name.isEmpty ? "<project>" : name
    }

    /// An image reference with Docker Hub's implied parts written out, so `postgres` and
    /// `docker.io/library/postgres:latest` compare equal.
    static func normalizedImage(_ image: String) -> String {
        var name = image
        for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
        }
        if name.hasPrefix("library/") { name = String(name.dropFirst("library/".count)) }
        // Bytes, not Foundation's substring search: this runs for every service.
        let last = name.utf8.split(separator: UInt8(ascii: "/")).last ?? name.utf8[...]
        if !name.utf8.contains(UInt8(ascii: "@")), !last.contains(UInt8(ascii: ":")) { name += ":latest" }
        return name
    }
}
