import DockerEngine
import InfraCore
import Testing

@Suite("Port clearance before up")
struct PortClearanceTests {
    static let plan = StartupPlan(
        ports: [
            StartupPlan.Port(port: 4000, service: "shop-api", app: "shop", location: SourceLocation(file: "shop/c.yml", line: 7, column: 9)),
            StartupPlan.Port(port: 4514, transport: .udp, service: "shop-log", app: "shop"),
        ],
        tiers: [
            StartupPlan.Tier(number: 5, projects: [
                StartupPlan.Project(name: "shop", files: ["shop/c.yml"], services: [
                    StartupPlan.Service(name: "shop-api", app: "shop", composeKey: "api"),
                    StartupPlan.Service(name: "shop-log", app: "shop", composeKey: "log"),
                ]),
            ]),
        ])

    static func container(
        _ name: String, id: String? = nil, publishes port: Int? = nil, type: String = "tcp", state: ContainerStatus = .running,
        labels: [String: String] = [:]
    ) -> ContainerSummary {
        ContainerSummary(
            id: id ?? name, names: ["/\(name)"], ports: port.map { [.init(ip: "0.0.0.0", privatePort: 80, publicPort: $0, type: type)] } ?? [],
            labels: labels, state: state)
    }

    @Test func freeWhenNothingHoldsThePorts() {
        #expect(PortClearance(plan: Self.plan, containers: [], sockets: []).conflicts().isEmpty)
    }

    @Test func aListeningProcessIsNamed() throws {
        let socket = HostPortHolder(port: 4000, transport: .tcp, address: "0.0.0.0", pid: 812, processName: "python3")
        let findings = PortClearance(plan: Self.plan, containers: [], sockets: [socket]).conflicts()
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.rule == "RUN007")
        #expect(finding.severity == .error)
        #expect(finding.message == "Port 4000 is in use by python3 (pid 812) on 0.0.0.0:4000/tcp")
        #expect(finding.service == "shop-api")
        #expect(finding.location?.line == 7)
        #expect(finding.fix?.explanation.contains("pid 812") == true)
    }

    @Test func anotherContainerIsNamedRatherThanItsProxy() {
        let proxy = HostPortHolder(port: 4000, transport: .tcp, address: "0.0.0.0", pid: 90, processName: "docker-proxy")
        let findings = PortClearance(
            plan: Self.plan, containers: [Self.container("squatter", publishes: 4000)], sockets: [proxy]).conflicts()
        #expect(findings.map(\.message) == ["Port 4000 is in use by container squatter"])
    }

    @Test func theServicesOwnRunningContainerIsNoConflict() {
        let proxy = HostPortHolder(port: 4000, transport: .tcp, address: "0.0.0.0", pid: 90, processName: "docker-proxy")
        // By container name, and by compose labels when Compose named the container itself.
        for own in [
            Self.container("shop-api", publishes: 4000),
            Self.container("shop-api-1", publishes: 4000, labels: [ComposeLabels.projectKey: "shop", ComposeLabels.serviceKey: "api"]),
        ] {
            #expect(PortClearance(plan: Self.plan, containers: [own], sockets: [proxy]).conflicts().isEmpty)
        }
        // A stopped container of its own does not explain a proxy that still holds the port.
        let stopped = Self.container("shop-api", publishes: 4000, state: .exited)
        #expect(PortClearance(plan: Self.plan, containers: [stopped], sockets: [proxy]).conflicts().map(\.port) == [4000])
    }

    @Test func protocolsAreKeptApart() {
        let tcpOn4514 = HostPortHolder(port: 4514, transport: .tcp, address: "0.0.0.0", pid: 5, processName: "nc")
        let udpOn4514 = HostPortHolder(port: 4514, transport: .udp, address: "0.0.0.0", pid: 6, processName: "syslogd")
        #expect(PortClearance(plan: Self.plan, containers: [], sockets: [tcpOn4514]).conflicts().isEmpty)
        #expect(PortClearance(plan: Self.plan, containers: [], sockets: [udpOn4514]).conflicts().map(\.port) == [4514])
    }
}

@Suite("Startup progress text")
struct StartupProgressRendererTests {
    static let tier = StartupPlan.Tier(number: 1, name: "Data stores", projects: [
        StartupPlan.Project(name: "forge", files: ["forge/c.yml"], services: [
            StartupPlan.Service(name: "db", app: "forge", composeKey: "db"),
            StartupPlan.Service(name: "cache", app: "forge", composeKey: "cache"),
        ]),
    ])

    static func states(_ db: String, _ cache: String) -> [ServiceProgress] {
        [ServiceProgress(name: "db", project: "forge", state: "running", health: db), ServiceProgress(name: "cache", project: "forge", state: cache)]
    }

    @Test func plainLinesOnlyForChanges() {
        var renderer = StartupProgressRenderer(mode: .up, live: false)
        var out = renderer.render(.tierStarted(Self.tier))
        out += renderer.render(.tierProgress(Self.tier, Self.states("starting", "created"), elapsed: .milliseconds(300)))
        out += renderer.render(.tierProgress(Self.tier, Self.states("starting", "running"), elapsed: .milliseconds(800)))
        out += renderer.render(.tierProgress(Self.tier, Self.states("healthy", "running"), elapsed: .milliseconds(2500)))
        out += renderer.render(.tierFinished(Self.tier, succeeded: true, elapsed: .milliseconds(2600)))
        #expect(out == """
            tier 1 (Data stores): starting db, cache
              db: running (starting) (0.3s)
              cache: created (0.3s)
              cache: running (0.8s)
              db: running (healthy) (2.5s)
            tier 1 (Data stores): running and healthy after 2.6s

            """)
    }

    @Test func liveRedrawsTheTierBlockInPlace() {
        var renderer = StartupProgressRenderer(mode: .up, live: true)
        let first = renderer.render(.tierStarted(Self.tier))
        #expect(first == "▸ tier 1 (Data stores) · 0.0s\n    db     …\n    cache  …\n")
        let second = renderer.render(.tierProgress(Self.tier, Self.states("starting", "running"), elapsed: .milliseconds(1200)))
        #expect(second == "\u{1B}[3A\r\u{1B}[J▸ tier 1 (Data stores) · 1.2s\n    db     running (starting)\n    cache  running\n")
        let last = renderer.render(.tierFinished(Self.tier, succeeded: false, elapsed: .milliseconds(1300)))
        #expect(last == "\u{1B}[3A\r\u{1B}[J✗ tier 1 (Data stores) · failed after 1.3s\n    db     running (starting)\n    cache  running\n")
        // The next tier draws below, without moving back over the finished one.
        #expect(!renderer.render(.tierStarted(Self.tier)).hasPrefix("\u{1B}"))
    }
}
