extension DiagnosisError: InfraError {
    public var code: String {
        switch self {
        case .unknownService: "diagnosis.unknown-service"
        }
    }

    public var errorDescription: String? { description }
}
