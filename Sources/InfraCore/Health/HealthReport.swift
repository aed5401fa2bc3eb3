/// The outcome of `infractl health`: every service's status, the HLT findings, and notes on what
/// could not be checked.
public struct HealthReport: Sendable {
    /// Absolute path of the workspace root.
    public var workspace: String
    public var platform: String?
    public var registryFile: String
    /// In registry order.
    public var services: [ServiceHealth]
    public var findings: [Finding]
    /// Things a person should know that are not findings: the engine could not be read, some
    /// certificates could not be trusted, the compose files could not be read.
    public var notes: [String]
    /// The engine's address, and why it could not be read (nil when it was).
    public var engineAddress: String
    public var engineProblem: String?
    /// Wall time of the whole check.
    public var duration: Duration

    public init(
        workspace: String, platform: String? = nil, registryFile: String = Workspace.defaultRegistryPath,
        services: [ServiceHealth], findings: [Finding] = [], notes: [String] = [], engineAddress: String = "",
        engineProblem: String? = nil, duration: Duration = .zero
    ) {
        self.workspace = workspace
        self.platform = platform
        self.registryFile = registryFile
        self.services = services
        self.findings = findings
        self.notes = notes
        self.engineAddress = engineAddress
        self.engineProblem = engineProblem
        self.duration = duration
    }

    /// The platform's status: its worst known service status.
    public var overall: ServiceStatus { ServiceStatus.overall(services.map(\.status)) }

    /// Whether any service is unhealthy.
    public var hasUnhealthy: Bool { services.contains { $0.status == .unhealthy } }

    /// The services' statuses counted, in the order healthy, degraded, unhealthy, unknown.
    public var counts: [(status: ServiceStatus, count: Int)] {
        ServiceStatus.allCases.map { status in (status, services.count { $0.status == status }) }
    }
}

extension Report {
    /// The report of `health`, with the services as its payload.
    public init(health: HealthReport, strict: Bool = false, masker: SecretMasker = SecretMasker()) {
        self.init(
            command: "health", workspace: health.workspace, platform: health.platform, registryFile: health.registryFile,
            findings: health.findings, strict: strict, payload: HealthReportPayload(health), masker: masker)
    }
}
