/// What `validate` checked for each new service of a proposed change, passed or not, as the
/// runbooks' Validation Report lists it: `✅ Port 6000 is within PRISM range (6000-6999)`,
/// `⚠️ depends on forge-meilisearch which must start first`. Built from the validation's
/// context and findings, so a check fails exactly when a rule reported it.
public struct ProposedServiceChecks: ReportPayload {
    /// One new service of the proposed files.
    public struct Service: Sendable, Hashable {
        public var name: String
        public var file: String
        public var app: String?
        public var checks: [Check]
    }

    /// One check and how it came out.
    public struct Check: Sendable, Hashable {
        public enum Status: String, Sendable, Hashable {
            case passed, warning, failed, info

            /// The runbooks' mark.
            public var mark: String {
                switch self {
                case .passed: "✅"
                case .warning: "⚠️"
                case .failed: "❌"
                case .info: "ℹ️"
                }
            }
        }

        /// What was checked: `range`, `allocation`, `network`, `dependency`, `startup`, `health`, `environment`.
        public var kind: String
        public var status: Status
        public var text: String
    }

    public var services: [Service]

    public init(services: [Service]) { self.services = services }

    /// The checks of every new service in the proposed files of `validation`; `nil` when
    /// nothing was proposed.
    public init?(_ validation: ValidationReport) {
        let context = validation.context
        guard !context.proposedFiles.isEmpty else { return nil }
        var services: [Service] = []
        for file in context.proposedFiles {
            guard let project = context.project(file: file) else { continue }
            for service in project.services where context.isProposed(service, in: project) {
                services.append(Self.checks(of: service, in: project, context, validation.findings))
            }
        }
        self.services = services
    }

    private static func checks(
        of compose: ComposeService, in project: ComposeProject, _ context: ValidationContext, _ findings: [Finding]
    ) -> Service {
        let name = ValidationContext.platformName(of: compose)
        let registry = context.registry
        let entry = registry.service(named: name)
        let app = entry.flatMap { registry.app(named: $0.app) } ?? context.app(of: compose, in: project)
        let own = findings.filter { $0.service == name }
        func reported(_ rules: Set<String>, port: Int? = nil, at location: SourceLocation? = nil) -> [Check] {
            own.filter { finding in
                rules.contains(finding.rule) && (port == nil || finding.port == port)
                    && (location == nil || finding.location == location)
            }.map { Check(kind: "", status: $0.severity == .error ? .failed : .warning, text: $0.message) }
        }
        func check(_ kind: String, _ reported: [Check], else passed: Check.Status = .passed, _ text: String) -> [Check] {
            guard reported.isEmpty else { return reported.map { Check(kind: kind, status: $0.status, text: $0.text) } }
            return [Check(kind: kind, status: passed, text: text)]
        }
        var checks: [Check] = []

        // Ports: in the app's range, and free.
        let ports = compose.ports.flatMap { entry in entry.publishedPorts.map { (entry, $0) } }
        if ports.isEmpty {
            checks.append(Check(kind: "range", status: .info, text: "Publishes no host port"))
        }
        for (entry, port) in ports {
            if let app {
                let range = "\(app.ports.lowerBound)-\(app.ports.upperBound)"
                checks += check("range", reported(["PORT002", "PORT003"], port: port), "Port \(port) is within \(app.name.uppercased()) range (\(range))")
            } else {
                checks.append(Check(kind: "range", status: .warning, text: RuleText.unknownApp(name, in: project)))
            }
            checks += check("allocation", reported(["PORT001"], port: port, at: entry.location), "Port \(port) is not currently allocated")
        }

        // The shared network.
        if let shared = registry.sharedNetwork {
            let onIt = compose.networkNames.contains(shared.name)
            checks += check(
                "network", reported(["NET001", "NET003", "NET004"]), else: onIt ? .passed : .info,
                onIt ? "Service will be on \(shared.name)" : "Service will not be on \(shared.name) (it uses no shared service)")
        }

        // Dependencies, each with where it runs, then the startup order they imply.
        let dependencies = entry?.dependencies ?? []
        var dependencyTiers: [String] = []
        for dependency in dependencies {
            let failed = reported(["DEP001", "DEP002", "DEP005"], at: dependency.location)
            guard failed.isEmpty, let target = registry.service(named: dependency.value) else {
                checks += check("dependency", failed, else: .warning, "Depends on \(dependency.value), which the registry does not define")
                continue
            }
            if let tier = registry.tier(of: target) { dependencyTiers.append("\(target.name): tier \(tier)") }
            if target.composeFile == project.file {
                checks += check("dependency", reported(["DEP004"]).filter { $0.text.contains(target.name) }, "Depends on \(target.name), in the same project; Compose waits for it")
            } else {
                let where_ = context.project(file: target.composeFile).map(RegistryDriftRule.projectName) ?? target.composeFile
                checks.append(Check(
                    kind: "dependency", status: .warning,
                    text: "Depends on \(target.name) (project \(where_)), which must start first: `infractl up` starts its tier before this one"))
            }
        }
        if let entry {
            if let tier = registry.tier(of: entry) {
                let tierName = registry.startupOrder.first { $0.tier == tier }?.name.map { " (\($0))" } ?? ""
                let after = dependencyTiers.isEmpty ? "" : ", after \(dependencyTiers.joined(separator: ", "))"
                checks += check("startup", reported(["DEP003"]), "Startup order: Tier \(tier)\(tierName)\(after)")
            } else {
                checks.append(Check(kind: "startup", status: .warning, text: "Startup order: type \(entry.type.rawValue) is in no tier of startup_order; give it a `tier`"))
            }
        }

        // Health check.
        checks += check(
            "health", reported(["HC001"]), else: compose.hasHealthcheck ? .passed : .info,
            compose.hasHealthcheck ? "Health check defined" : "No health check (not required for type \(entry?.type.rawValue ?? "other"))")

        // Environment.
        let variables = compose.environment.count
        checks += check(
            "environment", reported(["ENV001", "ENV002", "ENV003", "SEC001"]),
            variables == 0 ? "No environment variables" : "Environment: \(variables) variable\(variables == 1 ? "" : "s"), none pointing at localhost, every ${…} defined")
        return Service(name: name, file: project.file, app: app?.name, checks: checks)
    }

    public var jsonFields: [JSONMember] {
        [JSONMember("proposed", .array(services.map { service in
            .fields([
                "service": .string(service.name), "file": .string(service.file), "app": .text(service.app),
                "checks": .array(service.checks.map { .fields(["check": .string($0.kind), "status": .string($0.status.rawValue), "message": .string($0.text)]) }),
            ])
        }))]
    }

    public func masked(by masker: SecretMasker) -> ProposedServiceChecks {
        var copy = self
        for index in copy.services.indices {
            for check in copy.services[index].checks.indices {
                copy.services[index].checks[check].text = masker.mask(copy.services[index].checks[check].text)
            }
        }
        return copy
    }

    /// The findings and the summary still follow the checks.
    public var replacesSummary: Bool { false }

    public var text: String? {
        guard !services.isEmpty else { return nil }
        return services.map { service in
            let app = service.app.map { ", app \($0)" } ?? ""
            return (["Proposed service \(service.name) (\(service.file)\(app)):"] + service.checks.map { "  \($0.status.mark) \($0.text)" })
                .joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    public var markdown: String? {
        guard !services.isEmpty else { return nil }
        var writer = MarkdownWriter()
        write(into: &writer)
        return writer.text
    }

    /// Its Markdown section, `### Proposed Services`, one list of checks per service.
    public func write(into writer: inout MarkdownWriter) {
        guard !services.isEmpty else { return }
        writer.heading(3, "Proposed Services")
        for service in services {
            let app = service.app.map { ", app \($0)" } ?? ""
            writer.paragraph("**\(service.name)** (\(MarkdownWriter.codeSpan(service.file))\(app))")
            service.checks.forEach { writer.bullet("\($0.status.mark) \($0.text)") }
            writer.blankLine()
        }
    }
}
