import Foundation
import DockerEngine
@testable import InfraCore
import Testing
import Yams

/// The file `up --target swarm` hands to `docker stack deploy`: what stack deploy would not do
/// itself (read `.env`, merge overlays, resolve relative paths, read Compose-only keys) done
/// before, and nothing else changed.
@Suite("Stack file rendering")
struct StackFileTests {
    static let root = "/work/platform"

    static func render(_ files: [String: String], services: [String], compose: [String] = ["apps/shop/docker-compose.yml"]) throws -> [String: Any] {
        let workspace = Workspace(root: root, files: MemoryFileSource(files), environment: ["FROM_SHELL": "shell"])
        let (tree, bases) = try ComposeLoader(workspace: workspace).mergedTree(compose)
        let file = try StackFile.render(tree, services: services, workspaceRoot: root, relativeBase: bases)
        return try #require(try Yams.load(yaml: file.text) as? [String: Any], "\(file.text)")
    }

    static func service(_ stack: [String: Any], _ key: String) -> [String: Any] {
        ((stack["services"] as? [String: Any])?[key] as? [String: Any]) ?? [:]
    }

    @Test("variables from .env and the shell are interpolated, a literal $ is escaped for stack deploy")
    func interpolation() throws {
        let stack = try Self.render([
            "apps/shop/.env": "DB_PASSWORD=s3cret\nTAG=1.4\n",
            "apps/shop/docker-compose.yml": """
                services:
                  api:
                    image: shop-api:${TAG}
                    environment:
                      DATABASE_URL: postgres://shop:${DB_PASSWORD}@db:5432/shop
                      GREETING: "costs $$5"
                      ORIGIN: ${FROM_SHELL}
                """,
        ], services: ["api"])
        let api = Self.service(stack, "api")
        #expect(api["image"] as? String == "shop-api:1.4")
        let environment = api["environment"] as? [String: Any] ?? [:]
        #expect(environment["DATABASE_URL"] as? String == "postgres://shop:s3cret@db:5432/shop")
        // Written `$$5`: stack deploy interpolates once more and reads `$5` back.
        #expect(environment["GREETING"] as? String == "costs $$5")
        #expect(environment["ORIGIN"] as? String == "shell")
    }

    @Test("only the tier's services; Compose-only keys carried to deploy or left out")
    func composeOnlyKeys() throws {
        let stack = try Self.render([
            "apps/shop/docker-compose.yml": """
                name: shop
                services:
                  db:
                    container_name: shop-db
                    image: postgres:16
                    restart: unless-stopped
                    mem_limit: 512m
                    cpus: 0.5
                  api:
                    container_name: shop-api
                    image: shop-api:1
                    build: .
                    depends_on: [db]
                    restart: on-failure:3
                    mem_limit: 256m
                    deploy:
                      resources:
                        limits: { memory: 128m }
                      restart_policy: { condition: any }
                networks:
                  platform: { external: true }
                """,
        ], services: ["api"])
        #expect(Set((stack["services"] as? [String: Any] ?? [:]).keys) == ["api"])
        #expect(stack["name"] == nil)
        #expect((stack["networks"] as? [String: Any])?["platform"] != nil)
        let api = Self.service(stack, "api")
        for key in ["container_name", "build", "depends_on", "restart", "mem_limit"] { #expect(api[key] == nil, "\(key)") }
        let deploy = api["deploy"] as? [String: Any] ?? [:]
        // The service's own deploy settings win over what its Compose keys say.
        #expect(((deploy["resources"] as? [String: Any])?["limits"] as? [String: Any])?["memory"] as? String == "128m")
        #expect((deploy["restart_policy"] as? [String: Any])?["condition"] as? String == "any")

        let db = Self.service(try Self.render([
            "apps/shop/docker-compose.yml": """
                services:
                  db:
                    image: postgres:16
                    restart: on-failure:3
                    mem_limit: 512m
                    cpus: 0.5
                    mem_reservation: 256m
                """,
        ], services: ["db"]), "db")
        let dbDeploy = db["deploy"] as? [String: Any] ?? [:]
        let resources = dbDeploy["resources"] as? [String: Any] ?? [:]
        #expect((resources["limits"] as? [String: Any])?["memory"] as? String == "512m")
        #expect((resources["limits"] as? [String: Any])?["cpus"] as? String == "0.5")
        #expect((resources["reservations"] as? [String: Any])?["memory"] as? String == "256m")
        let policy = dbDeploy["restart_policy"] as? [String: Any] ?? [:]
        #expect(policy["condition"] as? String == "on-failure")
        #expect(policy["max_attempts"] as? Int == 3)
    }

    @Test("overlays merged in order; relative paths absolute, named volumes and absolute paths left alone")
    func overlaysAndPaths() throws {
        let stack = try Self.render([
            "apps/shop/docker-compose.yml": """
                services:
                  api:
                    image: shop-api:1
                    env_file: [./api.env]
                    volumes:
                      - ./data:/data
                      - cache:/cache
                      - /etc/hosts:/etc/hosts:ro
                      - { type: bind, source: ../shared, target: /shared }
                secrets:
                  token: { file: ./secrets/token }
                volumes:
                  cache: {}
                """,
            "apps/shop/docker-compose.prod.yml": """
                services:
                  api:
                    image: shop-api:2
                """,
            "apps/shop/api.env": "A=1\n",
        ], services: ["api"], compose: ["apps/shop/docker-compose.yml", "apps/shop/docker-compose.prod.yml"])
        let api = Self.service(stack, "api")
        #expect(api["image"] as? String == "shop-api:2")
        #expect(api["env_file"] as? [String] == ["/work/platform/apps/shop/api.env"])
        let volumes = api["volumes"] as? [Any] ?? []
        #expect(volumes.first as? String == "/work/platform/apps/shop/data:/data")
        #expect(volumes.dropFirst().first as? String == "cache:/cache")
        #expect(volumes.dropFirst(2).first as? String == "/etc/hosts:/etc/hosts:ro")
        #expect((volumes.last as? [String: Any])?["source"] as? String == "/work/platform/apps/shared")
        #expect(((stack["secrets"] as? [String: Any])?["token"] as? [String: Any])?["file"] as? String == "/work/platform/apps/shop/secrets/token")
    }

    @Test("YAML types survive: quoted text stays text, plain numbers and booleans stay what they were")
    func types() throws {
        let api = Self.service(try Self.render([
            "apps/shop/docker-compose.yml": """
                services:
                  api:
                    image: shop-api:1
                    init: true
                    ports: ["8080:80"]
                    environment:
                      FLAG: "true"
                      COUNT: 3
                      EMPTY:
                """,
        ], services: ["api"]), "api")
        #expect(api["init"] as? Bool == true)
        #expect(api["ports"] as? [String] == ["8080:80"])
        let environment = api["environment"] as? [String: Any] ?? [:]
        #expect(environment["FLAG"] as? String == "true")
        #expect(environment["COUNT"] as? Int == 3)
        #expect(environment.keys.contains("EMPTY"))
    }
}

/// Whether a tier has converged on a swarm, from the services and the tasks started since
/// its deploy.
@Suite("Swarm convergence")
struct SwarmConvergenceTests {
    static let tier = StartupPlan.Tier(number: 1, projects: [
        StartupPlan.Project(name: "shop", files: ["shop/docker-compose.yml"], services: [
            StartupPlan.Service(name: "shop-db", app: "shop", composeKey: "db"),
            StartupPlan.Service(name: "shop-api", app: "shop", composeKey: "api"),
        ]),
    ])

    @Test func convergedWhenEveryServiceHasItsReplicasRunning() {
        let state = SwarmConvergence(
            tier: Self.tier,
            services: [
                SwarmService(id: "d", name: "shop_db"),
                SwarmService(id: "a", name: "shop_api", mode: .replicated(replicas: 2)),
            ],
            tasks: [
                SwarmTask(id: "1", serviceID: "d", state: "running"),
                SwarmTask(id: "2", serviceID: "a", state: "running"),
                SwarmTask(id: "3", serviceID: "a", state: "starting"),
            ])
        #expect(!state.converged)
        #expect(state.failures.isEmpty)
        #expect(state.progress.map(\.state) == ["running 1/1", "starting 1/2"])
        let done = SwarmConvergence(
            tier: Self.tier, services: [SwarmService(id: "d", name: "shop_db"), SwarmService(id: "a", name: "shop_api", mode: .replicated(replicas: 2))],
            tasks: [
                SwarmTask(id: "1", serviceID: "d", state: "running"), SwarmTask(id: "2", serviceID: "a", state: "running"),
                SwarmTask(id: "3", serviceID: "a", state: "running"),
            ])
        #expect(done.converged)
    }

    @Test func aRejectedTaskOrOneNoNodeFitsFailsTheTierWithItsError() {
        let state = SwarmConvergence(
            tier: Self.tier,
            services: [SwarmService(id: "d", name: "shop_db"), SwarmService(id: "a", name: "shop_api")],
            tasks: [
                SwarmTask(id: "task-db-1", serviceID: "d", state: "pending", error: "no suitable node (1 node not available for new tasks)"),
                SwarmTask(id: "task-api-1", serviceID: "a", state: "rejected", desiredState: "shutdown", error: "No such image: shop-api:1"),
            ])
        #expect(!state.converged)
        let failure = state.failures["shop"] ?? ""
        #expect(failure.contains("shop_db: task task-db-1 pending: no suitable node"))
        #expect(failure.contains("shop_api: task task-api-1 rejected: No such image: shop-api:1"))
    }

    @Test func aTaskFromBeforeTheDeployCountsWhenRunningButNotWhenFailed() {
        let services = [SwarmService(id: "d", name: "shop_db"), SwarmService(id: "a", name: "shop_api")]
        let unchanged = SwarmConvergence(
            tier: Self.tier, services: services,
            tasks: [
                SwarmTask(id: "old-db", serviceID: "d", state: "running"), SwarmTask(id: "old-api", serviceID: "a", state: "running"),
                SwarmTask(id: "older-api", serviceID: "a", state: "failed", desiredState: "shutdown", error: "task: non-zero exit (1)"),
            ],
            olderThanDeploy: ["old-db", "old-api", "older-api"])
        #expect(unchanged.converged)
        #expect(unchanged.failures.isEmpty)
    }

    @Test func aServiceNotYetCreatedIsNotConverged() {
        let state = SwarmConvergence(tier: Self.tier, services: [SwarmService(id: "d", name: "shop_db")], tasks: [SwarmTask(id: "1", serviceID: "d", state: "running")])
        #expect(!state.converged)
        #expect(state.progress.last?.state == "absent 0/0")
    }
}

/// The Engine API's swarm answers, decoded as a 1.41 engine sends them.
@Suite("Swarm models")
struct SwarmModelTests {
    @Test func decodesServicesTasksNodesAndTheSwarmState() throws {
        let services = try JSONDecoder().decode([SwarmService].self, from: Data("""
            [{"ID":"s1","Spec":{"Name":"shop_api","Labels":{"com.docker.stack.namespace":"shop"},
              "TaskTemplate":{"ContainerSpec":{"Image":"shop-api:1"},"Placement":{"Constraints":["node.role == manager"]}},
              "Mode":{"Replicated":{"Replicas":3}}},
              "Endpoint":{"Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"host"}]},
              "UpdateStatus":{"State":"paused","Message":"update paused due to failure or early termination of task x"},
              "ServiceStatus":{"RunningTasks":1,"DesiredTasks":3}},
             {"ID":"s2","Spec":{"Name":"agent","Mode":{"Global":{}}}}]
            """.utf8))
        #expect(services[0].name == "shop_api" && services[0].stack == "shop" && services[0].image == "shop-api:1")
        #expect(services[0].mode == .replicated(replicas: 3))
        #expect(services[0].constraints == ["node.role == manager"])
        #expect(services[0].ports == [SwarmService.Port(targetPort: 80, publishedPort: 8080, publishMode: "host")])
        #expect(services[0].updateStatus?.state == "paused")
        #expect(services[0].runningTasks == 1 && services[0].desiredTasks == 3)
        #expect(services[1].mode == .global)

        let tasks = try JSONDecoder().decode([SwarmTask].self, from: Data("""
            [{"ID":"t1","ServiceID":"s1","NodeID":"n1","Slot":1,"DesiredState":"shutdown",
              "Status":{"Timestamp":"2026-12-05T10:00:00.1Z","State":"rejected","Message":"preparing","Err":"No such image: shop-api:1",
                        "ContainerStatus":{"ContainerID":"","ExitCode":0}}}]
            """.utf8))
        #expect(tasks[0].state == "rejected" && tasks[0].error == "No such image: shop-api:1" && tasks[0].hasFailed)

        let nodes = try JSONDecoder().decode([SwarmNode].self, from: Data("""
            [{"ID":"n1","Description":{"Hostname":"node-1"},"Spec":{"Role":"worker","Availability":"drain"},"Status":{"State":"ready","Addr":"10.0.0.2"}}]
            """.utf8))
        #expect(nodes[0].hostname == "node-1" && nodes[0].availability == "drain" && !nodes[0].acceptsTasks)

        let info = try JSONDecoder().decode(EngineInfo.self, from: Data("""
            {"ServerVersion":"20.10.24","Swarm":{"NodeID":"n1","LocalNodeState":"active","ControlAvailable":true}}
            """.utf8))
        #expect(info.swarm.isManager)
        #expect(!(try JSONDecoder().decode(EngineInfo.self, from: Data(#"{"ServerVersion":"x"}"#.utf8))).swarm.isManager)
    }
}
