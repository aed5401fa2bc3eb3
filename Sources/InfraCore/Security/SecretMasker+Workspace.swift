extension SecretMasker {
    /// A masker that knows, besides the patterns, the workspace's names (never secrets), its
    /// secret variables and their literal values, and `extra` values: for text the workspace
    /// does not control, such as `docker compose`'s own output.
    public init(workspace context: ValidationContext, also extra: [String] = []) {
        self.init(
            knownSecrets: HealthChecker.secretValues(context) + extra, names: Self.names(of: context),
            variables: Self.secretVariables(of: context))
    }

    /// The names a report mentions that are not secrets: apps, services, container names,
    /// networks, images and their parts, project names and folders.
    static func names(of context: ValidationContext) -> [String] {
        let registry = context.registry
        var names = [registry.platform].compactMap { $0 } + registry.apps.map(\.name) + registry.networks.map(\.name)
        for service in registry.services {
            names.append(service.name)
            names += service.image.map(imageNames) ?? []
        }
        for project in context.projects {
            names += [project.name].compactMap { $0 } + project.directory.split(separator: "/").map(String.init)
            names += project.networks.flatMap { [$0.name] + [$0.externalName].compactMap { $0 } }
            for service in project.services {
                names += [service.name] + [service.containerName].compactMap { $0 } + (service.image.map(imageNames) ?? [])
            }
        }
        return names
    }

    /// An image reference and its parts: `quay.io/keycloak/keycloak:24` gives itself, `quay.io`,
    /// `keycloak` and `24`.
    static func imageNames(_ image: String) -> [String] {
        [image] + image.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "@" }).map(String.init)
    }

    /// Names of the compose services' variables (from `environment` and env files) that hold
    /// secrets.
    static func secretVariables(of context: ValidationContext) -> [String] {
        context.projects.flatMap(\.services).flatMap(\.environment).map(\.name).filter { isSecretVariable($0) }
    }
}
