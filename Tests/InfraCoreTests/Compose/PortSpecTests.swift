import InfraCore
import Testing

@Suite("Compose port syntax")
struct PortSpecTests {
    func spec(_ text: String) throws -> PortSpec { try PortSpec.parse(text).get() }

    @Test func containerPortAlone() throws {
        let port = try spec("3000")
        #expect(port.published == nil)
        #expect(port.target == 3000...3000)
        #expect(port.protocol == "tcp")
        #expect(port.hostIP == nil)
    }

    @Test func hostAndContainer() throws {
        #expect(try spec("8000:8000").published == 8000...8000)
        let bound = try spec("127.0.0.1:5433:5432")
        #expect(bound.hostIP == "127.0.0.1")
        #expect(bound.published == 5433...5433)
        #expect(bound.target == 5432...5432)
    }

    @Test func ipv6HostInBrackets() throws {
        let port = try spec("[::1]:80:80")
        #expect(port.hostIP == "::1")
        #expect(port.published == 80...80)
    }

    @Test func rangesAndProtocols() throws {
        let range = try spec("9090-9091:8080-8081")
        #expect(range.published == 9090...9091)
        #expect(range.target == 8080...8081)
        #expect(try spec("6060:6060/udp").protocol == "udp")
        #expect(try spec("8000-8010:80").published == 8000...8010)
    }

    @Test func hostIPWithEmptyHostPort() throws {
        let port = try spec("127.0.0.1::80")
        #expect(port.hostIP == "127.0.0.1")
        #expect(port.published == nil)
    }

    @Test func refusesWhatDockerRefuses() {
        #expect(PortSpec.parse("127.0.0.1:8080").failure?.message == "invalid hostPort: 127.0.0.1")
        #expect(PortSpec.parse("-9000:80").failure?.message == "invalid hostPort: -9000")
        #expect(PortSpec.parse("80:70000").failure?.message == "invalid containerPort: 70000")
        #expect(PortSpec.parse("80:80/icmp").failure?.message == "invalid proto: icmp")
        #expect(PortSpec.parse("1-3:1-2").failure != nil)
        #expect(PortSpec.parse("300.1.1.1:80:80").failure != nil)
    }
}
