import DockerEngine

/// What a failed connection of a service reached for.
enum ConnectionTarget {
    /// The host alone explains the failure: localhost, a name no service has, the service
    /// itself, or a dependency that is not running.
    case explained(ServiceCause)
    /// A registry service that runs, with its container.
    case running(Registry.Service, ContainerSnapshot?)
}

extension DiagnosisContext {
    /// The registry service the host of a failed connection means, or the cause explained
    /// when the host alone explains it.
    func connectionTarget(of cause: RootCause, from service: Registry.Service) -> ConnectionTarget {
        let host = cause.host ?? ""
        if cause.kind == .localhost || RootCauseClassifier.isLoopback(host) {
            return .explained(localhost(cause, of: service))
        }
        guard let target = registryService(forHost: host, from: service) else {
            return .explained(unknownHost(cause, of: service))
        }
        if target.name == service.name {
            let location = compose(of: service)?.service.location ?? service.location
            return .explained(ServiceCause(
                cause: cause, explanation: "It failed to reach itself at \(host)\(cause.port.map { ":\($0)" } ?? "").",
                location: location))
        }
        guard isRunning(target.name) else {
            return .explained(dependencyDown(target.name, of: service, evidence: cause.evidence, named: host))
        }
        return .running(target, container(of: target.name))
    }

    fileprivate func unknownHost(_ cause: RootCause, of service: Registry.Service) -> ServiceCause {
        let host = cause.host ?? "the host"
        let guess = cause.host.flatMap { NodeReader.suggestion(for: $0, among: registry.services.map(\.name)) }
        if cause.kind == .hostNotFound, let guess, let host = cause.host {
            let (fix, location) = rewrite(host: host, port: nil, to: guess, in: service)
            return ServiceCause(
                cause: cause,
                explanation: "It cannot resolve \(host): no service has that name (did you mean \(guess)?).",
                fix: fix, location: location)
        }
        let location = compose(of: service)?.service.location(of: "environment") ?? service.location
        let what = cause.kind == .hostNotFound ? "cannot resolve \(host), which is no service of the registry" : "was refused by \(host)\(cause.port.map { ":\($0)" } ?? "")"
        return ServiceCause(cause: cause, explanation: "It \(what).", location: location)
    }
}
