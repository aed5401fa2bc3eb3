import Foundation

/// ENV002: connection settings inside a container name the other container, not the host.
public struct ContainerAddressRule: Rule {
    public static let description = RuleDescription(
        id: "ENV002", name: "container-address",
        summary: "Connection variables must not point a container at localhost or at a published host port",
        message: "{name} of {service} uses {host}:{port}; inside Docker use {dependency}:{internal_port}",
        rationale: """
            Inside a container `localhost` (127.0.0.1, ::1, 0.0.0.0) is the container itself, so \
            `DATABASE_URL=postgresql://…@localhost:5433/db` gives "connection refused". Published \
            host ports such as 5433 exist only on the host: another container reaches PostgreSQL \
            as `forge-postgres:5432`, by container name and internal port, over a shared network. \
            `host.docker.internal` works on some hosts only and bypasses the network design. Use \
            the dependency's container name and internal port. The rule reads variables whose names \
            end in _URL, _URI, _DSN, _HOST, _ADDR or _ADDRESS (URLs with or without credentials, \
            `host:port`, host names with a sibling *_PORT, libpq `host=… port=…`); addresses meant \
            for browsers or for listening (names with PUBLIC, EXTERNAL, BROWSER, CALLBACK, \
            REDIRECT, ORIGIN, BIND, LISTEN), a service's own ports, and services in \
            `network_mode: host` are left alone.
            """,
        severity: .error, category: .environment,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        environment:
                          DATABASE_URL: postgresql://prism:${DB_PASSWORD}@forge-postgres:5432/prism
                          REDIS_HOST: forge-redis
                          REDIS_PORT: "6379"
                          PUBLIC_API_URL: http://localhost:6000
                          LISTEN_ADDR: 0.0.0.0:8000
                          SELF_CHECK_URL: http://localhost:8000/health
                        ports: ["6000:8000"]
                    """,
            ], environment: ["DB_PASSWORD": "x"]),
            // On the host's network stack localhost is right.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        network_mode: host
                        environment:
                          DATABASE_URL: postgresql://prism@localhost:5433/prism
                    """,
            ]),
        ],
        triggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        environment:
                          1️⃣DATABASE_URL: postgresql://prism:s3cret@localhost:5433/prism
                          2️⃣REDIS_URL: redis://forge-redis:3379/0
                    """,
            ]),
            // From an env file (host and port in two variables), and a URL without a port.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "apps/prism/docker-compose.yml": """
                    services:
                      backend:
                        container_name: prism-backend
                        image: prism-backend:dev
                        env_file: [backend.env]
                        environment:
                          - 2️⃣CACHE_URL=redis://host.docker.internal
                    """,
                "apps/prism/backend.env": "1️⃣DB_HOST=127.0.0.1\nDB_PORT=5432\n",
            ]),
        ])

    private static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          prism: { ports: 6000-6999 }
        port_registry:
          allocated:
            5433: { service: forge-postgres, app: forge, type: database, internal_port: 5432 }
            3379: { service: forge-redis, app: forge, type: cache, internal_port: 6379 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, ports: [5433], compose_file: forge/docker-compose.yml }
              - { name: forge-redis, type: cache, ports: [3379], compose_file: forge/docker-compose.yml }
          prism:
            dev:
              - name: prism-backend
                type: api
                dependencies: [forge-postgres, forge-redis]
                compose_file: apps/prism/docker-compose.yml
        rules:
          shared_apps: [forge]
        """

    /// Name fragments of variables that hold addresses for browsers or for listening.
    static let exempt = ["PUBLIC", "EXTERNAL", "BROWSER", "CALLBACK", "REDIRECT", "ORIGIN", "BIND", "LISTEN"]

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<SourceLocation> = []
        for entry in context.entries where entry.service.networkMode != "host" {
            let name = entry.registered?.name ?? ValidationContext.platformName(of: entry.service)
            for variable in entry.service.environment where seen.insert(variable.location).inserted {
                if let finding = check(variable, of: name, entry, context) { findings.append(finding) }
            }
        }
        return findings
    }

    private func check(_ variable: EnvironmentVariable, of name: String, _ entry: ValidationContext.Entry, _ context: ValidationContext) -> Finding? {
        let upper = variable.name.uppercased()
        guard ConnectionString.isConnectionVariable(variable.name), !Self.exempt.contains(where: upper.includes),
              let value = variable.value else { return nil }
        for var endpoint in ConnectionString.endpoints(in: value, hostsAllowed: true) {
            if endpoint.port == nil, upper.hasSuffix("_HOST") {
                let sibling = String(variable.name.dropLast(4)) + "PORT"
                endpoint.port = entry.service.variable(sibling)?.value.flatMap { Int($0) }
            }
            guard let problem = problem(endpoint, context), !addressesItself(endpoint, name, entry, context) else { continue }
            let target = self.target(for: endpoint, variable: variable, entry, context)
            let port = endpoint.port ?? target.port
            let use = "\(target.name):\(target.port.map(String.init) ?? "<port>")"
            return Self.description.finding(
                "\(variable.name) of \(name) uses \(endpoint.host):\(port.map(String.init) ?? "<port>"); inside Docker use \(use). \(problem)",
                at: variable.location, service: name, port: endpoint.port, app: entry.registered?.app,
                evidence: ["\(variable.name)=\(ConnectionString.masked(value))" + (variable.envFile.map { " (from \($0))" } ?? "")],
                fix: fix(variable, endpoint, target: target, context))
        }
        return nil
    }

    /// Whether the endpoint is the service's own port (its listening port, or the host port
    /// allocated to it): a self-reference such as its own base URL, not a dependency.
    private func addressesItself(_ endpoint: ConnectionEndpoint, _ name: String, _ entry: ValidationContext.Entry, _ context: ValidationContext) -> Bool {
        guard let port = endpoint.port, endpoint.host != "host.docker.internal",
              ConnectionString.isLoopbackOrHost(endpoint.host) else { return false }
        if context.registry.allocation(of: port)?.service == name { return true }
        let service = entry.service
        return service.ports.contains { $0.target.contains(port) || $0.publishedPorts.contains(port) }
            || service.expose.contains { $0.value.split(separator: "/").first.map(String.init) == String(port) }
    }

    /// Why the endpoint cannot work from a container, or nil when it can.
    private func problem(_ endpoint: ConnectionEndpoint, _ context: ValidationContext) -> String? {
        if endpoint.host == "host.docker.internal" {
            return "host.docker.internal leaves the Docker network through the host."
        }
        if ConnectionString.isLoopbackOrHost(endpoint.host) {
            return "Inside a container \(endpoint.host) is the container itself."
        }
        guard let port = endpoint.port, let allocation = context.registry.allocation(of: port),
              allocation.service == endpoint.host, let inside = allocation.internalPort, inside != port else { return nil }
        return "\(port) is \(allocation.service)'s port on the host; containers use its internal port \(inside)."
    }

    /// The container and port to use instead: the owner of the host port, else the dependency
    /// of the kind the scheme or name suggests, else a service of the same project publishing
    /// or listening on the port.
    private func target(
        for endpoint: ConnectionEndpoint, variable: EnvironmentVariable, _ entry: ValidationContext.Entry, _ context: ValidationContext
    ) -> (name: String, port: Int?) {
        let registry = context.registry
        if let port = endpoint.port, let allocation = registry.allocation(of: port) {
            return (allocation.service, allocation.internalPort ?? port)
        }
        let dependencies = (entry.registered?.dependencies ?? []).compactMap { registry.service(named: $0.value) }
        func internalPort(_ service: Registry.Service) -> Int? {
            registry.allocations.first { $0.service == service.name && $0.internalPort != nil }?.internalPort
        }
        if let port = endpoint.port, let match = dependencies.first(where: { internalPort($0) == port }) {
            return (match.name, port)
        }
        if let type = ConnectionString.serviceType(scheme: endpoint.scheme) ?? ConnectionString.serviceType(variable: variable.name),
           let match = dependencies.first(where: { $0.type == type }) {
            return (match.name, internalPort(match) ?? endpoint.port)
        }
        if let port = endpoint.port {
            for sibling in entry.project.services where sibling.name != entry.service.name {
                if let published = sibling.ports.first(where: { $0.publishedPorts.contains(port) }) {
                    return (ValidationContext.platformName(of: sibling), published.target.lowerBound)
                }
                if sibling.ports.contains(where: { $0.target.contains(port) }) {
                    return (ValidationContext.platformName(of: sibling), port)
                }
            }
        }
        return ("<service>", endpoint.port)
    }

    /// The variable rewritten to the container address, when its host is written literally.
    private func fix(_ variable: EnvironmentVariable, _ endpoint: ConnectionEndpoint, target: (name: String, port: Int?), _ context: ValidationContext) -> Fix {
        let address = target.port.map { "\(target.name):\($0)" } ?? target.name
        let raw = variable.rawValue ?? ""
        let replacement: String
        switch endpoint.form {
        case .url: replacement = address
        case .host: replacement = endpoint.portWritten ? address : target.name
        case .keyValue: replacement = "host=\(target.name)"
        }
        let file = variable.location.file
        guard target.name != "<service>", raw.contains(endpoint.written) else {
            return Fix(file: file, line: variable.location.line, explanation: "Point \(variable.name) at \(address), the container name and internal port.")
        }
        let value = ConnectionString.masked(raw).replacingOccurrences(of: endpoint.written, with: replacement)
        var explanation = "Point \(variable.name) at \(address), the container name and internal port"
        if !endpoint.portWritten, let port = target.port, endpoint.form != .url {
            explanation += " (and set its port to \(port))"
        }
        if value.contains("****") { explanation += "; keep the password as it was" }
        return Fix(
            file: file, line: variable.location.line,
            replace: context.environmentLine(of: variable, value: value),
            explanation: explanation + ".")
    }
}
