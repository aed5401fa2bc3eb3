import DockerEngine

extension DockerEngineError: InfraError {
    /// `engine.` and the kind: `engine.unreachable`, `engine.not-found`.
    public var code: String {
        switch kind {
        case .invalidHost: "engine.invalid-host"
        case .engineUnreachable: "engine.unreachable"
        case .timeout: "engine.timeout"
        case .notFound: "engine.not-found"
        case .engineError: "engine.error"
        default: "engine.invalid-response"
        }
    }
}
