import DockerEngine
import Foundation
import InfraCore

/// The server's tools. Their names are a contract other agents rely on; each calls the core
/// function its CLI command calls and answers with that command's JSON report.
public enum InfraTools {
    /// Every tool, read tools first.
    public static let all: [MCPTool] = [
        registrySummary, validate, checkPort, diagnose, health, graph, explainRule, allocatePort, addService,
    ]

    /// The tools a server offers: the write tools only when writes are allowed.
    public static func available(allowWrites: Bool) -> [MCPTool] {
        all.filter { allowWrites || $0.access == .read }
    }

    static let serviceTypes = ServiceType.allCases.map(\.rawValue)
    static let environments = Registry.Environment.allCases.map(\.rawValue)

    // MARK: Read

    public static let registrySummary = MCPTool(
        name: "registry_summary", title: "Registry summary",
        description: """
            The platform's registry at a glance: every app with its port range and lowest free port, every \
            service with its type, tier, ports, networks, dependencies and compose file, the networks and the \
            startup order. Start here before planning a change.
            """
    ) { _, context in
        let workspace = context.workspace
        let (registry, recovery, host) = try await ToolContext.offload {
            let (registry, recovery) = try context.read()
            return (registry, recovery, context.hostPorts(false))
        }
        let report = RegistryReports.summary(context: registry, host: host, workspace: workspace.root)
        return ToolOutput(report, note: recovery)
    }

    public static let validate = MCPTool(
        name: "validate", title: "Validate the platform or a proposed compose change",
        description: """
            Runs every static rule (ports, networks, dependencies, health checks, environment, TLS, security, \
            registry consistency) over the registry and every compose file it names, as `infractl validate`. \
            With `compose`, that text is checked as a proposed change against the registry, in memory: it \
            stands for the app's compose file (or `file`), new services in it are validated as if they were \
            registered, and nothing is written. `result` is `fail` when there is an error (a port already \
            allocated is PORT001).
            """,
        parameters: [
            ToolParameter("compose", .string, "Proposed compose YAML: the complete new text of the compose file it stands for."),
            ToolParameter("app", .string, "The app the proposed compose text belongs to; it stands for that app's compose file (its development one)."),
            ToolParameter("file", .string, "The workspace-relative compose file the proposed text stands for, instead of the app's (a new file in the app's folder checks a snippet alone)."),
            ToolParameter("strict", .boolean, "Fail on warnings too (default false)."),
        ]
    ) { arguments, context in
        let compose = try arguments.string("compose"), app = try arguments.string("app"), file = try arguments.string("file")
        let strict = try arguments.boolean("strict") ?? false
        let workspace = context.workspace
        let validation = try await ToolContext.offload {
            guard let compose else {
                if app != nil || file != nil { throw ToolError("`app` and `file` name what the `compose` text stands for; give `compose` too") }
                return try Validator(workspace: workspace).validate()
            }
            let path = try proposedPath(app: app, file: file, in: workspace)
            let overlaid = Workspace(
                root: workspace.root, registryPath: workspace.registryPath,
                files: LayeredFileSource(overrides: [path: compose], over: workspace.files), environment: workspace.environment)
            return try Validator(workspace: overlaid).validate(proposed: [path])
        }
        return ToolOutput(Report(validation: validation, strict: strict))
    }

    public static let checkPort = MCPTool(
        name: "check_port", title: "Check a host port",
        description: """
            Says whether a host port is free, as `infractl ports check`: the app range it lies in, the registry \
            service it is allocated to, the compose services that publish it and what holds it on this host. \
            A taken port (or one outside `app`'s range) is a finding at error level and `free` is false.
            """,
        parameters: [
            ToolParameter("port", .integer(1...65535), "The host port.", required: true),
            ToolParameter("app", .string, "Also check that the port lies in this app's range."),
        ]
    ) { arguments, context in
        guard let port = try arguments.integer("port") else { throw ToolError("check_port needs `port`") }
        let app = try arguments.string("app")
        let workspace = context.workspace
        let (registry, recovery, host) = try await ToolContext.offload {
            let (registry, recovery) = try context.read()
            return (registry, recovery, context.hostPorts(false))
        }
        let report = try PortReports.check(port: port, app: app, context: registry, host: host, workspace: workspace.root)
        return ToolOutput(report, note: recovery)
    }

    public static let diagnose = MCPTool(
        name: "diagnose", title: "Diagnose services against the Docker engine",
        description: """
            Compares the registry with what runs, as `infractl diagnose`: reads the Docker engine (DOCKER_HOST, \
            default unix:///var/run/docker.sock) and this host's listening sockets once, then reports missing, \
            stopped, restarting or unhealthy containers, wrong networks and port clashes, with the root cause, \
            evidence (log lines), the fix with file and line, and verification commands. Without `services` \
            it diagnoses every service. An engine that cannot be reached is a tool error.
            """,
        parameters: [
            ToolParameter("services", .strings, "Registry services to diagnose, with the services they depend on (default: every service)."),
            ToolParameter("env", .choices(environments), "Environments whose services must run (default: those that have containers)."),
            ToolParameter("log_lines", .integer(1...10_000), "Log lines read from each failing container (default 50)."),
            ToolParameter("strict", .boolean, "Fail on warnings too (default false)."),
        ]
    ) { arguments, context in
        let request = DiagnosisRequest(
            services: try arguments.strings("services"),
            environments: try Set(arguments.strings("env").compactMap(Registry.Environment.init(rawValue:))).nilIfEmpty,
            logTail: try arguments.integer("log_lines") ?? 50)
        let strict = try arguments.boolean("strict") ?? false
        let workspace = context.workspace
        let loaded = try await ToolContext.offload { try WorkspaceLoader(workspace: workspace).load() }
        _ = try request.scope(in: loaded.registry)
        let diagnosis = try await DockerEngineClient.withClient(environment: workspace.environment) { client in
            try await Diagnoser().diagnose(
                loaded, workspaceRoot: workspace.root, engine: client, engineAddress: client.host.description, request: request)
        }
        return ToolOutput(Report(
            diagnosis: diagnosis, workspace: workspace.root, platform: loaded.registry.platform,
            registryFile: loaded.registry.file, strict: strict))
    }

    public static let health = MCPTool(
        name: "health", title: "Probe every service's health",
        description: """
            Probes services from this host, all at once, as `infractl health`: the PostgreSQL startup \
            handshake, a Redis PING, an HTTP(S) GET or a TCP connect as the registry's `health` entry says, \
            each bounded by its timeout, plus each container's Docker state and health check. Without a Docker \
            engine the probes still run and the Docker status is unknown. `overall` and each service's \
            `status` are healthy, degraded, unhealthy or unknown.
            """,
        parameters: [
            ToolParameter("services", .strings, "Only these registry services (default: every service)."),
            ToolParameter("strict", .boolean, "Fail on warnings too (default false)."),
        ]
    ) { arguments, context in
        let services = try arguments.strings("services")
        let strict = try arguments.boolean("strict") ?? false
        let workspace = context.workspace
        let checker = try await ToolContext.offload { try HealthChecker(workspace: workspace, services: services) }
        let registry = checker.plan.registry
        for name in services where registry.service(named: name) == nil {
            var message = "unknown service \(name)"
            if let guess = NodeReader.suggestion(for: name, among: registry.services.map(\.name)) { message += " (did you mean \(guess)?)" }
            throw ToolError("\(message); the registry \(registry.file) lists the services")
        }
        return ToolOutput(Report(health: await checker.check(), strict: strict, masker: checker.masker))
    }

    public static let graph = MCPTool(
        name: "graph", title: "Dependency graph",
        description: """
            The dependency graph with startup tiers, shared-network membership and published ports, as \
            `infractl graph --format json`; the summary shows it drawn in `format` (Mermaid by default).
            """,
        parameters: [
            ToolParameter("format", .choice(["mermaid", "dot", "text", "json"]), "How the summary draws the graph: mermaid (default), dot, text, or json (no drawing); the JSON content is always the graph's JSON report."),
            ToolParameter("apps", .strings, "Only the services of these apps (default: every app)."),
        ]
    ) { arguments, context in
        let format = try arguments.string("format").flatMap(GraphFormat.init(rawValue:)) ?? .mermaid
        let apps = try arguments.strings("apps")
        let workspace = context.workspace
        let registry = try await ToolContext.offload { try RegistryLoader(workspace: workspace).load() }
        for app in apps where registry.app(named: app) == nil {
            throw ToolError("unknown app \(app); the registry has \(registry.apps.map(\.name).joined(separator: ", "))")
        }
        let graph = DependencyGraph(registry: registry, apps: apps.isEmpty ? nil : Set(apps))
        let report = Report(
            command: "graph", workspace: workspace.root, title: "Dependency Graph", platform: registry.platform,
            registryFile: registry.file, findings: [], payload: JSONFieldsPayload(graph.jsonFields))
        var writer = MarkdownWriter()
        writer.heading(3, "Dependency Graph\(registry.platform.map { " — \($0)" } ?? "")")
        writer.paragraph("\(graph.nodes.count) services in \(graph.tiers.count) tiers, \(graph.edges.count) dependencies"
            + (graph.sharedNetwork.map { "; shared network \($0)" } ?? "") + ".")
        switch format {
        case .mermaid: writer.codeBlock(GraphRenderer.mermaid(graph), language: "mermaid")
        case .dot: writer.codeBlock(GraphRenderer.dot(graph), language: "dot")
        case .text: writer.codeBlock(GraphRenderer.text(graph), language: "text")
        case .json, .svg: break
        }
        return ToolOutput(report, markdown: context.masker.mask(writer.text))
    }

    public static let explainRule = MCPTool(
        name: "explain_rule", title: "Explain a rule",
        description: """
            A rule's or live check's documentation, as `infractl rules ID`: what it checks, its default \
            severity, why it exists and how to fix what it finds, with examples. Ids appear in every finding \
            (`rule`), such as PORT001, NET002, RUN007 or HLT001.
            """,
        parameters: [ToolParameter("id", .string, "The rule id, such as PORT001 (case-insensitive).", required: true)]
    ) { arguments, context in
        guard let id = try arguments.string("id") else { throw ToolError("explain_rule needs `id`") }
        let rule = try RuleReports.rule(id: id)
        let markdown = "### \(rule.id) \(rule.name) (\(rule.severity.rawValue), \(rule.category.title))\n\n\(rule.summary)\n\n\(rule.rationale)\n"
        return ToolOutput(RuleReports.explain(rule, workspace: context.workspace.root), markdown: markdown)
    }

    // MARK: Write

    public static let allocatePort = MCPTool(
        name: "allocate_port", title: "Allocate a port",
        description: """
            Allocates the lowest port of the app's range that is free in the registry, in every compose file and \
            on this host, and writes it to the registry, as `infractl ports allocate`: under the workspace lock, \
            all or nothing. Returns the port.
            """,
        parameters: [
            ToolParameter("app", .string, "The app whose range the port comes from.", required: true),
            ToolParameter("service", .string, "The service the port is allocated to.", required: true),
            ToolParameter("type", .choice(serviceTypes), "The service's type."),
            ToolParameter("internal_port", .integer(1...65535), "The container port it maps to."),
        ],
        access: .write
    ) { arguments, context in
        guard let app = try arguments.string("app"), let service = try arguments.string("service") else {
            throw ToolError("allocate_port needs `app` and `service`")
        }
        let type = try arguments.string("type"), internalPort = try arguments.integer("internal_port")
        let workspace = context.workspace
        let host = context.hostPorts
        let outcome = try await ToolContext.offload {
            try EditSession(workspace: workspace).perform(validate: false) { workspace, loaded in
                let allocation = try PortEditing.allocate(
                    app: app, service: service, type: type, internalPort: internalPort, in: workspace, context: loaded, host: host(true))
                return (PortReports.allocated(allocation, registry: loaded.registry, workspace: workspace.root), allocation.changes)
            }
        }
        return ToolOutput(outcome.plan, note: outcome.recovery)
    }

    public static let addService = MCPTool(
        name: "add_service", title: "Add a service",
        description: """
            Adds a service, as `infractl add-service`: allocates its port, writes its compose service, registry \
            entry, inventory row in infrastructure.md and CHANGELOG.md entry, all or nothing. The result is \
            validated first: a change that would add an error or a warning is refused. With `dry_run` it \
            returns the unified diff of every file and writes nothing; call it that way first.
            """,
        parameters: [
            ToolParameter("name", .string, "The service name (also its container name).", required: true),
            ToolParameter("app", .string, "The app it belongs to; its port comes from the app's range.", required: true),
            ToolParameter("type", .choice(serviceTypes), "Its type.", required: true),
            ToolParameter("internal_port", .integer(1...65535), "The port it listens on inside its container.", required: true),
            ToolParameter("image", .string, "Its image (default: the official image for data stores, else the platform's namespace)."),
            ToolParameter("depends_on", .strings, "Registry services it needs."),
            ToolParameter("env", .choice(environments), "Its environment (default dev)."),
            ToolParameter("domain", .string, "A host name Traefik routes to it."),
            ToolParameter("description", .string, "The description of its port allocation and inventory row."),
            ToolParameter("dry_run", .boolean, "Return the diff of every file and write nothing (default false)."),
        ],
        access: .write
    ) { arguments, context in
        guard let name = try arguments.string("name"), let app = try arguments.string("app"),
              let type = try arguments.string("type"), let internalPort = try arguments.integer("internal_port")
        else { throw ToolError("add_service needs `name`, `app`, `type` and `internal_port`") }
        let request = AddServiceRequest(
            name: name, app: app, type: type, internalPort: internalPort, image: try arguments.string("image"),
            dependencies: try arguments.strings("depends_on").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            environment: try arguments.string("env").flatMap(Registry.Environment.init(rawValue:)) ?? .dev,
            domain: try arguments.string("domain"), description: try arguments.string("description"))
        let dryRun = try arguments.boolean("dry_run") ?? false
        let workspace = context.workspace, date = context.today(), host = context.hostPorts
        let (report, recovery) = try await ToolContext.offload {
            try AddService.perform(request, in: workspace, dryRun: dryRun, date: date, host: { host(true) })
        }
        return ToolOutput(report, note: recovery)
    }

    // MARK: Helpers

    /// The workspace-relative path proposed compose text stands for: `file`, else the
    /// development compose file of `app`.
    static func proposedPath(app: String?, file: String?, in workspace: Workspace) throws -> String {
        let registry = try RegistryLoader(workspace: workspace).load()
        if let app, registry.app(named: app) == nil {
            var message = "unknown app '\(app)'"
            if let guess = NodeReader.suggestion(for: app, among: registry.apps.map(\.name)) { message += " (did you mean '\(guess)'?)" }
            throw ToolError("\(message); known: \(registry.apps.map(\.name).joined(separator: ", "))")
        }
        if let file {
            guard let path = WorkspacePath.normalize(file), !path.isEmpty else {
                throw ToolError("path \(file) leaves the workspace \(workspace.root)")
            }
            return path
        }
        guard let app else {
            throw ToolError("validate needs `app` (or `file`) with `compose`: the app whose compose file the proposed text stands for")
        }
        return AddService.composeFile(app: app, environment: .dev, registry: registry)
    }
}

extension ToolOutput {
    /// `report` with its summary, and a line saying that an interrupted change was finished or
    /// discarded first, or read as finished.
    init(_ report: Report, note recovery: ChangeJournal.Recovery) {
        self.init(report)
        switch recovery {
        case .none: break
        case .rolledForward(let files):
            markdown += "\n\n> **Note:** finished a change an interrupted infractl run left half-written"
                + (files.isEmpty ? "" : " (\(files.joined(separator: ", ")))") + "."
        case .rolledBack:
            markdown += "\n\n> **Note:** discarded a change an interrupted infractl run had not started writing."
        case .pending(let files):
            markdown += "\n\n> **Note:** read a change an interrupted infractl run left half-written as finished ("
                + files.joined(separator: ", ") + "); the next call that writes finishes it."
        }
    }
}

extension Set {
    fileprivate var nilIfEmpty: Set? { isEmpty ? nil : self }
}
