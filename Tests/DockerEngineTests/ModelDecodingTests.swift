import DockerEngine
import Foundation
import Testing

/// The models against answers recorded from a real engine (Docker 20.10.24, API 1.41).
@Suite struct ModelDecodingTests {
    @Test func unhealthyContainerKeepsItsProbes() throws {
        let container = try Fixtures.decode(ContainerDetails.self, "inspect-unhealthy")
        #expect(container.name == "infractl-rec-web")
        #expect(container.state.status == .running)
        #expect(container.state.running)
        #expect(container.state.finishedDate == nil)
        #expect(container.state.startedDate != nil)
        let health = try #require(container.state.health)
        #expect(health.status == .unhealthy)
        #expect(health.failingStreak == 6)
        #expect(health.log.count == 5)
        #expect(health.log.last?.exitCode == 1)
        #expect(health.log.last?.output == "connection refused: postgres:5432\n")
        #expect(container.config.healthcheck?.test == ["CMD-SHELL", #"echo "connection refused: postgres:5432"; exit 1"#])
        #expect(container.config.healthcheck?.interval == 1_000_000_000)
        #expect(container.hostConfig.restartPolicy.name == "unless-stopped")
        #expect(container.compose?.project == "nexus")
        #expect(container.compose?.service == "nexus-web")
        #expect(container.compose?.configFiles == ["/srv/nexus/docker-compose.yml"])
        #expect(container.config.env == [])
        #expect(container.networkSettings.networks.keys.sorted() == ["bridge"])
    }

    @Test func exitedContainerKeepsExitCodeAliasesAndRequestedPorts() throws {
        let container = try Fixtures.decode(ContainerDetails.self, "inspect-exited")
        #expect(container.state.status == .exited)
        #expect(!container.state.running)
        #expect(container.state.exitCode == 3)
        #expect(!container.state.oomKilled)
        #expect(container.state.health == nil)
        #expect(container.restartCount == 0)
        let finished = try #require(container.state.finishedDate)
        let started = try #require(container.state.startedDate)
        #expect(finished > started)
        #expect(container.config.environment["POSTGRES_PASSWORD"] == "s3cret")
        #expect(container.compose?.configFiles == ["/srv/forge/docker-compose.yml", "/srv/forge/docker-compose.dev.yml"])
        #expect(container.hostConfig.networkMode == "infractl-rec-net")
        #expect(container.networkSettings.networks["infractl-rec-net"]?.aliases.prefix(2) == ["postgres", "db"])
        #expect(container.networkSettings.networks["infractl-rec-net"]?.ipAddress == "")
        #expect(container.publishedPorts == [])
        #expect(container.requestedPorts == [PublishedPort(containerPort: 5432, hostIP: "", hostPort: 15432)])
        #expect(container.config.exposedPorts == ["5432/tcp"])
        #expect(container.config.cmd.first == "sh")
    }

    @Test func runningContainerPublishesOnEveryAddress() throws {
        let container = try Fixtures.decode(ContainerDetails.self, "inspect-api")
        #expect(container.publishedPorts.map(\.description) == [
            "0.0.0.0:14000->4000/tcp", "[::]:14000->4000/tcp", "0.0.0.0:14001->4001/udp", "[::]:14001->4001/udp",
        ])
        #expect(container.requestedPorts.map(\.hostPort) == [14000, 14001])
        #expect(container.config.environment["DATABASE_URL"] == "postgres://app:pw@localhost:5432/app")
        #expect(container.networkSettings.networks["infractl-rec-net"]?.aliases.contains("api") == true)
        #expect(container.networkSettings.networks["infractl-rec-net"]?.ipAddress == "172.18.0.2")
        #expect(container.config.exposedPorts == ["4000/tcp", "4001/udp"])
    }

    @Test func containerList() throws {
        let containers = try Fixtures.decode([ContainerSummary].self, "containers")
        #expect(containers.map(\.name) == ["infractl-rec-web", "infractl-rec-db", "infractl-rec-api"])
        #expect(containers.map(\.state) == [.running, .exited, .running])
        #expect(containers[1].status.hasPrefix("Exited (3)"))
        #expect(containers[1].compose?.service == "postgres")
        #expect(containers[0].compose == nil)
        #expect(containers[0].ports == [ContainerSummary.Port(ip: "127.0.0.1", privatePort: 80, publicPort: 18080)])
        #expect(containers[2].ports.count == 4)
        #expect(containers[2].networkMode == "infractl-rec-net")
        #expect(containers[2].networks["infractl-rec-net"]?.ipAddress == "172.19.0.2")
    }

    @Test func networks() throws {
        let networks = try Fixtures.decode([DockerNetwork].self, "networks")
        #expect(networks.map(\.name).contains("bridge"))
        #expect(networks.allSatisfy { $0.containers.isEmpty })
        let network = try Fixtures.decode(DockerNetwork.self, "network-inspect")
        #expect(network.name == "infractl-rec-net")
        #expect(network.driver == "bridge")
        #expect(!network.isInternal)
        #expect(network.subnets == ["172.19.0.0/16"])
        #expect(network.containers.values.map(\.name) == ["infractl-rec-api"])
        #expect(network.containers.values.first?.ipv4Address == "172.19.0.2/16")
    }

    @Test func infoAndVersion() throws {
        let info = try Fixtures.decode(EngineInfo.self, "info")
        #expect(info.serverVersion == "20.10.24+dfsg1")
        #expect(info.driver == "vfs")
        #expect(info.osType == "linux")
        #expect(info.cpuCount > 0)
        let version = try Fixtures.decode(EngineVersion.self, "version")
        #expect(version.apiVersion == "1.41")
        #expect(version.minAPIVersion == "1.12")
    }

    @Test func modelsRoundTripThroughJSON() throws {
        for name in ["inspect-unhealthy", "inspect-exited", "inspect-api"] {
            let container = try Fixtures.decode(ContainerDetails.self, name)
            let again = try JSONDecoder().decode(ContainerDetails.self, from: JSONEncoder().encode(container))
            #expect(again == container)
        }
        let containers = try Fixtures.decode([ContainerSummary].self, "containers")
        #expect(try JSONDecoder().decode([ContainerSummary].self, from: JSONEncoder().encode(containers)) == containers)
        let network = try Fixtures.decode(DockerNetwork.self, "network-inspect")
        #expect(try JSONDecoder().decode(DockerNetwork.self, from: JSONEncoder().encode(network)) == network)
    }

    @Test func sparseAnswersDecodeWithDefaults() throws {
        let json = #"{"Id":"abc","Name":"/x","State":{"Status":"created"},"Config":{"Image":"busybox","Env":null,"Cmd":"sh"},"NetworkSettings":{"Ports":{"80/tcp":null}}}"#
        let container = try JSONDecoder().decode(ContainerDetails.self, from: Data(json.utf8))
        #expect(container.name == "x")
        #expect(container.state.status == .created)
        #expect(container.config.env == [])
        #expect(container.config.cmd == ["sh"])
        #expect(container.networkSettings.ports == ["80/tcp": []])
        #expect(container.publishedPorts == [])
        #expect(container.hostConfig.portBindings == [:])
    }

    @Test func timestamps() throws {
        let date = try #require(EngineTimestamp.date(from: "2026-11-29T19:39:19.811692269Z"))
        #expect(abs(date.timeIntervalSince1970 - 1_795_981_159.811692269) < 0.000_01)
        #expect(EngineTimestamp.date(from: "1970-01-01T01:00:00+01:00")?.timeIntervalSince1970 == 0)
        #expect(EngineTimestamp.date(from: "2024-02-29T12:00:00Z")?.timeIntervalSince1970 == 1_709_208_000)
        #expect(EngineTimestamp.date(from: "0001-01-01T00:00:00Z") == nil)
        #expect(EngineTimestamp.date(from: "") == nil)
        #expect(EngineTimestamp.date(from: "2024-02-29 12:00") == nil)
    }
}
