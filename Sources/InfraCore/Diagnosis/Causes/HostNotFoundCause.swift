import DockerEngine
import Foundation

/// host-not-found: a host name does not resolve.
public struct HostNotFoundCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .hostNotFound,
        summary: "A host name does not resolve",
        rationale: """
            On Docker networks a container name resolves only for containers on a network both \
            are on. When the name means a registry service that runs, the explanation compares \
            the two containers' networks and the fix adds the missing one (as NET001 would); \
            when they share one, the name was looked up while the other was down. A name that \
            is no service gets a "did you mean" when one is close, and the variable that holds \
            it is rewritten; a service that is not running is the dependency-down cause.
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    networks: [default, forge-network]", with: "    1️⃣networks: [default]")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default"],
                        logs: ["Error: getaddrinfo ENOTFOUND forge-postgres"]),
                ]),
                service: "prism-backend",
                explanation: "It cannot resolve forge-postgres: prism-backend is on prism_default, but forge-postgres is on forge-network; Docker's DNS resolves a container only on a network both are on.",
                fix: "Add forge-network to the networks of backend in prism/docker-compose.yml.",
                replace: "services:\n  backend:\n    networks:\n      - default\n      - forge-network\n"),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "      DATABASE_URL:", with: "      1️⃣DATABASE_URL:").replacingOccurrences(
                    of: "@forge-postgres:", with: "@forge-postgre:")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["Error: getaddrinfo ENOTFOUND forge-postgre"]),
                ]),
                service: "prism-backend",
                explanation: "It cannot resolve forge-postgre: no service has that name (did you mean forge-postgres?).",
                fix: "Point DATABASE_URL at forge-postgres."),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(of: "  backend:\n", with: "  1️⃣backend:\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["Error: getaddrinfo EAI_AGAIN forge-postgres"]),
                ]),
                service: "prism-backend",
                explanation: "It could not resolve forge-postgres, although forge-postgres runs on a network it shares: forge-postgres was probably down when it started.",
                fix: "Restart prism-backend now that forge-postgres runs."),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        switch context.connectionTarget(of: cause, from: service) {
        case .explained(let explained): explained
        case .running(let target, let targetContainer):
            context.hostNotFound(cause, of: service, container: container, target: target, targetContainer: targetContainer)
        }
    }
}

extension DiagnosisContext {
    /// A name that does not resolve although the service it means runs: the two share no
    /// network, or the name was looked up while the other was down.
    fileprivate func hostNotFound(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, target: Registry.Service,
        targetContainer: ContainerSnapshot?
    ) -> ServiceCause {
        let ownNetworks = Set(container.networks.keys)
        let theirNetworks = Set(targetContainer?.networks.keys.map { $0 } ?? [])
        if !container.sharesNetworkStack, ownNetworks.isDisjoint(with: theirNetworks) {
            return notOnNetwork(cause, of: service, target: target, own: ownNetworks, theirs: theirNetworks)
        }
        let location = compose(of: service)?.service.location ?? service.location
        return ServiceCause(
            cause: cause,
            explanation: "It could not resolve \(cause.host ?? ""), although \(target.name) runs on a network it shares: \(target.name) was probably down when it started.",
            fix: Fix(file: location.file, line: location.line, explanation: "Restart \(service.name) now that \(target.name) runs."),
            location: location)
    }

    fileprivate func notOnNetwork(
        _ cause: RootCause, of service: Registry.Service, target: Registry.Service, own: Set<String>, theirs: Set<String>
    ) -> ServiceCause {
        let shared = registry.sharedNetwork?.name
        let network = shared.flatMap { theirs.contains($0) ? $0 : nil }
            ?? target.networks.map(\.value).first { $0 != "default" && theirs.contains($0) }
            ?? theirs.sorted().first ?? shared ?? "default"
        let host = cause.host ?? target.name
        let explanation = "It cannot resolve \(host): \(service.name) is on \(Self.list(own)), but \(target.name) is on \(Self.list(theirs)); Docker's DNS resolves a container only on a network both are on."
        let finding = staticFindings[service.name, default: []].first { $0.rule == SharedNetworkRule.description.id }
        let attachment = NetworkAttachment(service, in: validation)
        let fix = finding?.fix ?? attachment.fix(adding: network, declaration: "external: true")
        let location = finding?.location ?? attachment.location
        return ServiceCause(
            cause: cause, explanation: explanation, fix: fix, location: location, missingNetwork: network,
            verify: [networksCommand(service.name)])
    }
}
