/// What `diagnose` adds to its report beside the findings: the engine, the Current State of
/// every service, and which findings are root causes.
public struct DiagnosisPayload: ReportPayload {
    public var engineAddress: String
    public var engineVersion: String?
    public var services: [ServiceState]
    /// Positions in the report's findings of the root causes.
    public var rootCauses: [Int]
    /// Parts of the engine that could not be read.
    public var notes: [String]

    public init(
        engineAddress: String, engineVersion: String? = nil, services: [ServiceState], rootCauses: [Int],
        notes: [String] = []
    ) {
        self.engineAddress = engineAddress
        self.engineVersion = engineVersion
        self.services = services
        self.rootCauses = rootCauses
        self.notes = notes
    }

    /// `engine`, `services` (one object per service: `name`, `app`, `container`, `state`,
    /// `health`, `exit_code`, `restarts`, `registered`, `status`, `summary`) and `root_causes`
    /// (0-based positions in `findings`).
    public var jsonFields: [JSONMember] {
        var members = [
            JSONMember("engine", .fields(["address": .string(engineAddress), "version": .text(engineVersion)])),
            JSONMember("services", .array(services.map { state in
                .fields([
                    "name": .string(state.name), "app": .text(state.app), "container": .text(state.container),
                    "state": .string(state.state), "health": .text(state.health), "exit_code": .number(state.exitCode),
                    "restarts": .number(state.restarts), "registered": .bool(state.registered),
                    "status": .string(state.condition.rawValue), "summary": .string(state.summary),
                ])
            })),
            JSONMember("root_causes", .array(rootCauses.map(JSONValue.int))),
        ]
        if !notes.isEmpty { members.append(JSONMember("notes", .array(notes.map(JSONValue.string)))) }
        return members
    }

    public func masked(by masker: SecretMasker) -> DiagnosisPayload {
        var copy = self
        copy.services = services.map { state in
            var state = state
            state.summary = masker.mask(state.summary)
            return state
        }
        copy.notes = notes.map(masker.mask)
        return copy
    }
}

extension Report {
    /// The report of `diagnose`, every text masked, the workspace's and the containers' own
    /// secret values included.
    public init(diagnosis: Diagnosis, workspace: String, platform: String?, registryFile: String, strict: Bool = false) {
        self.init(
            command: "diagnose", workspace: workspace, platform: platform, registryFile: registryFile,
            findings: diagnosis.findings, strict: strict,
            payload: DiagnosisPayload(
                engineAddress: diagnosis.engineAddress, engineVersion: diagnosis.engineVersion,
                services: diagnosis.services, rootCauses: diagnosis.rootCauses, notes: diagnosis.notes),
            masker: diagnosis.masker)
    }
}
