import Foundation
import Testing
import TestSupport

/// `infractl audit --live` on the real engine: what the compose files publish, what the engine
/// binds beyond them, and what Traefik routes.
@Suite("audit on a real engine", .requires(.dockerEngine), .requires(.dockerCompose))
struct AuditEngineTests {
    static let image = EngineLab.image

    @Test("a database on every interface is direct, a routed service goes through Traefik, an engine-only binding is found live")
    func exposure() async throws {
        try await EngineLab.run("audit") { lab in
            let id = lab.id
            let (pgPort, proxyPort, cachePort) = (try EngineLab.freePort(), try EngineLab.freePort(), try EngineLab.freePort())
            try lab.write(".dev/infra/registry.yml", """
                version: 1
                platform: LAB
                apps:
                  forge: { ports: 1024-65535 }
                  lab: { ports: 1024-65535 }
                networks:
                  \(lab.network): { external: true, shared: true }
                port_registry:
                  allocated:
                    \(pgPort): { service: \(id)-pg, app: forge, type: database, internal_port: 5432 }
                    \(proxyPort): { service: \(id)-proxy, app: forge, type: proxy, internal_port: 443 }
                services:
                  forge:
                    dev:
                      - { name: \(id)-pg, type: database, ports: [\(pgPort)], networks: [\(lab.network)], compose_file: forge/docker-compose.yml }
                      - { name: \(id)-proxy, type: proxy, ports: [\(proxyPort)], networks: [\(lab.network)], compose_file: forge/docker-compose.yml }
                      - { name: \(id)-cache, type: cache, networks: [\(lab.network)], compose_file: forge/docker-compose.yml }
                  lab:
                    dev:
                      - { name: \(id)-web, type: frontend, networks: [\(lab.network)], domain: web.lab.local, compose_file: apps/lab/docker-compose.yml }
                rules:
                  shared_apps: [forge]
                """)
            // The proxy stands in for Traefik: its flags are what audit reads; busybox httpd
            // holds the entry point's port.
            try lab.write("forge/docker-compose.yml", """
                name: \(id)-forge
                services:
                  pg:
                    container_name: \(id)-pg
                    image: \(Self.image)
                    init: true
                    command: ["httpd", "-f", "-p", "5432"]
                    ports: ["\(pgPort):5432"]
                    networks: [\(lab.network)]
                  proxy:
                    container_name: \(id)-proxy
                    image: \(Self.image)
                    init: true
                    entrypoint: ["sh", "-c", "exec httpd -f -p 443", "--"]
                    command: ["--entrypoints.websecure.address=:443", "--providers.docker=true"]
                    ports: ["\(proxyPort):443"]
                    networks: [\(lab.network)]
                networks:
                  \(lab.network): { external: true }
                """)
            try lab.write("apps/lab/docker-compose.yml", """
                name: \(id)-lab
                services:
                  web:
                    container_name: \(id)-web
                    image: \(Self.image)
                    init: true
                    command: ["httpd", "-f", "-p", "80"]
                    networks: [\(lab.network)]
                    labels:
                      traefik.enable: "true"
                      traefik.http.routers.web.rule: "Host(`web.lab.local`)"
                      traefik.http.routers.web.entrypoints: websecure
                      traefik.http.routers.web.tls: "true"
                      traefik.http.services.web.loadbalancer.server.port: "80"
                networks:
                  \(lab.network): { external: true }
                """)
            try await lab.createNetwork()
            try await lab.up("forge/docker-compose.yml")
            try await lab.up("apps/lab/docker-compose.yml")
            // A cache started by hand, publishing a port no file mentions.
            try await lab.runContainer("\(id)-cache", ["--network", lab.network, "-p", "\(cachePort):6379", Self.image, "httpd", "-f", "-p", "6379"])

            let result = try await AsyncProcess.infractl(["audit", "--live", "--workspace", lab.root, "--format", "json"])
            #expect(result.status != 2, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["live"] as? Bool == true)
            let exposure = try #require(object["exposure"] as? [[String: Any]])
            func entry(_ service: String, _ port: Int) -> [String: Any]? {
                exposure.first { $0["service"] as? String == "\(id)-\(service)" && $0["port"] as? Int == port }
            }
            let pg = try #require(entry("pg", pgPort), "\(exposure)")
            #expect(pg["via"] as? String == "direct")
            #expect(pg["data_store"] as? Bool == true)
            #expect(pg["host_ip"] as? String == "0.0.0.0")
            let web = try #require(entry("web", proxyPort), "\(exposure)")
            #expect(web["via"] as? String == "traefik")
            #expect(web["tls"] as? Bool == true)
            #expect(web["domains"] as? [String] == ["web.lab.local"])
            let cache = try #require(entry("cache", cachePort), "\(exposure)")
            #expect(cache["via"] as? String == "direct")
            #expect(cache["source"] as? String == "engine")
            #expect(cache["registered"] as? Bool == false)
            #expect(cache["data_store"] as? Bool == true)

            // Without --live the hand-started cache is invisible: only the files speak.
            let files = try await AsyncProcess.infractl(["audit", "--workspace", lab.root, "--format", "json"])
            let offline = try #require(try JSONSerialization.jsonObject(with: Data(files.stdout.utf8)) as? [String: Any])
            #expect(!((offline["exposure"] as? [[String: Any]]) ?? []).contains { $0["service"] as? String == "\(id)-cache" })
        }
    }

    @Test("--live with an engine that cannot be reached is exit 2 naming its address")
    func unreachableEngine() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let result = try await AsyncProcess.infractl(
            ["audit", "--live", "--workspace", workspace], environment: ["DOCKER_HOST": "unix:///nonexistent/docker.sock"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unix:///nonexistent/docker.sock"), "\(result.stderr)")
    }
}
