import DockerEngine
import InfraCore
import Testing

@Suite("Startup planner")
struct StartupPlannerTests {
    static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          shop: { ports: 4000-4999 }
        networks:
          forge-network: { external: true, shared: true }
          metrics-net: { external: true }
          shop-internal: { internal: true, app: shop }
        port_registry:
          allocated:
            3432: { service: forge-postgres, app: forge, type: database, internal_port: 5432 }
            3379: { service: forge-redis, app: forge, type: cache, internal_port: 6379 }
            3514: { service: forge-syslog, app: forge, type: logging, internal_port: 514, protocol: udp }
            4000: { service: shop-api, app: shop, type: api, internal_port: 8000 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, ports: [3432], networks: [forge-network], compose_file: forge/docker-compose.yml }
              - { name: forge-redis, type: cache, ports: [3379], networks: [forge-network], compose_file: forge/docker-compose.yml }
              - { name: forge-syslog, type: logging, ports: [3514], compose_file: forge/docker-compose.yml }
          shop:
            dev:
              - name: shop-api
                type: api
                ports: [4000]
                networks: [default, forge-network]
                dependencies: [forge-postgres]
                compose_file: apps/shop/docker-compose.dev.yml
                compose_overlays: [apps/shop/docker-compose.labels.yml]
              - { name: shop-worker, type: worker, compose_file: apps/shop/docker-compose.dev.yml }
              - { name: shop-tool, type: other, compose_file: apps/shop/docker-compose.dev.yml }
            prod:
              - { name: shop-api-prod, type: api, compose_file: apps/shop/docker-compose.yml }
        startup_order:
          - { tier: 1, name: Data stores, types: [database, cache] }
          - { tier: 2, name: Logs, types: [logging] }
          - { tier: 5, name: Backends, types: [api, worker] }
        """

    static let forge = """
        services:
          postgres:
            image: postgres:16
            container_name: forge-postgres
            ports: ["3432:5432"]
            networks: [forge-network]
          forge-redis:
            image: redis:7
            ports: ["127.0.0.1:3379:6379"]
            networks: [forge-network]
          syslog:
            image: syslog
            container_name: forge-syslog
            ports: ["3514:514/udp"]
        networks:
          forge-network: { external: true }
        """

    static let shop = """
        name: shop-dev
        services:
          api:
            image: shop-api
            container_name: shop-api
            ports: ["4000:8000", "4001:8001"]
            networks: [default, forge-network, metrics]
          worker:
            image: shop-worker
            container_name: shop-worker
            profiles: [jobs]
          tool:
            image: shop-tool
            container_name: shop-tool
        networks:
          forge-network: { external: true }
          metrics: { external: true, name: shop-metrics }
        """

    static let files: [String: String] = [
        Workspace.defaultRegistryPath: registry,
        "forge/docker-compose.yml": forge,
        "apps/shop/docker-compose.dev.yml": shop,
        "apps/shop/docker-compose.labels.yml": "services:\n  api:\n    labels: [traefik.enable=true]\n",
        "apps/shop/docker-compose.yml": "services:\n  api:\n    image: shop-api\n    container_name: shop-api-prod\n",
    ]

    func planner(_ overrides: [String: String] = [:], removing removed: [String] = []) throws -> StartupPlanner {
        let files = Self.files.merging(overrides) { $1 }.filter { !removed.contains($0.key) }
        let workspace = Workspace(root: "/work/platform", files: MemoryFileSource(files), environment: [:])
        return StartupPlanner(context: try WorkspaceLoader(workspace: workspace).load(traefik: false), workspaceRoot: workspace.root)
    }

    @Test func tiersInOrderWithOnlyTheirServicesPerProject() throws {
        let plan = try planner().plan()
        #expect(plan.tiers.map(\.number) == [1, 2, 5, nil])
        #expect(plan.tiers.map(\.name) == ["Data stores", "Logs", "Backends", nil])
        #expect(plan.tiers.map { $0.projects.map(\.name) } == [["forge"], ["forge"], ["shop-dev"], ["shop-dev"]])
        #expect(plan.tiers.map { $0.projects.map(\.composeKeys) } == [
            [["postgres", "forge-redis"]], [["syslog"]], [["api", "worker"]], [["tool"]],
        ])
        #expect(plan.tiers[0].services.map(\.name) == ["forge-postgres", "forge-redis"])
    }

    @Test func projectFilesAreTheBaseAndItsOverlaysAsTheLoaderResolvesThem() throws {
        let plan = try planner().plan()
        #expect(plan.tiers[0].projects[0].files == ["forge/docker-compose.yml"])
        #expect(plan.tiers[2].projects[0].files == ["apps/shop/docker-compose.dev.yml", "apps/shop/docker-compose.labels.yml"])
        // An overlay the registry names but nobody wrote is left out, as the loader leaves it out.
        let withoutOverlay = try planner(removing: ["apps/shop/docker-compose.labels.yml"]).plan()
        #expect(withoutOverlay.tiers[2].projects[0].files == ["apps/shop/docker-compose.dev.yml"])
    }

    @Test func profilesOfPlannedServicesAreKept() throws {
        let plan = try planner().plan()
        #expect(plan.tiers[2].projects[0].profiles == ["jobs"])
        #expect(plan.tiers[3].projects[0].profiles.isEmpty)
    }

    @Test func externalNetworksFromTheRegistryThenFromComposeFiles() throws {
        let plan = try planner().plan()
        #expect(plan.networks.map(\.name) == ["forge-network", "metrics-net", "shop-metrics"])
        #expect(!plan.networks.contains { $0.name == "shop-internal" })
    }

    @Test func appArgumentsRestrictServicesAndNetworks() throws {
        let plan = try planner().plan(apps: ["forge"])
        #expect(plan.services.map(\.name) == ["forge-postgres", "forge-redis", "forge-syslog"])
        // Only the external networks forge's services join.
        #expect(plan.networks.map(\.name) == ["forge-network"])
        #expect(plan.ports.map(\.port) == [3432, 3379, 3514])
    }

    @Test func publishedPortsWithTheirProtocol() throws {
        let plan = try planner().plan()
        #expect(plan.ports.map { "\($0.port)/\($0.transport) \($0.service)" } == [
            "3432/tcp forge-postgres", "3379/tcp forge-redis", "3514/udp forge-syslog", "4000/tcp shop-api", "4001/tcp shop-api",
        ])
        #expect(plan.ports.first?.location?.file == "forge/docker-compose.yml")
    }

    @Test func environmentDefaultsToDev() throws {
        #expect(!(try planner().plan().services.contains { $0.name == "shop-api-prod" }))
        let prod = try planner().plan(environments: [.prod])
        #expect(prod.services.map(\.name) == ["shop-api-prod"])
        #expect(prod.tiers.first?.projects.first?.name == "shop")
    }

    @Test func wholeProjectsOnlyWhenEveryComposeServiceIsPlanned() throws {
        #expect(try planner().plan().wholeProjects.map(\.name) == ["forge", "shop-dev"])
        #expect(try planner().plan(apps: ["forge"]).wholeProjects.map(\.name) == ["forge"])
        #expect(try planner().plan(environments: [.prod]).wholeProjects.map(\.name) == ["shop"])
        // A compose service the registry does not list: `down` must not run `docker compose
        // down`, which would remove it too.
        let shop = Self.shop.replacingOccurrences(of: "networks:\n  forge", with: "  extra:\n    image: x\nnetworks:\n  forge")
        #expect(try planner(["apps/shop/docker-compose.dev.yml": shop]).plan().wholeProjects.map(\.name) == ["forge"])
    }

    @Test func unknownAppSuggestsTheNearestOne() throws {
        #expect {
            try planner().plan(apps: ["shpo"])
        } throws: { error in
            "\(error)" == "unknown app shpo (did you mean shop?); the registry has forge, shop"
        }
    }

    @Test func aServiceMissingFromItsComposeFileIsAnInputError() throws {
        let compose = Self.forge.replacingOccurrences(of: "container_name: forge-syslog", with: "container_name: other")
        #expect {
            try planner(["forge/docker-compose.yml": compose]).plan()
        } throws: { error in
            guard case .unresolved(let problems) = error as? StartupPlanError else { return false }
            return problems.map(\.description) == [
                ".dev/infra/registry.yml:20:75: error: forge-syslog: forge/docker-compose.yml has no service with container_name forge-syslog (nor a key of that name)",
            ]
        }
    }

    @Test func projectNamesAsComposeDerivesThem() {
        #expect(ComposeProject.derivedName(declared: nil, baseFile: "apps/My Shop.v2/c.yml", workspaceRoot: "/w") == "myshopv2")
        #expect(ComposeProject.derivedName(declared: nil, baseFile: "c.yml", workspaceRoot: "/home/me/_Axiom") == "axiom")
        #expect(ComposeProject.derivedName(declared: "given", baseFile: "x/c.yml", workspaceRoot: "/w") == "given")
    }

    @Test func composeCommandsAreArgumentLists() throws {
        let project = try planner().plan().tiers[2].projects[0]
        let up = ComposeCommand.up(project, workspaceRoot: "/work/platform/", waitTimeoutSeconds: 60)
        #expect(up.arguments == [
            "compose", "--ansi", "never", "-p", "shop-dev",
            "-f", "/work/platform/apps/shop/docker-compose.dev.yml", "-f", "/work/platform/apps/shop/docker-compose.labels.yml",
            "--profile", "jobs", "up", "--detach", "--wait", "--wait-timeout", "60", "--", "api", "worker",
        ])
        #expect(up.services == ["shop-api", "shop-worker"])
        let remove = ComposeCommand.remove(project, workspaceRoot: "/work/platform")
        #expect(Array(remove.arguments.suffix(6)) == ["rm", "--stop", "--force", "--", "api", "worker"])
        #expect(ComposeCommand.down(project, workspaceRoot: "/work/platform").arguments.last == "down")
    }
}
