import Foundation

/// RUN005: a container is on every network the registry requires for its service.
public struct ContainerNetworkAnalyzer: Analyzer {
    public static let description = RuleDescription(
        id: "RUN005", name: "container-network",
        summary: "A container is not on a network the registry requires",
        message: "{service} is not on {network}",
        rationale: """
            Containers find each other by name only on a network they share: a backend that is not \
            on `forge-network` cannot resolve `forge-postgres` and fails with "could not translate \
            host name", "getaddrinfo ENOTFOUND" or "bad address". The registry's `networks` say \
            where each service must be; `default` is the compose project's own network. When the \
            compose file already lists the network, the container predates that change and must \
            be recreated; otherwise add the network to the service (and declare it `external: \
            true` at the top level).
            """,
        severity: .error, category: .runtime,
        nonTriggeringExamples: [
            RuleExample(ExamplePlatform.files(), engine: EngineExample([ExamplePlatform.postgres, ExamplePlatform.runningBackend])),
        ],
        triggeringExamples: [
            RuleExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    networks: [default, forge-network]", with: "    1️⃣networks: [default, forge-network]")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample("prism-backend", networks: ["prism_default"], ports: ["6000:8000"]),
                ])),
        ])

    public init() {}

    public func analyze(_ context: DiagnosisContext) -> [Finding] {
        var findings: [Finding] = []
        for service in context.services {
            guard let container = context.container(of: service.name), !container.sharesNetworkStack,
                  context.compose(of: service)?.service.networkMode == nil else { continue }
            let attached = Set(container.networks.keys)
            // A container that is not running and shows no network tells nothing about its networks.
            if attached.isEmpty, !container.isRunning { continue }
            let project = container.compose?.project
            let composeProject = context.compose(of: service)?.project
            for required in service.networks.map(\.value) {
                var names: Set<String> = [required]
                if let project { names.insert("\(project)_\(required)") }
                if let external = composeProject?.network(named: required)?.externalName { names.insert(external) }
                if required == "default", project == nil { continue }
                guard attached.isDisjoint(with: names) else { continue }
                findings.append(finding(service, container, missing: required, attached: attached, context))
            }
        }
        return findings
    }

    private func finding(
        _ service: Registry.Service, _ container: ContainerSnapshot, missing network: String, attached: Set<String>,
        _ context: DiagnosisContext
    ) -> Finding {
        let attachment = NetworkAttachment(service, in: context.validation)
        let evidence = ["\(container.name) is on: \(DiagnosisContext.list(attached))"]
        var verify = [context.networksCommand(container.name)]
        let fix: Fix
        var message = "\(service.name) is not on \(network)."
        if attachment.isOn(network) {
            let location = attachment.location
            message += " Its compose file puts it there, but the container is older than that change."
            fix = Fix(
                file: location.file, line: location.line,
                explanation: "Recreate the container so it joins \(network): `\(context.composeUpCommand(for: service)) --force-recreate`.")
            verify.insert(context.composeUpCommand(for: service) + " --force-recreate", at: 0)
        } else {
            let declaration = context.registry.network(named: network).map { registered in
                registered.external || registered.shared ? "external: true" : (registered.internal ? "internal: true" : "driver: bridge")
            } ?? "external: true"
            if let cause = context.causes(of: service.name).first(where: { $0.missingNetwork == network }) {
                message += " " + cause.explanation
            }
            fix = attachment.fix(adding: network, declaration: declaration)
            verify.insert(context.composeUpCommand(for: service), at: 0)
        }
        return Self.description.finding(
            message, at: attachment.location, service: service.name, app: service.app,
            evidence: evidence + context.causes(of: service.name).filter { $0.missingNetwork == network }.flatMap(\.cause.evidence),
            fix: fix, verify: verify)
    }
}
