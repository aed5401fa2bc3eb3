extension DiagnosisError: InfraError {
    public var code: String {
        switch self {
        case .unknownService: "diagnosis.unknown-service"
        case .notASwarmManager: "diagnosis.not-a-swarm-manager"
        }
    }

    public var errorDescription: String? { description }
}
