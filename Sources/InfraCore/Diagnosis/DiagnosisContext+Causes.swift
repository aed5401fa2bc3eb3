import DockerEngine
import Foundation

/// Explaining root causes against the workspace: which service a host name means, whether it
/// runs, which networks separate them, which compose line to change. Each kind of cause has its
/// explainer in `Causes/`.
extension DiagnosisContext {
    /// The causes a failing (or restarted) container shows, explained, most telling first. A
    /// dependency that is not running is added as the cause when nothing more telling explains
    /// the failure.
    func explainCauses(of service: Registry.Service, container: ContainerSnapshot) -> [ServiceCause] {
        var raw: [RootCause] = []
        if let details = container.details { raw += RootCauseClassifier.classify(state: details.state) }
        raw += RootCauseClassifier.classify(logLines: container.logText)
        if let health = container.details?.state.health, let cause = RootCauseClassifier.classify(health: health) {
            raw.append(cause)
        }
        raw = raw.enumerated().sorted { ($0.element.kind.rank, $0.offset) < ($1.element.kind.rank, $1.offset) }
            .map(\.element)
        var explained = raw.map { explain($0, of: service, container: container) }
        guard container.isFailing, !explained.contains(where: { $0.blamedService != nil }),
              let down = dependencies(of: service).first(where: { name in
                  !isRunning(name) || self.container(of: name)?.health == .unhealthy
              })
        else { return explained }
        let cause = dependencyDown(down, of: service, evidence: [])
        let weak: Set<RootCause.Kind> = [.connectionRefused, .localhost, .hostNotFound, .healthCheckFailed]
        if let first = explained.first, !weak.contains(first.cause.kind) {
            explained.append(cause)
        } else {
            explained.insert(cause, at: 0)
        }
        return explained
    }

    /// One cause explained for `service`, by the explainer of its kind.
    func explain(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        CauseCatalog.explainer(for: cause.kind).explain(cause, of: service, container: container, in: self)
    }

    /// The registry services a service needs: its registry dependencies, then those its compose
    /// `depends_on` names.
    func dependencies(of service: Registry.Service) -> [String] {
        var names = service.dependencies.map(\.value)
        if let (project, compose) = compose(of: service) {
            for dependency in compose.dependsOn {
                guard let target = project.service(named: dependency.service),
                      let registered = validation.registryService(for: target, in: project) else { continue }
                names.append(registered.name)
            }
        }
        var seen: Set<String> = []
        return names.filter { $0 != service.name && registry.service(named: $0) != nil && seen.insert($0).inserted }
    }

    // MARK: Helpers

    /// The registry service a host name (or address) used by `service` means: a registry name,
    /// a container name or address, a compose key or network alias of its own project.
    func registryService(forHost host: String, from service: Registry.Service) -> Registry.Service? {
        if let found = registry.service(named: host) { return found }
        if let container = snapshot.container(withAddress: host) ?? snapshot.container(named: host),
           let name = registryName(ofContainer: container.name) {
            return registry.service(named: name)
        }
        guard let project = compose(of: service)?.project else { return nil }
        if let byKey = project.service(named: host), let found = validation.registryService(for: byKey, in: project) {
            return found
        }
        for candidate in project.services where candidate.networks.contains(where: { $0.aliases.contains(host) }) {
            if let found = validation.registryService(for: candidate, in: project) { return found }
        }
        return nil
    }

    /// The change of the variable that names `host` (and `port`) to name `replacement`.
    func rewrite(host: String, port: Int?, to replacement: String, in service: Registry.Service) -> (Fix?, SourceLocation?) {
        let compose = self.compose(of: service)
        for variable in compose?.service.environment ?? [] {
            guard let raw = variable.rawValue, let value = variable.value else { continue }
            let written = port.map { "\(host):\($0)" } ?? host
            guard value.contains(written), raw.contains(written) else { continue }
            let masked = ConnectionString.masked(raw).replacingOccurrences(of: written, with: replacement)
            return (
                Fix(
                    file: variable.location.file, line: variable.location.line,
                    replace: variable.envFile == nil ? "\(variable.name): \(masked)" : "\(variable.name)=\(masked)",
                    explanation: "Point \(variable.name) at \(replacement)\(masked.contains("****") ? "; keep the password as it was" : "")."),
                variable.location
            )
        }
        let location = compose?.service.location(of: "environment") ?? service.location
        return (Fix(file: location.file, line: location.line, explanation: "Point its connection settings at \(replacement)."), location)
    }

    /// The compose volume whose target holds `path`, with its project.
    func mount(covering path: String, of service: Registry.Service) -> (VolumeMount, ComposeProject)? {
        guard let (project, compose) = compose(of: service) else { return nil }
        let covering = compose.volumes.filter { path == $0.target || path.hasPrefix($0.target.hasSuffix("/") ? $0.target : $0.target + "/") }
        return covering.max { $0.target.count < $1.target.count }.map { ($0, project) }
    }

    /// The program a command runs: its first word, or the first word of an `sh -c` script.
    static func program(of command: [String]) -> String? {
        guard let first = command.first else { return nil }
        if ["sh", "bash", "/bin/sh", "/bin/bash"].contains(first), command.count > 2, command[1] == "-c" {
            return command[2].split(whereSeparator: \.isWhitespace).first.map(String.init)
        }
        return first
    }

    /// `CMD-SHELL wget …` as the command text.
    static func commandText(_ test: [String]) -> String {
        guard let first = test.first else { return "" }
        if first == "CMD-SHELL" || first == "CMD" { return test.dropFirst().joined(separator: " ") }
        return test.joined(separator: " ")
    }

    /// The port of `localhost:8080` or `127.0.0.1:8080` in a command.
    static func localPort(in command: String) -> Int? {
        guard let match = command.firstMatch(of: #/(?:localhost|127\.0\.0\.1|\[::1\]):(?<port>\d+)/#) else { return nil }
        return Int(match.output.port)
    }

    /// `["CMD-SHELL", "wget …"]` as a YAML flow list.
    static func flowList(_ items: [String]) -> String {
        "[" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ", ") + "]"
    }

    static func list(_ names: Set<String>) -> String {
        names.isEmpty ? "no network" : names.sorted().joined(separator: ", ")
    }
}
