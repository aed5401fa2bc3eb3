import DockerEngine
import Foundation
import InfraCore

/// A small platform and engine snapshots built by hand, for the analyzers' tests.
enum DiagnosisFixture {
    static let root = "/ws"

    static let registry = """
        version: 1
        platform: MINI
        apps:
          forge: { ports: 3000-3999 }
          prism: { ports: 6000-6999 }
        networks:
          forge-network: { external: true, shared: true }
        port_registry:
          allocated:
            3432: { service: forge-postgres, app: forge, type: database, internal_port: 5432 }
            6000: { service: prism-backend, app: prism, type: api, internal_port: 8000 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, ports: [3432], networks: [forge-network], compose_file: forge/docker-compose.yml }
          prism:
            dev:
              - name: prism-backend
                type: api
                ports: [6000]
                networks: [default, forge-network]
                dependencies: [forge-postgres]
                compose_file: apps/prism/docker-compose.yml
              - name: prism-worker
                type: worker
                networks: [default, forge-network]
                dependencies: [forge-postgres]
                compose_file: apps/prism/docker-compose.yml
        startup_order:
          - { tier: 1, types: [database, cache] }
          - { tier: 5, types: [api, worker] }
        rules:
          shared_apps: [forge]
        """

    static let forge = """
        services:
          postgres:
            container_name: forge-postgres
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: pg-literal-secret
            ports: ["3432:5432"]
            networks: [forge-network]
            healthcheck:
              test: ["CMD-SHELL", "pg_isready"]
        networks:
          forge-network:
            external: true
        """

    /// The prism project: both services on the shared network unless `backendNetworks` says
    /// otherwise, the backend's DATABASE_URL as given.
    static func prism(
        backendNetworks: String = "[default, forge-network]",
        databaseURL: String = "postgresql://prism:${DB_PASSWORD:-}@forge-postgres:5432/prism",
        healthcheck: String = #"["CMD-SHELL", "wget -q -O /dev/null http://localhost:8000/health || exit 1"]"#
    ) -> String {
        """
        services:
          backend:
            container_name: prism-backend
            image: prism-backend:dev
            environment:
              DATABASE_URL: \(databaseURL)
            ports: ["6000:8000"]
            networks: \(backendNetworks)
            healthcheck:
              test: \(healthcheck)
          worker:
            container_name: prism-worker
            image: prism-worker:dev
            networks: [default, forge-network]
        networks:
          forge-network:
            external: true
        """
    }

    static func validation(prism: String = prism()) throws -> ValidationContext {
        let files = [
            ".dev/infra/registry.yml": registry, "forge/docker-compose.yml": forge,
            "apps/prism/docker-compose.yml": prism,
        ]
        let workspace = Workspace(root: root, files: MemoryFileSource(files), environment: [:])
        return try WorkspaceLoader(workspace: workspace).load()
    }

    static func context(
        prism: String = prism(), containers: [ContainerSnapshot], hostPorts: [HostPortHolder] = [],
        request: DiagnosisRequest = DiagnosisRequest()
    ) throws -> DiagnosisContext {
        let networks = Set(containers.flatMap { $0.networks.keys } + ["bridge", "forge-network"]).sorted()
        let snapshot = EngineSnapshot(
            engineAddress: "unix:///var/run/docker.sock", info: EngineInfo(serverVersion: "28.2.2"),
            containers: containers, networks: networks.map { DockerNetwork(id: "id-\($0)", name: $0) },
            hostPorts: hostPorts, takenAt: now)
        return try DiagnosisContext(validation: validation(prism: prism), snapshot: snapshot, workspaceRoot: root, request: request)
    }

    static func diagnose(
        prism: String = prism(), containers: [ContainerSnapshot], hostPorts: [HostPortHolder] = [],
        request: DiagnosisRequest = DiagnosisRequest()
    ) throws -> Diagnosis {
        Diagnoser().diagnose(try context(prism: prism, containers: containers, hostPorts: hostPorts, request: request))
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// The compose project of a container, from its name.
    static func project(of name: String) -> (project: String, service: String, file: String) {
        name.hasPrefix("forge-")
            ? ("forge", "postgres", "\(root)/forge/docker-compose.yml")
            : ("prism", String(name.dropFirst("prism-".count)), "\(root)/apps/prism/docker-compose.yml")
    }

    /// A container as the list shows it, with Compose's labels.
    static func summary(
        _ name: String, state: ContainerStatus, status: String, networks: [String], ports: [(Int, Int)] = [],
        created: Date = now.addingTimeInterval(-320)
    ) -> ContainerSummary {
        let origin = project(of: name)
        var endpoints: [String: NetworkEndpoint] = [:]
        for (index, network) in networks.enumerated() {
            endpoints[network] = NetworkEndpoint(ipAddress: "172.18.0.\(10 + index + name.count)")
        }
        return ContainerSummary(
            id: "id-\(name)", names: ["/\(name)"], image: "\(name):dev",
            created: Int64(created.timeIntervalSince1970),
            ports: ports.flatMap { host, inside in
                [ContainerSummary.Port(ip: "0.0.0.0", privatePort: inside, publicPort: host),
                 ContainerSummary.Port(ip: "::", privatePort: inside, publicPort: host)]
            },
            labels: [
                ComposeLabels.projectKey: origin.project, ComposeLabels.serviceKey: origin.service,
                ComposeLabels.configFilesKey: origin.file,
            ],
            state: state, status: status, networkMode: "\(origin.project)_default", networks: endpoints)
    }

    /// A running container, healthy or not.
    static func running(
        _ name: String, networks: [String], ports: [(Int, Int)] = [], health: HealthStatus? = nil,
        probes: [HealthProbeResult] = [], logs: [String] = []
    ) -> ContainerSnapshot {
        let text = "Up 5 minutes" + (health.map { $0 == .starting ? " (health: starting)" : " (\($0))" } ?? "")
        var container = ContainerSnapshot(summary: summary(name, state: .running, status: text, networks: networks, ports: ports))
        if health == .unhealthy {
            container.details = details(
                container.summary, state: ContainerState(
                    status: .running, running: true, health: ContainerHealth(status: .unhealthy, failingStreak: probes.count, log: probes)))
            container.logs = logs.map { ContainerLogLine(.stdout, $0) }
        }
        return container
    }

    /// A container that exited (or restarts) after writing `logs`.
    static func exited(
        _ name: String, code: Int, logs: [String], networks: [String], restarting: Bool = false, restarts: Int = 0,
        engineError: String = "", status: ContainerStatus? = nil, environment: [String] = []
    ) -> ContainerSnapshot {
        let state = status ?? (restarting ? .restarting : .exited)
        let text = state == .created ? "Created" : (restarting ? "Restarting (\(code)) 2 seconds ago" : "Exited (\(code)) 1 minute ago")
        let summary = summary(name, state: state, status: text, networks: networks)
        var details = details(
            summary,
            state: ContainerState(
                status: state, restarting: restarting, exitCode: code, error: engineError,
                finishedAt: "2027-01-15T08:00:00.000000000Z"),
            restarts: restarts)
        details.config.env = environment
        return ContainerSnapshot(summary: summary, details: details, logs: logs.map { ContainerLogLine(.stderr, $0) })
    }

    static func details(_ summary: ContainerSummary, state: ContainerState, restarts: Int = 0) -> ContainerDetails {
        ContainerDetails(
            id: summary.id, name: summary.name, restartCount: restarts, state: state,
            config: ContainerConfig(image: summary.image, labels: summary.labels),
            hostConfig: ContainerHostConfig(networkMode: summary.networkMode),
            networkSettings: ContainerNetworkSettings(networks: summary.networks))
    }

    /// forge-postgres running and healthy on the shared network.
    static var postgres: ContainerSnapshot {
        running("forge-postgres", networks: ["forge-network"], ports: [(3432, 5432)], health: .healthy)
    }

    static var worker: ContainerSnapshot { running("prism-worker", networks: ["prism_default", "forge-network"]) }

    static var backend: ContainerSnapshot {
        running("prism-backend", networks: ["prism_default", "forge-network"], ports: [(6000, 8000)], health: .healthy)
    }
}
