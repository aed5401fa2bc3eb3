/// One `docker compose` call of `up` or `down`, as an argument list (no shell ever sees it).
public struct ComposeCommand: Sendable, Hashable {
    /// The arguments after `docker`.
    public var arguments: [String]
    /// The compose project it acts on.
    public var project: String
    /// The registry services it starts or stops.
    public var services: [String]

    /// `docker compose --ansi never -p P -f base -f overlay [--profile X] up -d --wait
    /// --wait-timeout S -- keys…` (after `--`, a key is never read as an option): starts the services and returns once each is running and, when
    /// it has a health check, healthy (non-zero when one exits or turns unhealthy, or after S
    /// seconds).
    public static func up(_ project: StartupPlan.Project, workspaceRoot: String, waitTimeoutSeconds: Int) -> ComposeCommand {
        command(project, workspaceRoot, ["up", "--detach", "--wait", "--wait-timeout", String(waitTimeoutSeconds), "--"] + project.composeKeys)
    }

    /// `docker compose … rm --stop --force -- keys…`: stops and removes the services' containers
    /// (their volumes and the project's networks stay).
    public static func remove(_ project: StartupPlan.Project, workspaceRoot: String) -> ComposeCommand {
        command(project, workspaceRoot, ["rm", "--stop", "--force", "--"] + project.composeKeys)
    }

    /// `docker compose … down`: removes what is left of a project the plan covers whole (its
    /// own networks; external networks are left alone).
    public static func down(_ project: StartupPlan.Project, workspaceRoot: String) -> ComposeCommand {
        var command = command(project, workspaceRoot, ["down"])
        command.services = []
        return command
    }

    private static func command(_ project: StartupPlan.Project, _ root: String, _ tail: [String]) -> ComposeCommand {
        var arguments = ["compose", "--ansi", "never", "-p", project.name]
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        for file in project.files { arguments += ["-f", "\(base)/\(file)"] }
        for profile in project.profiles { arguments += ["--profile", profile] }
        return ComposeCommand(arguments: arguments + tail, project: project.name, services: project.services.map(\.name))
    }

    /// The command as a person would type it, words quoted where a shell would need it.
    public var displayed: String {
        (["docker"] + arguments).map(DiagnosisContext.quoted).joined(separator: " ")
    }
}
