import Foundation
import Testing

/// `infractl health` without servers or an engine: arguments, the report's shape, the live
/// checks in `infractl rules`.
@Suite("infractl health (no servers)")
struct HealthCommandTests {
    static let noEngine = ["DOCKER_HOST": "unix:///nonexistent/infractl-test.sock"]

    @Test func reportsEveryServiceOfTheExampleWithoutAnEngine() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let json = try await AsyncProcess.infractl(["health", "--workspace", workspace, "--format", "json"], environment: Self.noEngine)
        #expect([0, 1].contains(json.status), "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let services = try #require(object["services"] as? [[String: Any]])
        #expect(services.count == 15)
        for service in services {
            #expect(service["name"] is String)
            #expect(["healthy", "degraded", "unhealthy", "unknown"].contains(service["status"] as? String ?? ""))
            #expect(service["probe"] is String)
            #expect(service["detail"] is String)
        }
        let docker = try #require(object["docker"] as? [String: Any])
        #expect(docker["reachable"] as? Bool == false)
        #expect((docker["address"] as? String) == "unix:///nonexistent/infractl-test.sock")
        // Docker-only services cannot be judged without the engine.
        #expect(services.first { $0["name"] as? String == "nexus-worker" }?["status"] as? String == "unknown")
        #expect(!json.stdout.contains("axiom-dev-password"))

        let markdown = try await AsyncProcess.infractl(["health", "--workspace", workspace, "--format", "markdown", "forge-redis", "prism-frontend"], environment: Self.noEngine)
        #expect(markdown.stdout.hasPrefix("## Infrastructure Health Report — AXIOM"))
        #expect(markdown.stdout.contains("### Core Infrastructure\n"))
        #expect(markdown.stdout.contains("### Applications\n"))
        #expect(markdown.stdout.contains("Docker status unknown: cannot reach the Docker engine at unix:///nonexistent/infractl-test.sock"))
    }

    @Test func refusesUnknownServicesAndBadIntervals() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let unknown = try await AsyncProcess.infractl(["health", "--workspace", workspace, "forge-postgress"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown service 'forge-postgress' (did you mean 'forge-postgres'?)"))
        let interval = try await AsyncProcess.infractl(["health", "--workspace", workspace, "--watch", "0"])
        #expect(interval.status == 2)
        #expect(interval.stderr.contains("--watch"))
    }

    @Test func liveChecksAreInTheCatalogue() async throws {
        let list = try await AsyncProcess.infractl(["rules"])
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("HLT001") && $0.contains("error") && $0.hasSuffix("a health probe failed") })
        #expect(lines.contains { $0.hasPrefix("HLT002") && $0.contains("warning") })
        let explain = try await AsyncProcess.infractl(["rules", "hlt002"])
        #expect(explain.status == 0)
        #expect(explain.stdout.hasPrefix("HLT002 health-degraded (warning, Runtime)"))
        #expect(explain.stdout.contains("{service}: degraded (slow response time: {seconds}s)"))
    }
}
