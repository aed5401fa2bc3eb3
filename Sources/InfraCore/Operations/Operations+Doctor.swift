import DockerEngine
import Foundation

/// `doctor`: where to look for the workspace, the engine and the tools.
public struct DoctorRequest: Sendable {
    /// The folder the workspace is searched from (upward), unless `workspaceRoot` names it.
    public var start: String
    public var workspaceRoot: String?
    public var registryPath: String?
    /// `DOCKER_HOST`, `PATH` and the rest, as the live commands will see them.
    public var environment: [String: String]

    public init(
        start: String = FileManager.default.currentDirectoryPath, workspaceRoot: String? = nil, registryPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.start = start
        self.workspaceRoot = workspaceRoot
        self.registryPath = registryPath
        self.environment = environment
    }
}

extension Operations {
    /// `doctor`: what the commands will find here, each missing piece with its fix. A static
    /// function because it must answer when there is no workspace; `engine`, `compose` and
    /// `hostPorts` are the real ones unless a test gives others.
    public static func doctor(
        _ request: DoctorRequest, engine: (any EngineConnector)? = nil, compose: (any ComposeRunner)? = nil,
        hostPorts: any HostPortReader = ProcHostPortReader()
    ) async -> Report {
        var checks: [DoctorCheck] = []
        let workspace: Workspace?
        do {
            let found = try Workspace.locate(from: request.start, explicitRoot: request.workspaceRoot, registryPath: request.registryPath, environment: request.environment)
            workspace = found
            checks.append(DoctorCheck("workspace", found: true, detail: found.root, neededBy: "every command but init"))
        } catch {
            workspace = nil
            checks.append(DoctorCheck(
                "workspace", found: false, detail: Self.message(error),
                fix: "run infractl inside the platform's repository, pass --workspace DIR, or start from the example: infractl init --example axiom DIR",
                neededBy: "every command but init"))
        }
        if let workspace { checks.append(await registryCheck(workspace)) }
        checks.append(await engineCheck(engine ?? DockerEngineConnector(environment: request.environment), environment: request.environment))
        checks.append(await composeCheck(compose ?? DockerCLI(environment: request.environment)))
        checks.append(await hostPortCheck(hostPorts))
        return Report(
            command: "doctor", workspace: workspace?.root ?? request.start, title: "Doctor",
            registryFile: workspace?.registryPath ?? Workspace.defaultRegistryPath, findings: [],
            payload: DoctorPayload(checks: checks))
    }

    private static func registryCheck(_ workspace: Workspace) async -> DoctorCheck {
        do {
            let registry = try await Blocking.run { try RegistryLoader(workspace: workspace).load() }
            let platform = registry.platform.map { "platform \($0), " } ?? ""
            return DoctorCheck(
                "registry", found: true,
                detail: "\(workspace.registryPath): version \(registry.version), \(platform)\(registry.apps.count) apps, \(registry.services.count) services",
                neededBy: "every command but init")
        } catch {
            return DoctorCheck(
                "registry", found: false, detail: Self.message(error),
                fix: "correct the registry at the line named (the format is in the example: infractl init --example axiom DIR)",
                neededBy: "every command but init")
        }
    }

    private static func engineCheck(_ engine: any EngineConnector, environment: [String: String]) async -> DoctorCheck {
        let neededBy = "diagnose, health's Docker status, stats, logs, up, down, audit --live"
        do {
            let (version, address) = try await engine.with { engine, address in (try await engine.version(), address) }
            return DoctorCheck(
                "engine", found: true, detail: "Docker \(version.version) (API \(version.apiVersion)) at \(address)", neededBy: neededBy)
        } catch {
            let address = (try? DockerHost(environment: environment).description) ?? environment["DOCKER_HOST"] ?? DockerHost.default.description
            let message = Self.message(error)
            return DoctorCheck(
                "engine", found: false, detail: message.contains(address) ? message : "\(address): \(message)",
                fix: "start the Docker engine, or point DOCKER_HOST at it (unix:///path/docker.sock or tcp://host:2375); "
                    + "in the infractl image mount the socket: docker run -v /var/run/docker.sock:/var/run/docker.sock …",
                neededBy: neededBy)
        }
    }

    private static func composeCheck(_ compose: any ComposeRunner) async -> DoctorCheck {
        do {
            return DoctorCheck("compose", found: true, detail: "Docker Compose \(try await compose.composeVersion())", neededBy: "up, down")
        } catch {
            return DoctorCheck(
                "compose", found: false, detail: Self.message(error),
                fix: "install the docker CLI with the Compose v2 plugin (docker compose version must answer)", neededBy: "up, down")
        }
    }

    private static func hostPortCheck(_ reader: any HostPortReader) async -> DoctorCheck {
        let neededBy = "ports check, ports allocate, diagnose (RUN007), up, audit --live"
        do {
            let holders = try await Blocking.run { try reader.holders() }
            let named = holders.count { $0.pid != nil }
            var detail = "\(holders.count) sockets read from /proc/net"
            if named < holders.count {
                detail += ", \(named) with their process"
                // Only root reads the fd tables of other users' processes.
                if geteuid() != 0 { detail += " (run as root to name the processes of other users)" }
            }
            return DoctorCheck("host ports", found: true, detail: detail, neededBy: neededBy)
        } catch {
            return DoctorCheck(
                "host ports", found: false, detail: Self.message(error),
                fix: "run on the Linux host, or in a container with --network host --pid host, so /proc/net shows the host's sockets",
                neededBy: neededBy)
        }
    }

    private static func message(_ error: any Error) -> String {
        (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
    }
}
