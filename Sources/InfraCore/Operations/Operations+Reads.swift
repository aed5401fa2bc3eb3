import DockerEngine
import Foundation

extension Operations {
    /// `validate`: every static rule over the registry, its compose files and a proposed change.
    public func validate(_ request: ValidateRequest) async throws -> Report {
        let workspace = self.workspace
        let (validation, recovery) = try await Blocking.run {
            try EditSession(workspace: workspace).reading { committed -> ValidationReport in
                guard let proposal = request.proposedText else {
                    return try Validator(workspace: committed, target: request.target).validate(proposed: request.proposedFiles)
                }
                let path = try Self.proposedPath(proposal, in: committed)
                let overlaid = Workspace(
                    root: committed.root, registryPath: committed.registryPath,
                    files: LayeredFileSource(overrides: [path: proposal.text], over: committed.files), environment: committed.environment)
                return try Validator(workspace: overlaid, target: request.target).validate(proposed: request.proposedFiles + [path])
            }
        }
        let report = Report(validation: validation, strict: request.strict)
        retirement.retire(validation)
        return try await applying(request.baseline, to: report, complete: true).noting(recovery.notice)
    }

    /// The workspace-relative file proposed compose text stands for: its `file`, else the
    /// development compose file of its `app`.
    static func proposedPath(_ proposal: ValidateRequest.ProposedText, in workspace: Workspace) throws -> String {
        let registry = try RegistryLoader(workspace: workspace).load()
        if let app = proposal.app { try registry.resolveApps([app], declared: true) }
        if let file = proposal.file {
            guard let path = WorkspacePath.normalize(file), !path.isEmpty else {
                throw OperationError("path \(file) leaves the workspace \(workspace.root)")
            }
            return path
        }
        guard let app = proposal.app else {
            throw OperationError("proposed compose text needs the app (or the file) it stands for")
        }
        return AddService.composeFile(app: app, environment: .dev, registry: registry)
    }

    /// `diagnose`: the registry against what runs on the engine and the host.
    public func diagnose(_ request: DiagnoseRequest) async throws -> Report {
        let workspace = self.workspace
        let (context, recovery) = try await read(traefik: true)
        _ = try context.registry.resolveServices(request.services)
        let scope = DiagnosisRequest(
            services: request.services, environments: request.environments, logTail: request.logLines,
            swarm: (request.target ?? context.registry.orchestrator) == .swarm)
        let diagnosis = try await engine.with { engine, address in
            try await Diagnoser().diagnose(context, workspaceRoot: workspace.root, engine: engine, engineAddress: address, request: scope)
        }
        var report = Report(
            diagnosis: diagnosis, workspace: workspace.root, platform: context.registry.platform,
            registryFile: context.registry.file, strict: request.strict)
        report.expectedState = diagnosis.services.compactMap { state in
            context.registry.service(named: state.name).map { ExpectedService($0, in: context.registry) }
        }
        return try await applying(request.baseline, to: report, complete: request.services.isEmpty).noting(recovery.notice)
    }

    /// The checker `health` runs, its services resolved; `--watch` runs it again and again, so
    /// a pending change it read as finished is among its notes, shown with every round.
    public func healthChecker(_ request: HealthRequest) async throws -> HealthChecker {
        var (checker, recovery) = try await committedHealthChecker(request)
        if let notice = recovery.notice { checker.notes.append(notice) }
        return checker
    }

    /// The checker of the workspace's committed state, and what the read found pending.
    private func committedHealthChecker(_ request: HealthRequest) async throws -> (HealthChecker, ChangeJournal.Recovery) {
        let workspace = self.workspace
        let (checker, recovery) = try await Blocking.run {
            try EditSession(workspace: workspace).reading { committed -> HealthChecker in
                var checker = try HealthChecker(workspace: committed, services: request.services)
                checker.swarm = (request.target ?? checker.plan.registry.orchestrator) == .swarm
                return checker
            }
        }
        _ = try checker.plan.registry.resolveServices(request.services)
        return (checker, recovery)
    }

    /// `health`: every service probed and its Docker health read, all at once.
    public func health(_ request: HealthRequest) async throws -> Report {
        let (checker, recovery) = try await committedHealthChecker(request)
        var report = Report(health: await checker.check(), strict: request.strict, masker: checker.masker)
        let registry = checker.plan.registry
        report.expectedState = (request.services.isEmpty ? registry.services.map(\.name) : request.services).compactMap { name in
            registry.service(named: name).map { ExpectedService($0, in: registry) }
        }
        return report.noting(recovery.notice)
    }

    /// `graph`: the dependency graph with startup tiers; the payload holds the graph for
    /// front ends that draw it.
    public func graph(_ request: GraphRequest) async throws -> Report {
        let workspace = self.workspace
        let (registry, recovery) = try await Blocking.run {
            try EditSession(workspace: workspace).reading { try RegistryLoader(workspace: $0).load() }
        }
        try registry.resolveApps(request.apps)
        let graph = DependencyGraph(registry: registry, apps: request.apps.isEmpty ? nil : Set(request.apps))
        return Report(
            command: "graph", workspace: workspace.root, title: "Dependency Graph", platform: registry.platform,
            registryFile: registry.file, findings: [], payload: GraphPayload(graph: graph)
        ).noting(recovery.notice)
    }

    /// The registry at a glance: apps with their ranges and lowest free ports, services, networks.
    public func registrySummary() async throws -> Report {
        let (context, recovery, host) = try await readWithHostPorts()
        return RegistryReports.summary(context: context, host: host, workspace: workspace.root).noting(recovery.notice)
    }

    /// `ports list`: the allocation table with what holds each port on this host.
    public func portsList() async throws -> Report {
        let (context, recovery, host) = try await readWithHostPorts()
        return PortReports.list(context: context, host: host, workspace: workspace.root).noting(recovery.notice)
    }

    /// `ports check`: a port's range, registry owner, compose publishers and host holder.
    public func portCheck(_ request: PortCheckRequest) async throws -> Report {
        let (context, recovery, host) = try await readWithHostPorts()
        if let app = request.app { try context.registry.resolveApps([app], declared: true) }
        return try PortReports.check(port: request.port, app: request.app, context: context, host: host, workspace: workspace.root)
            .noting(recovery.notice)
    }

    /// `rules ID`: a rule's or live check's documentation.
    public func explainRule(_ id: String) throws -> Report {
        RuleReports.explain(try RuleReports.rule(id: id), workspace: workspace.root)
    }

    /// `logs`: the last lines of a service's container, secrets masked.
    public func logs(_ request: LogsRequest) async throws -> Report {
        let workspace = self.workspace
        let (context, recovery) = try await read()
        guard let service = try context.registry.resolveServices([request.service]).first else {
            throw UnknownName("service", request.service, among: context.registry.services.map(\.name))
        }
        let matcher = ContainerMatcher(context: context, workspaceRoot: workspace.root)
        let found: (container: String, lines: [ContainerLogLine])? = try await engine.with { engine, _ in
            guard let container = try await engine.containers(all: true).first(where: { matcher.registryName(of: $0) == service.name }) else {
                return nil
            }
            return (container.name, try await engine.logs(id: container.id, tail: request.lines))
        }
        let masker = SecretMasker(workspace: context)
        guard let found else {
            let finding = Finding(
                rule: "RUN001", severity: .error, message: "\(service.name): not running (no container)", service: service.name,
                app: service.app, fix: Fix(file: service.composeFile, explanation: "Start it: infractl up \(service.app)"))
            return Report(
                command: "logs", workspace: workspace.root, title: "Logs of \(service.name)", platform: context.registry.platform,
                registryFile: context.registry.file, findings: [finding], masker: masker
            ).noting(recovery.notice)
        }
        return Report(
            command: "logs", workspace: workspace.root, title: "Logs of \(service.name)", platform: context.registry.platform,
            registryFile: context.registry.file, findings: [],
            payload: LogsPayload(service: service.name, container: found.container, lines: found.lines), masker: masker
        ).noting(recovery.notice)
    }

    /// The workspace for a command that only reads: nothing written, not even the lock file; a
    /// change an interrupted writer left committed is read as finished.
    func read(traefik: Bool = false) async throws -> (ValidationContext, ChangeJournal.Recovery) {
        let workspace = self.workspace
        return try await Blocking.run { try EditSession(workspace: workspace).read(traefik: traefik) }
    }

    /// `read()` and this host's sockets, both off the cooperative pool (a `/proc` scan blocks).
    func readWithHostPorts() async throws -> (ValidationContext, ChangeJournal.Recovery, any HostPorts) {
        let workspace = self.workspace, hostPorts = self.hostPorts
        return try await Blocking.run {
            let (context, recovery) = try EditSession(workspace: workspace).read()
            return (context, recovery, hostPorts(false))
        }
    }
}

/// The graph of `graph`, for front ends that draw it; its JSON is the graph's.
public struct GraphPayload: ReportPayload {
    public var graph: DependencyGraph

    public var jsonFields: [JSONMember] { graph.jsonFields }

    public func masked(by masker: SecretMasker) -> GraphPayload { self }
}

/// The lines of `logs`, masked.
public struct LogsPayload: ReportPayload {
    public var service: String
    public var container: String
    public var lines: [ContainerLogLine]

    public var jsonFields: [JSONMember] {
        [
            JSONMember("service", .string(service)), JSONMember("container", .string(container)),
            JSONMember("lines", .array(lines.map { line in
                .fields(["stream": .string(line.stream.rawValue), "time": .text(line.timestamp.map { $0.formatted(.iso8601) }), "text": .string(line.text)])
            })),
        ]
    }

    public var text: String? { lines.map(\.text).joined(separator: "\n") }

    public var markdown: String? {
        var writer = MarkdownWriter()
        writer.paragraph("Last \(lines.count) line\(lines.count == 1 ? "" : "s") of container \(MarkdownWriter.codeSpan(container)):")
        writer.codeBlock(lines.map(\.text).joined(separator: "\n"), language: "text")
        return writer.text
    }

    public func masked(by masker: SecretMasker) -> LogsPayload {
        var copy = self
        copy.lines = lines.map { line in
            var line = line
            line.text = masker.mask(line.text)
            return line
        }
        return copy
    }
}
