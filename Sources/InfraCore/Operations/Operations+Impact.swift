/// `impact`: what a change would touch; reads files only.
public struct ImpactRequest: Sendable {
    /// Services, apps, networks or ports.
    public var targets: [String]
    public var change: ImpactAnalysis.Change

    public init(targets: [String], change: ImpactAnalysis.Change = .stop) {
        self.targets = targets
        self.change = change
    }
}

extension Operations {
    /// `impact TARGET... [--change …]`: the Change Impact Report.
    public func impact(_ request: ImpactRequest) async throws -> Report {
        guard !request.targets.isEmpty else { throw OperationError("impact needs a target: a service, an app, a network or a port") }
        let (context, recovery, host) = try await readWithHostPorts()
        let analysis = try ImpactAnalysis(targets: request.targets, change: request.change, context: context, host: host)
        return Report(
            command: "impact", workspace: workspace.root, title: "Change Impact Report", platform: context.registry.platform,
            registryFile: context.registry.file, findings: [], payload: ImpactPayload(analysis), masker: SecretMasker(workspace: context)
        ).noting(recovery.notice)
    }
}
