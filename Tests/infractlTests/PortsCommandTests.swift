import Foundation
import InfraCore
import Testing

@Suite("infractl ports")
struct PortsCommandTests {
    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func listInEveryFormat() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        for format in ["text", "markdown", "json", "sarif", "github"] {
            let result = try await CLI.run(["ports", "list", "--workspace", workspace, "--format", format])
            #expect(result.status == 0, "\(format): \(result.stderr)")
        }
        let text = try await CLI.run(["ports", "list", "--workspace", workspace, "--format", "text"]).stdout
        #expect(text.hasPrefix("PORT  SERVICE            APP      TYPE        INTERNAL  PROTOCOL  HOST\n80    traefik"))
        // The lowest free port depends on what this host holds (a parallel test may hold 7000).
        #expect(text.contains(/atlas    7000-7999  0          7\d\d\d\n/))
        let markdown = try await CLI.run(["ports", "list", "--workspace", workspace, "--format", "markdown"]).stdout
        #expect(markdown.hasPrefix("## Port Allocation — AXIOM\n\n| Port | Service | App | Type | Internal | Protocol | Host |"))
        let object = try json(try await CLI.run(["ports", "list", "--workspace", workspace, "--format", "json"]).stdout)
        #expect(object["command"] as? String == "ports list")
        let allocations = try #require(object["allocations"] as? [[String: Any]])
        #expect(allocations.count == 13)
        #expect(allocations.first?["port"] as? Int == 80)
        let apps = try #require(object["apps"] as? [[String: Any]])
        #expect(apps.first { $0["name"] as? String == "synapse" }?["lowest_free"] as? Int == 4002)
    }

    @Test func checkNamesOwnerAndExitsOneWhenTaken() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let taken = try await CLI.run(["ports", "check", "4000", "--workspace", workspace, "--format", "json"])
        #expect(taken.status == 1)
        let object = try json(taken.stdout)
        #expect(object["command"] as? String == "ports check")
        #expect(object["port"] as? Int == 4000)
        #expect(object["free"] as? Bool == false)
        #expect(object["owner"] as? String == "synapse-backend")
        #expect((object["findings"] as? [[String: Any]])?.first?["message"] as? String == "Port 4000 already allocated to synapse-backend")

        let free = try await CLI.run(["ports", "check", "7500", "--app", "atlas", "--workspace", workspace, "--format", "json"])
        #expect(free.status == 0, "\(free.stdout)")
        let freeObject = try json(free.stdout)
        #expect(freeObject["free"] as? Bool == true)
        #expect(freeObject["owner"] == nil)

        let text = try await CLI.run(["ports", "check", "7500", "--workspace", workspace, "--format", "text"])
        #expect(text.stdout == "Port 7500 (range of atlas, 7000-7999) is free.\n")
        let outside = try await CLI.run(["ports", "check", "7500", "--app", "prism", "--workspace", workspace, "--format", "text"])
        #expect(outside.status == 1)
        #expect(outside.stdout.contains("error[PORT002]: Port 7500 for app prism must be in range 6000-6999"))
        for format in ["markdown", "sarif", "github"] {
            #expect(try await CLI.run(["ports", "check", "4000", "--workspace", workspace, "--format", format]).status == 1)
        }
        let unknown = try await CLI.run(["ports", "check", "7500", "--app", "atlsa", "--workspace", workspace])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown app 'atlsa' (did you mean 'atlas'?)"))
    }

    @Test func allocateSkipsAPortHeldOnTheHostAndReleaseFreesIt() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        // Hold 7000 the way a forgotten process would.
        let socket = HeldPort(7000)
        defer { socket.close() }
        let check = try json(try await CLI.run(["ports", "check", "7000", "--workspace", workspace, "--format", "json"]).stdout)
        #expect(check["free"] as? Bool == false)
        #expect((check["holder"] as? String)?.contains(":7000/tcp") == true)

        let allocate = try await CLI.run(["ports", "allocate", "--app", "atlas", "--service", "atlas-api", "--type", "api", "--internal-port", "8000", "--workspace", workspace, "--format", "json"])
        #expect(allocate.status == 0, "\(allocate.stderr)")
        #expect(try json(allocate.stdout)["port"] as? Int == 7001)
        let registry = try scratch.read("ax/.dev/infra/registry.yml")
        #expect(registry.contains("""
                # --- ATLAS (7000-7999): nothing allocated yet ----------------------------
                7001:
                  service: atlas-api
                  app: atlas
                  type: api
                  internal_port: 8000
                  protocol: http

            """))

        let release = try await CLI.run(["ports", "release", "7001", "--workspace", workspace, "--format", "text"])
        #expect(release.status == 0, "\(release.stderr)")
        #expect(release.stdout.contains("Released port 7001"))
        #expect(try scratch.read("ax/.dev/infra/registry.yml") == (try String(contentsOfFile: Self.exampleRegistry, encoding: .utf8)))

        let inUse = try await CLI.run(["ports", "release", "4000", "--workspace", workspace])
        #expect(inUse.status == 2)
        #expect(inUse.stderr.contains("still listed by service synapse-backend"))
        let notAllocated = try await CLI.run(["ports", "release", "4999", "--workspace", workspace])
        #expect(notAllocated.status == 2)
        #expect(notAllocated.stderr.contains("port 4999 is not allocated"))
    }

    static let exampleRegistry = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/axiom/.dev/infra/registry.yml").path

    @Test func badAllocationsExitTwoAndWriteNothing() async throws {
        let scratch = try Scratch()
        let workspace = try await scratch.axiom()
        let before = try scratch.read("ax/.dev/infra/registry.yml")
        for arguments in [
            ["--app", "atlsa", "--service", "x"], ["--app", "atlas", "--service", "prism-backend"],
            ["--app", "atlas", "--service", "x", "--type", "databse"], ["--app", "atlas", "--service", "bad name"],
        ] {
            let result = try await CLI.run(["ports", "allocate", "--workspace", workspace] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: "), "\(result.stderr)")
        }
        #expect(try scratch.read("ax/.dev/infra/registry.yml") == before)
    }

    /// The acceptance test of issue 6: 50 `ports allocate` started at once get 50 different
    /// ports, every one in the registry, and the registry's comments and layout survive.
    @Test func fiftyConcurrentAllocationsGetDistinctPorts() async throws {
        // Waiting on 50 processes: on a thread of its own, not a cooperative one.
        let burst = try await onOwnThread { try Self.fiftyAllocations() }
        print("50 concurrent `ports allocate`: \(String(format: "%.2f", burst.elapsed)) s")
        #expect(burst.statuses.allSatisfy { $0 == 0 }, "\(burst.statuses)")
        #expect(burst.ports.count == burst.count)
        #expect(Set(burst.ports).count == burst.count, "a port was handed out twice: \(burst.ports.sorted())")
        for port in burst.ports {
            #expect(burst.registry[port] == "atlas", "port \(port) is not in the registry")
        }
        #expect(Set(burst.registry.keys).subtracting(burst.before) == Set(burst.ports))
        // Every original line is still there, in order; the only new lines are the 50 entries.
        let old = burst.original.split(separator: "\n", omittingEmptySubsequences: false)
        let new = burst.edited.split(separator: "\n", omittingEmptySubsequences: false)
        var next = 0
        for line in new where next < old.count && line == old[next] { next += 1 }
        #expect(next == old.count, "original line \(next + 1) is gone or changed: \(next < old.count ? String(old[next]) : "")")
        #expect(new.count == old.count + burst.count * 4)
    }

    /// What 50 `ports allocate` started at once did.
    struct Burst: Sendable {
        var count: Int
        var elapsed: TimeInterval
        var statuses: [Int32]
        var ports: [Int]
        /// The registry's allocations afterwards (port to app), and the ports allocated before.
        var registry: [Int: String]
        var before: Set<Int>
        var original: String
        var edited: String
    }

    static func fiftyAllocations() throws -> Burst {
        let scratch = try Scratch()
        let workspace = try scratch.axiomBlocking()
        let original = try scratch.read("ax/.dev/infra/registry.yml")
        let load = { try RegistryLoader(workspace: Workspace(root: workspace, files: DiskFileSource(root: workspace))).load() }
        let before = Set(try load().allocations.map(\.port))
        let count = 50
        let start = Date()
        let processes = try (0..<count).map { index in
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["ports", "allocate", "--app", "atlas", "--service", String(format: "burst-%02d", index), "--workspace", workspace, "--format", "json"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (process, output)
        }
        var ports: [Int] = []
        var statuses: [Int32] = []
        for (process, output) in processes {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            statuses.append(process.terminationStatus)
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            if let port = object?["port"] as? Int { ports.append(port) }
        }
        let elapsed = Date().timeIntervalSince(start)
        let registry = Dictionary(try load().allocations.map { ($0.port, $0.app) }, uniquingKeysWith: { first, _ in first })
        return Burst(
            count: count, elapsed: elapsed, statuses: statuses, ports: ports, registry: registry, before: before,
            original: original, edited: try scratch.read("ax/.dev/infra/registry.yml"))
    }
}

/// A TCP socket listening on a port until closed.
final class HeldPort: @unchecked Sendable {
    private let descriptor: Int32

    init(_ port: UInt16) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: INADDR_ANY)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(descriptor, 1)
    }

    func close() { Glibc.close(descriptor) }
}
