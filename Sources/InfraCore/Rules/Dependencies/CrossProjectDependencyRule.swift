/// DEP005: a compose `depends_on` names a service of another compose project.
public struct CrossProjectDependencyRule: Rule {
    public static let description = RuleDescription(
        id: "DEP005", name: "cross-project-depends-on",
        summary: "A compose depends_on must not name a service of another compose project",
        message: "Service {service} depends on {dependency} of project {project}; Compose cannot wait across projects",
        rationale: """
            `depends_on` only sees the services of its own compose project: Docker Compose refuses \
            a file whose `depends_on` names a service of another project ("depends on undefined \
            service"), so the app does not start at all. On a platform the shared services (FORGE's \
            database, cache, search) live in their own project; the order between projects comes \
            from the registry instead. Remove the name from `depends_on` and keep it in the \
            registry's `dependencies` of the service: the startup tiers put the shared project \
            first, and `infractl up` starts a tier only once the tier before it is running and \
            healthy.
            """,
        severity: .error, category: .dependencies,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": forge,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:dev
                        depends_on: [worker]
                      worker:
                        container_name: synapse-worker
                        image: synapse-api:dev
                    """,
            ]),
        ],
        triggeringExamples: [
            // The runbooks' generated snippet: FORGE's services in an app's depends_on.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": forge,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:dev
                        depends_on: [1️⃣forge-postgres, 2️⃣forge-redis, worker]
                      worker:
                        container_name: synapse-worker
                        image: synapse-api:dev
                    """,
            ]),
            // The long form, naming the shared service by its compose key.
            RuleExample([
                ".dev/infra/registry.yml": registry,
                "forge/docker-compose.yml": forge,
                "apps/synapse/docker-compose.yml": """
                    services:
                      api:
                        container_name: synapse-api
                        image: synapse-api:dev
                        depends_on:
                          1️⃣postgres:
                            condition: service_healthy
                      worker:
                        container_name: synapse-worker
                        image: synapse-api:dev
                    """,
            ]),
        ])

    private static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          synapse: { ports: 4000-4999 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
              - { name: forge-redis, type: cache, compose_file: forge/docker-compose.yml }
          synapse:
            dev:
              - name: synapse-api
                type: api
                compose_file: apps/synapse/docker-compose.yml
                dependencies: [forge-postgres, synapse-worker]
              - { name: synapse-worker, type: worker, compose_file: apps/synapse/docker-compose.yml }
        """

    private static let forge = """
        name: forge
        services:
          postgres:
            container_name: forge-postgres
            image: postgres:16
            healthcheck:
              test: [CMD-SHELL, pg_isready]
          redis:
            container_name: forge-redis
            image: redis:7
            healthcheck:
              test: [CMD, redis-cli, ping]
        """

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        var seen = Set<SourceLocation>()
        for project in context.projects {
            for (service, dependency) in project.undefinedDependencies where seen.insert(dependency.location).inserted {
                guard let target = context.crossProjectTarget(of: dependency.service, from: project) else { continue }
                let name = ValidationContext.platformName(of: service)
                let registered = context.registryService(for: service, in: project)
                findings.append(Self.description.finding(
                    "Service \(name) depends on \(dependency.service) of project \(target.projectName); Compose cannot wait across projects",
                    at: dependency.location, service: name, app: registered?.app ?? context.app(of: service, in: project)?.name,
                    evidence: ["\(target.location): \(target.name) is defined in \(target.file) (project \(target.projectName))"],
                    fix: fix(service, in: project, target: target, registered: registered, context)))
            }
        }
        return findings
    }

    /// Removing the cross-project names from `depends_on`, and keeping them in the registry.
    private func fix(
        _ service: ComposeService, in project: ComposeProject, target: ValidationContext.CrossProjectTarget,
        registered: Registry.Service?, _ context: ValidationContext
    ) -> Fix {
        let at = service.location(of: "depends_on")
        let staying = service.dependsOn.filter { !$0.isImplicit && project.service(named: $0.service) != nil }
        let crossing = project.undefinedDependencies.filter { $0.service.name == service.name }
            .compactMap { context.crossProjectTarget(of: $0.dependency.service, from: project)?.name }
        let keep = "keep \(RuleText.list(crossing)) in `dependencies` of \(registered?.name ?? ValidationContext.platformName(of: service)) in \(context.registry.file)"
        let missing = registered.map { entry in crossing.filter { name in !entry.dependencies.contains { $0.value == name } } } ?? crossing
        let registryNote = missing.isEmpty
            ? "; \(keep)"
            : "; \(keep) (add \(RuleText.list(missing)) there)"
        let order = "The startup tiers start project \(target.projectName) first, and `infractl up` starts the next tier only once \(target.name) is running and healthy."
        guard !staying.isEmpty else {
            return Fix(
                file: at.file, line: at.line,
                explanation: "Delete `depends_on` of \(service.name) (every name in it is in another project)\(registryNote). \(order)")
        }
        return Fix(
            file: at.file, line: at.line, replace: dependsOnYAML(staying, at: at, context),
            explanation: "Keep only the services of this project in `depends_on` of \(service.name)\(registryNote). \(order)")
    }

    /// `depends_on` with the remaining entries, in the form the file used (flow list, block
    /// list, or the long form when any entry has a condition other than `service_started`).
    private func dependsOnYAML(_ entries: [ComposeDependency], at key: SourceLocation, _ context: ValidationContext) -> String {
        let indent = RuleText.indent(of: key)
        let child = RuleText.childIndent(of: key)
        let line = context.sourceLine(at: key) ?? ""
        if entries.allSatisfy({ $0.condition == .started && $0.required }) {
            if line.contains("[") { return "\(indent)depends_on: \(RuleText.list(entries.map(\.service)))" }
            return (["\(indent)depends_on:"] + entries.map { "\(child)- \($0.service)" }).joined(separator: "\n")
        }
        var lines = ["\(indent)depends_on:"]
        for entry in entries {
            lines.append("\(child)\(entry.service):")
            lines.append("\(child)  condition: \(entry.condition.rawValue)")
            if !entry.required { lines.append("\(child)  required: false") }
        }
        return lines.joined(separator: "\n")
    }
}

extension ValidationContext {
    /// A service of another compose project that a `depends_on` name refers to.
    struct CrossProjectTarget {
        /// The name it goes by on the platform (its registry name).
        var name: String
        var file: String
        var projectName: String
        var location: SourceLocation
    }

    /// The service of another project that `name` (a platform name or a compose key) refers to,
    /// when `project` has no service of that name.
    func crossProjectTarget(of name: String, from project: ComposeProject) -> CrossProjectTarget? {
        if let registered = registry.service(named: name), registered.composeFile != project.file {
            let other = self.project(file: registered.composeFile)
            return CrossProjectTarget(
                name: registered.name, file: registered.composeFile,
                projectName: other.map(RegistryDriftRule.projectName) ?? WorkspacePath.directory(of: registered.composeFile),
                location: other?.service(container: registered.name)?.location ?? registered.location)
        }
        // A compose key names a service of another project only when one project alone has it.
        let candidates = projects.compactMap { other -> CrossProjectTarget? in
            guard other.file != project.file, !other.files.contains(project.file),
                let service = other.service(named: name) ?? other.service(container: name),
                let registered = registryService(for: service, in: other)
            else { return nil }
            return CrossProjectTarget(
                name: registered.name, file: other.file, projectName: RegistryDriftRule.projectName(other), location: service.location)
        }
        let distinct = Dictionary(candidates.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return distinct.count == 1 ? distinct.values.first : nil
    }
}
