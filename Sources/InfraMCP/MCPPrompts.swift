import Foundation
import InfraCore
import MCP

/// Prompts that walk an agent through what a DevOps engineer would do, naming the tools to call
/// in order with the service or app filled in, and the registry's facts about it.
public enum MCPPrompts {
    public static let troubleshootService = "troubleshoot-service"
    public static let planNewService = "plan-new-service"
    public static let assessChange = "assess-change"

    /// The prompts as `prompts/list` shows them.
    public static let declarations: [Prompt] = [
        Prompt(
            name: troubleshootService, title: "Troubleshoot a service",
            description: "Find why a registry service is down, unhealthy or unreachable, and fix it the way a DevOps engineer would.",
            arguments: [Prompt.Argument(name: "service", description: "The registry service to troubleshoot.", required: true)]),
        Prompt(
            name: planNewService, title: "Plan a new service",
            description: "Plan a new service for an app: a free port in its range, the right networks and dependencies, a validated compose change.",
            arguments: [
                Prompt.Argument(name: "app", description: "The app the service belongs to.", required: true),
                Prompt.Argument(name: "name", description: "The new service's name.", required: false),
                Prompt.Argument(name: "type", description: "Its type: \(ServiceType.allCases.map(\.rawValue).joined(separator: ", ")).", required: false),
                Prompt.Argument(name: "internal_port", description: "The port it listens on inside its container.", required: false),
            ]),
        Prompt(
            name: assessChange, title: "Can I change this?",
            description: "Before stopping, removing, moving or renaming a service, an app, a network or a port: who is affected, the plan, the risks and the way back.",
            arguments: [
                Prompt.Argument(name: "target", description: "The service, app, network or port to change.", required: true),
                Prompt.Argument(name: "change", description: "stop, remove, move-port=N or rename=NAME (default stop).", required: false),
            ]),
    ]

    /// The prompt `name` with `arguments` filled in from the registry of `workspace` (its committed state).
    public static func get(_ name: String, arguments: [String: String], workspace: Workspace, allowWrites: Bool) throws -> GetPrompt.Result {
        let registry: Registry
        do {
            registry = try EditSession(workspace: workspace).reading { try RegistryLoader(workspace: $0).load() }.value
        } catch {
            throw MCPError.invalidParams(SecretMasker().mask(ToolError.message(for: error)))
        }
        let text: String
        switch name {
        case troubleshootService:
            text = try troubleshoot(service: required("service", in: arguments, prompt: name), registry: registry)
        case planNewService:
            text = try plan(app: required("app", in: arguments, prompt: name), arguments: arguments, registry: registry, allowWrites: allowWrites)
        case assessChange:
            text = assess(target: try required("target", in: arguments, prompt: name), change: arguments["change"].flatMap { $0.isEmpty ? nil : $0 } ?? "stop")
        default:
            throw MCPError.invalidParams("unknown prompt \(name); the server has \(declarations.map(\.name).joined(separator: ", "))")
        }
        let description = declarations.first { $0.name == name }?.description
        return GetPrompt.Result(description: description, messages: [.user(.text(text: SecretMasker().mask(text)))])
    }

    private static func required(_ argument: String, in arguments: [String: String], prompt: String) throws -> String {
        guard let value = arguments[argument]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw MCPError.invalidParams("\(prompt) needs the argument `\(argument)`")
        }
        return value
    }

    static func assess(target: String, change: String) -> String {
        """
            Someone asks whether they can \(change) \(target) on this platform. Answer like a DevOps engineer \
            following the runbook for a major change: assess the impact before anything else.

            Steps:
            1. Call `impact` with {"targets": ["\(target)"], "change": "\(change)"}. Read `affected` (who depends on \
            it, how and how far), `mentions` (every file and line that names what changes) and `plan`.
            2. For each affected service at distance 1, say what the change does to it; call `health` with those \
            services to know which run now.
            3. Present the Migration Plan, the Risks (data in volumes, the downtime window, a single point of \
            failure, ports or domains clients outside the platform use), the Rollback Plan and the Test Plan from \
            `plan`, and the Updates Required (registry.yml, infrastructure.md, CHANGELOG.md).
            4. Only if the person confirms: make the change with the write tools (`remove_service`, `release_port` \
            with `dry_run` first), then `validate`, `up` tier by tier and `health` of every affected service.

            Never change anything before step 3 is answered. Never print secrets.
            """
    }

    static func troubleshoot(service name: String, registry: Registry) throws -> String {
        let service: Registry.Service
        do {
            service = try registry.resolveServices([name])[0]
        } catch {
            throw MCPError.invalidParams(error.description)
        }
        let dependencies = service.dependencies.map(\.value)
        let ports = service.ports.map { String($0.value) }
        var facts = "- \(name) is a \(service.type.rawValue) of app \(service.app) (\(service.environment.rawValue)), defined in `\(service.composeFile)`"
        facts += registry.tier(of: service).map { ", startup tier \($0)" } ?? ""
        facts += ".\n- Published port\(ports.count == 1 ? "" : "s"): \(ports.isEmpty ? "none" : ports.joined(separator: ", ")).\n"
        facts += "- Networks: \(service.networks.isEmpty ? "none listed" : service.networks.map(\.value).joined(separator: ", ")).\n"
        facts += "- Depends on: \(dependencies.isEmpty ? "nothing" : dependencies.joined(separator: ", ")).\n"
        facts += "- Health probe: \(service.health?.probe.rawValue ?? "the type's default")."
        let services = (["\"\(name)\""]).joined(separator: ", ")
        return """
            Troubleshoot the service \(name) of the \(registry.platform ?? "platform") platform with the infractl tools, \
            the way a DevOps engineer would: observe first, find the root cause with evidence, change one thing, verify.

            What the registry says:
            \(facts)

            Steps:
            1. Call `health` with {"services": [\(services)]}: is it up, what does its probe answer, what is its container's Docker state and health check?
            2. Call `diagnose` with {"services": [\(services)]}: it reads the Docker engine and includes what \(name) depends on. Read `root_causes` first: each finding has its evidence (log lines), a fix with file and line, and `verify` commands.
            3. If a dependency is down (\(dependencies.isEmpty ? "it has none in the registry" : dependencies.joined(separator: ", "))), fix that first: dependencies start in lower tiers, so troubleshoot the lowest failing tier before \(name).
            4. For a port problem (PORT001, RUN007: a port taken), call `check_port` with {"port": \(ports.first ?? "PORT")\(", \"app\": \"\(service.app)\"")} to see who owns or holds it.
            5. Call `validate`: configuration errors (networks, dependencies, environment, health checks) explain many runtime failures. Call `explain_rule` with {"id": "RULE"} for any rule id you do not know.
            6. Before editing `\(service.composeFile)`, call `validate` with {"app": "\(service.app)", "compose": "<the whole new file>"} and make sure the change adds no error.
            7. After the change is applied (docker compose up), run the `verify` commands of the finding, then `health` with {"services": [\(services)]} again.

            Report: the root cause with its evidence, the fix (file, line, exact YAML), and how you verified it. Never print secrets.
            """
    }

    static func plan(app name: String, arguments: [String: String], registry: Registry, allowWrites: Bool) throws -> String {
        guard let app = registry.app(named: name) else {
            throw MCPError.invalidParams(UnknownName("app", name, among: registry.apps.map(\.name), hint: "apps are declared under `apps:` in \(registry.file)").description)
        }
        let service = arguments["name"].flatMap { $0.isEmpty ? nil : $0 } ?? "NEW-SERVICE"
        let type = arguments["type"].flatMap { $0.isEmpty ? nil : $0 } ?? "TYPE"
        let internalPort = arguments["internal_port"].flatMap { $0.isEmpty ? nil : $0 } ?? "INTERNAL-PORT"
        let existing = registry.services.filter { $0.app == app.name }
        let composeFile = AddService.composeFile(app: app.name, environment: .dev, registry: registry)
        let range = "\(app.ports.lowerBound)-\(app.ports.upperBound)"
        let addArguments = "{\"name\": \"\(service)\", \"app\": \"\(app.name)\", \"type\": \"\(type)\", \"internal_port\": \(internalPort)"
        let write = allowWrites
            ? """
            6. Call `add_service` with \(addArguments), "dry_run": true} (add "depends_on" and "domain" as needed) and read the diff of every file.
            7. When the diff is right, call `add_service` again without "dry_run": it allocates the port and writes the compose service, registry entry, inventory row and changelog entry, all or nothing (a change that adds a finding is refused).
            """
            : """
            6. This server is read-only (started without --allow-writes). Hand the change to a person as the command \
            `infractl add-service \(service) --app \(app.name) --type \(type) --internal-port \(internalPort) --dry-run`, \
            then the same without --dry-run.
            """
        return """
            Plan a new service \(service) for the app \(app.name) of the \(registry.platform ?? "platform") platform with the infractl tools, \
            the way a DevOps engineer would: check the registry before touching any compose file.

            What the registry says:
            - \(app.name) owns ports \(range)\(app.description.map { " (\($0))" } ?? ""); its services live in `\(composeFile)`.
            - Its services today: \(existing.isEmpty ? "none" : existing.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", ")).
            - Shared network: \(registry.sharedNetwork?.name ?? "none").

            Steps:
            1. Call `registry_summary`: find \(app.name)'s `lowest_free` port, the networks, and the services \(service) will depend on.
            2. Call `check_port` with {"port": PORT, "app": "\(app.name)"} for the port you intend to publish: it must be `free` and in \(range).
            3. Call `graph` with {"apps": ["\(app.name)"]}: dependencies must start in a lower tier than \(service).
            4. Draft the compose service: the port mapping "PORT:\(internalPort)", the networks its dependencies are on, `depends_on` with `condition: service_healthy` for databases and caches, a healthcheck, and secrets as `${VARIABLE}` references, never literal values.
            5. Call `validate` with {"app": "\(app.name)", "compose": "<the whole new text of \(composeFile)>"}: `result` must be `pass`; call `explain_rule` for any finding you do not understand and fix the draft.
            \(write)
            8. Call `validate` again, and after the service is started, `health` with {"services": ["\(service)"]}.

            Report: the port, the networks, the dependencies and the validation result.
            """
    }
}
