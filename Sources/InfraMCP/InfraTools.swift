import DockerEngine
import Foundation
import InfraCore

/// The server's tools. Their names are a contract other agents rely on; each calls the core
/// function its CLI command calls and answers with that command's JSON report.
public enum InfraTools {
    /// Every tool, read tools first.
    public static let all: [MCPTool] = [
        registrySummary, validate, checkPort, listPorts, diagnose, health, stats, graph, impact, audit, history, logs, explainRule, doctor,
        allocatePort, releasePort, addService, removeService, undo, up, down, writeBaseline,
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
        ToolOutput(try await context.operations.registrySummary())
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
            ToolParameter("target", .choice(Orchestrator.allCases.map(\.rawValue)), "Check for this orchestrator (compose or swarm) instead of the registry's `orchestrator`."),
            ToolParameter("baseline", .boolean, "Leave out the findings .dev/infra/infractl-baseline.json accepts (default true); false reports them all."),
        ]
    ) { arguments, context in
        let compose = try arguments.string("compose"), app = try arguments.string("app"), file = try arguments.string("file")
        let strict = try arguments.boolean("strict") ?? false
        let target = try arguments.string("target").flatMap(Orchestrator.init(rawValue:))
        if compose == nil, app != nil || file != nil { throw ToolError("`app` and `file` name what the `compose` text stands for; give `compose` too") }
        if compose != nil, app == nil, file == nil {
            throw ToolError("validate needs `app` (or `file`) with `compose`: the app whose compose file the proposed text stands for")
        }
        let proposal = compose.map { ValidateRequest.ProposedText($0, app: app, file: file) }
        return ToolOutput(try await context.operations.validate(ValidateRequest(
            proposedText: proposal, strict: strict, target: target, baseline: try baselineChoice(arguments))))
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
        return ToolOutput(try await context.operations.portCheck(PortCheckRequest(port: port, app: app)))
    }

    public static let listPorts = MCPTool(
        name: "list_ports", title: "List the port allocations",
        description: """
            The allocation table, as `infractl ports list`: every allocated host port with its service, app, \
            type, internal port and protocol, what holds it on this host, and each app's range with its \
            lowest free port.
            """
    ) { _, context in
        ToolOutput(try await context.operations.portsList())
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
            ToolParameter("baseline", .boolean, "Leave out the findings .dev/infra/infractl-baseline.json accepts (default true); false reports them all."),
            ToolParameter("target", .choice(Orchestrator.allCases.map(\.rawValue)), "The orchestrator the platform runs on, compose or swarm (default: the registry's `orchestrator`); swarm also reads the swarm's services, tasks and nodes."),
        ]
    ) { arguments, context in
        let request = DiagnoseRequest(
            services: try arguments.strings("services"),
            environments: try Set(arguments.strings("env").compactMap(Registry.Environment.init(rawValue:))).nilIfEmpty,
            logLines: try arguments.integer("log_lines") ?? 50, strict: try arguments.boolean("strict") ?? false,
            baseline: try baselineChoice(arguments), target: try target(arguments))
        return ToolOutput(try await context.operations.diagnose(request))
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
            ToolParameter("target", .choice(Orchestrator.allCases.map(\.rawValue)), "The orchestrator the platform runs on, compose or swarm (default: the registry's `orchestrator`); on a swarm a service with a task running on any node is running."),
        ]
    ) { arguments, context in
        let request = HealthRequest(
            services: try arguments.strings("services"), strict: try arguments.boolean("strict") ?? false, target: try target(arguments))
        return ToolOutput(try await context.operations.health(request))
    }

    public static let stats = MCPTool(
        name: "stats", title: "Resource usage against limits",
        description: """
            Reads, as `infractl stats`, every running registry container's CPU (against its quota), memory \
            (against its limit), network and block I/O, PIDs, restarts and last health-check durations \
            (one Engine API stats call and one inspect per container, all at once; about a second), with \
            the PERF findings: memory at 90 % of its limit (PERF001), an OOM kill (PERF002), CPU at 90 % of \
            its quota (PERF003), health checks over half their timeout (PERF004), each with the line to change.
            """,
        parameters: [
            ToolParameter("services", .strings, "Only these registry services (default: every service)."),
            ToolParameter("strict", .boolean, "Fail on warnings too (default false)."),
        ]
    ) { arguments, context in
        let request = StatsRequest(services: try arguments.strings("services"), strict: try arguments.boolean("strict") ?? false)
        return ToolOutput(try await context.operations.stats(request))
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
        let report = try await context.operations.graph(GraphRequest(apps: try arguments.strings("apps")))
        guard let graph = (report.payload as? GraphPayload)?.graph else { return ToolOutput(report) }
        return ToolOutput(report, markdown: context.masker.mask(GraphRenderer.markdown(graph, drawn: format, platform: report.platform)))
    }

    public static let doctor = MCPTool(
        name: "doctor", title: "What the live tools will find",
        description: """
            As `infractl doctor`: the workspace and its registry version, the Docker engine's address and \
            version, `docker compose`'s version, and whether this host's ports can be read; each missing \
            piece with the tools that need it and the fix.
            """
    ) { _, context in
        let workspace = context.workspace
        return ToolOutput(await Operations.doctor(DoctorRequest(
            workspaceRoot: workspace.root, registryPath: workspace.registryPath, environment: workspace.environment)))
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
        return ToolOutput(try context.operations.explainRule(id), markdown: RuleCatalogText.markdown(try RuleReports.rule(id: id)))
    }

    public static let impact = MCPTool(
        name: "impact", title: "Impact of a change",
        description: """
            Before a change, as `infractl impact`: every service that depends on the targets (services, \
            apps, networks or ports), directly or not, how (registry, depends_on, environment, traefik, \
            network) and at what distance, what the change does to each, every place that mentions what \
            it changes (file and line), and the runbook's migration plan, risks, rollback plan, test plan \
            and updates required. Reads files only. Call it before stopping, removing, moving or renaming \
            anything.
            """,
        parameters: [
            ToolParameter("targets", .strings, "Services, apps, networks or ports.", required: true),
            ToolParameter("change", .string, "stop (default), remove, move-port=N or rename=NAME."),
        ]
    ) { arguments, context in
        let change = try ImpactAnalysis.Change(try arguments.string("change") ?? "stop")
        return ToolOutput(try await context.operations.impact(ImpactRequest(targets: try arguments.strings("targets"), change: change)))
    }

    public static let audit = MCPTool(
        name: "audit", title: "Security audit",
        description: """
            The Security Report, as `infractl audit`: every port reachable from outside the host (`exposure`: \
            port, host_ip, service, app, type, via direct|traefik, tls, registered), hard-coded secrets (masked), \
            readable private keys, secret env files tracked by git, data stores reachable by apps that do not \
            depend on them, the Docker socket, privileged and host-namespace services, routed domains with their \
            TLS state, and the hardening rules (the compose-lint equivalents: capabilities, no-new-privileges, \
            read-only root, image pinning, sensitive mounts, limits…), each with its fix. Reads files only unless \
            `live`: then also the engine's port bindings and the host's listening sockets (an engine that \
            cannot be reached is a tool error).
            """,
        parameters: [
            ToolParameter("live", .boolean, "Also read the engine's port bindings and the host's listening sockets (default false)."),
            ToolParameter("strict", .boolean, "Fail on warnings too (default false)."),
            ToolParameter("baseline", .boolean, "Leave out the findings .dev/infra/infractl-baseline.json accepts (default true); false reports them all."),
        ]
    ) { arguments, context in
        let request = AuditRequest(
            live: try arguments.boolean("live") ?? false, strict: try arguments.boolean("strict") ?? false,
            baseline: try baselineChoice(arguments))
        return ToolOutput(try await context.operations.audit(request))
    }

    public static let history = MCPTool(
        name: "history", title: "Change history",
        description: """
            The changes infractl wrote (ports allocate and release, add and remove service, undo), newest \
            first, as `infractl history`: id, time, user, command line, files with their SHA-256 before and \
            after, and whether each was undone. With `id`, that one change with its unified diff, as \
            `infractl history show ID`. Reads files only.
            """,
        parameters: [ToolParameter("id", .string, "A change id (or a unique prefix) to show as a diff.")]
    ) { arguments, context in
        if let id = try arguments.string("id") { return ToolOutput(try await context.operations.historyShow(id)) }
        return ToolOutput(try await context.operations.history())
    }

    public static let logs = MCPTool(
        name: "logs", title: "A service's last log lines",
        description: """
            The last lines a registry service's container wrote (stdout and stderr, with the engine's \
            timestamps), secrets masked, as `infractl logs`. A service without a container is a RUN001 \
            finding. An engine that cannot be reached is a tool error.
            """,
        parameters: [
            ToolParameter("service", .string, "The registry service.", required: true),
            ToolParameter("lines", .integer(1...10_000), "How many of the last lines (default 100)."),
        ]
    ) { arguments, context in
        guard let service = try arguments.string("service") else { throw ToolError("logs needs `service`") }
        return ToolOutput(try await context.operations.logs(LogsRequest(service: service, lines: try arguments.integer("lines") ?? 100)))
    }

    // MARK: Write

    /// The baseline a read tool applies: the workspace's, unless `baseline` is false.
    static func baselineChoice(_ arguments: ToolArguments) throws(ToolError) -> BaselineChoice {
        try arguments.boolean("baseline") ?? true ? .standard : .none
    }

    public static let writeBaseline = MCPTool(
        name: "write_baseline", title: "Accept today's findings as the baseline",
        description: """
            Writes every finding of validate and audit (with `live`, of diagnose too) to \
            .dev/infra/infractl-baseline.json, as `infractl baseline`: validate, diagnose and audit then \
            report only findings not in it, with how many it hid and which of its entries are fixed.
            """,
        parameters: [ToolParameter("live", .boolean, "Also accept what diagnose finds on the Docker engine now (default false).")],
        // It replaces the file (overwriting what was accepted before); the same state writes the same file.
        access: .write, destructive: true, idempotent: true
    ) { arguments, context in
        ToolOutput(try await context.operations.writeBaseline(BaselineRequest(live: try arguments.boolean("live") ?? false)))
    }

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
        let request = PortAllocateRequest(
            app: app, service: service, type: try arguments.string("type"), internalPort: try arguments.integer("internal_port"))
        return ToolOutput(try await context.operations.allocatePort(request))
    }

    public static let releasePort = MCPTool(
        name: "release_port", title: "Release a port",
        description: """
            Removes a port's allocation from the registry, as `infractl ports release`: refused while a \
            registry service still lists the port; under the workspace lock, all or nothing.
            """,
        parameters: [
            ToolParameter("port", .integer(1...65535), "The host port.", required: true),
            ToolParameter("dry_run", .boolean, "Return the diff and what still mentions the port, and write nothing (default false)."),
        ],
        access: .write, destructive: true
    ) { arguments, context in
        guard let port = try arguments.integer("port") else { throw ToolError("release_port needs `port`") }
        return ToolOutput(try await context.operations.releasePort(port, dryRun: try arguments.boolean("dry_run") ?? false))
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
        return ToolOutput(try await context.operations.addService(request, dryRun: try arguments.boolean("dry_run") ?? false))
    }

    public static let removeService = MCPTool(
        name: "remove_service", title: "Remove a service",
        description: """
            Removes a registry service, as `infractl remove-service`: its compose service (base file and \
            overlays), registry entry and ports, inventory row, with a `### Removed` changelog entry, all or \
            nothing; refused while another service depends on it. With `dry_run` it returns the unified \
            diff of every file and writes nothing; call it that way first.
            """,
        parameters: [
            ToolParameter("name", .string, "The registry service to remove.", required: true),
            ToolParameter("dry_run", .boolean, "Return the diff of every file and write nothing (default false)."),
        ],
        access: .write, destructive: true
    ) { arguments, context in
        guard let name = try arguments.string("name") else { throw ToolError("remove_service needs `name`") }
        return ToolOutput(try await context.operations.removeService(RemoveServiceRequest(name: name, dryRun: try arguments.boolean("dry_run") ?? false)))
    }

    public static let undo = MCPTool(
        name: "undo", title: "Undo a change",
        description: """
            Undoes a recorded change, as `infractl undo`: every file back to its contents before it (a \
            created file removed, a removed one written again), CHANGELOG.md gaining a `### Reverted` entry, \
            as one new change (validated, all or nothing, recorded, so it can be undone too). Without `id`, \
            the latest change not yet undone. Refused when a file of the change was modified since (the \
            message names it and the later change to undo first) or when the result would add a finding, \
            unless `force`. With `dry_run` it returns the diff and writes nothing; call it that way first.
            """,
        parameters: [
            ToolParameter("id", .string, "The change to undo (default: the latest not yet undone)."),
            ToolParameter("dry_run", .boolean, "Return the diff of every file and write nothing (default false)."),
            ToolParameter("force", .boolean, "Undo even when the result would add a finding (default false)."),
        ],
        access: .write, destructive: true
    ) { arguments, context in
        let request = UndoRequest(
            id: try arguments.string("id"), dryRun: try arguments.boolean("dry_run") ?? false, force: try arguments.boolean("force") ?? false)
        return ToolOutput(try await context.operations.undo(request))
    }

    public static let up = MCPTool(
        name: "up", title: "Start the platform",
        description: """
            Starts the platform (or `apps`) as `infractl up`: checks every host port is free, creates the \
            missing external networks, then runs `docker compose up --wait` per project, tier by tier, each \
            tier running and healthy before the next; a failed tier is diagnosed in the answer. Needs the \
            Docker engine and docker compose.
            """,
        parameters: [
            ToolParameter("apps", .strings, "Only the services of these apps (default: every app)."),
            ToolParameter("env", .choices(environments), "Environments whose services to start (default dev)."),
            ToolParameter("timeout", .integer(1...86_400), "Seconds each tier may take to be running and healthy (default 300)."),
            ToolParameter("target", .choice(Orchestrator.allCases.map(\.rawValue)), "Start on this orchestrator: compose (docker compose), or swarm (docker stack deploy of rendered files) (default: the registry's `orchestrator`)."),
        ],
        access: .write, destructive: true, idempotent: true
    ) { arguments, context in
        ToolOutput(try await context.operations.up(try startupRequest(arguments, timeout: arguments.integer("timeout") ?? 300)))
    }

    public static let down = MCPTool(
        name: "down", title: "Stop the platform",
        description: """
            Stops and removes the platform's (or `apps`') containers tier by tier, last tier first, as \
            `infractl down`; external networks stay. Needs the Docker engine and docker compose.
            """,
        parameters: [
            ToolParameter("apps", .strings, "Only the services of these apps (default: every app)."),
            ToolParameter("env", .choices(environments), "Environments whose services to stop (default dev)."),
            ToolParameter("target", .choice(Orchestrator.allCases.map(\.rawValue)), "Stop on this orchestrator: compose, or swarm (removes the stacks' services) (default: the registry's `orchestrator`)."),
        ],
        access: .write, destructive: true, idempotent: true
    ) { arguments, context in
        ToolOutput(try await context.operations.down(try startupRequest(arguments, timeout: 300)))
    }

    // MARK: Helpers

    /// The request of `up` and `down` from a tool's arguments.
    static func startupRequest(_ arguments: ToolArguments, timeout: Int) throws -> StartupRequest {
        StartupRequest(
            apps: try arguments.strings("apps"),
            environments: try Set(arguments.strings("env").compactMap(Registry.Environment.init(rawValue:))).nilIfEmpty,
            timeoutSeconds: timeout, target: try target(arguments))
    }

    /// The `target` argument: compose or swarm; nil when not given.
    static func target(_ arguments: ToolArguments) throws -> Orchestrator? {
        try arguments.string("target").flatMap(Orchestrator.init(rawValue:))
    }
}

extension Set {
    fileprivate var nilIfEmpty: Set? { isEmpty ? nil : self }
}
