/// SWM007: a variable that only the project's `.env` file defines, on a swarm.
public struct SwarmDotEnvRule: Rule {
    public static let description = RuleDescription(
        id: "SWM007", name: "swarm-dotenv-variable",
        summary: "A compose file on a swarm uses a variable only its `.env` file defines",
        message: "{service} uses {variable}, defined only in {file}: docker stack deploy does not read it",
        rationale: """
            Compose fills `${VAR}` from the environment and from the project's `.env` file; \
            `docker stack deploy` reads the environment only, so a variable that only `.env` \
            defines arrives blank, with no warning, and a blank password or URL fails at run \
            time. `infractl up --target swarm` deploys a file it renders with `.env` applied; \
            plain `docker stack deploy` needs the variable exported first \
            (`set -a; . ./.env; set +a`), or a default in the reference (`${VAR:-value}`), or, \
            for a secret, a Swarm secret.
            """,
        severity: .warning, category: .environment, scope: .swarm,
        nonTriggeringExamples: [
            // A default is used when stack deploy finds it unset.
            RuleExample(SwarmExamples.workspace(
                SwarmExamples.compose("""
                      nexus-api:
                        image: axiom/nexus-api:${NEXUS_TAG:-1.4.0}
                    """),
                more: ["apps/nexus/.env": "NEXUS_TAG=1.4.1\n"])),
        ],
        triggeringExamples: [
            RuleExample(SwarmExamples.workspace(
                SwarmExamples.compose("""
                      nexus-api:
                        image: 1️⃣axiom/nexus-api:${NEXUS_TAG}
                    """),
                more: ["apps/nexus/.env": "NEXUS_TAG=1.4.1\n"])),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        context.projects.flatMap { project -> [Finding] in
            let path = WorkspacePath.join(project.directory, ".env") ?? ".env"
            guard let text = try? context.files.text(of: path),
                  let names = try? Set(EnvFileParser().parse(text, file: path).map(\.name)) else { return [] }
            var seen: Set<String> = []
            return project.variableReferences.compactMap { reference in
                guard !reference.hasDefault, names.contains(reference.name), seen.insert(reference.name).inserted else { return nil }
                let service = Self.service(at: reference.location, in: project)
                let registered = service.flatMap { key in context.entries.first { $0.project.file == project.file && $0.service.name == key }?.registered }
                let name = registered?.name ?? service ?? reference.name
                return Self.description.finding(
                    "\(name) uses ${\(reference.name)}, defined only in \(path): docker stack deploy does not read it",
                    at: reference.location, service: registered?.name ?? service, app: registered?.app,
                    fix: Fix(
                        file: reference.location.file, line: reference.location.line,
                        explanation: "Deploy with `infractl up --target swarm` (it renders \(path)), export it before `docker stack deploy`, or give a default: ${\(reference.name):-…}."))
            }
        }
    }

    /// The compose service whose block holds `location`: the last service key above it.
    static func service(at location: SourceLocation, in project: ComposeProject) -> String? {
        project.services.filter { $0.location.file == location.file && $0.location.line <= location.line }
            .max { $0.location.line < $1.location.line }?.name
    }
}
