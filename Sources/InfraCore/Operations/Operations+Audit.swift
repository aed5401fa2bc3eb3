import DockerEngine

/// `audit`: the Security Report.
public struct AuditRequest: Sendable {
    /// Also read the engine's port bindings and the host's listening sockets.
    public var live: Bool
    public var strict: Bool
    /// The accepted findings left out of the report.
    public var baseline: BaselineChoice

    public init(live: Bool = false, strict: Bool = false, baseline: BaselineChoice = .standard) {
        self.live = live
        self.strict = strict
        self.baseline = baseline
    }
}

extension Operations {
    /// `audit [--live]`: exposure, credentials, isolation, TLS and hardening. Reads files only,
    /// unless `live`: then the engine once (four requests, no inspect) and the host's sockets;
    /// an engine that cannot be reached is an `OperationError` naming the address.
    public func audit(_ request: AuditRequest) async throws -> Report {
        let workspace = self.workspace
        // Reading Traefik's files, the git and the file-mode checks block: off the cooperative pool.
        let ((context, staticAudit), recovery) = try await Blocking.run {
            try EditSession(workspace: workspace).reading { committed in
                let context = try WorkspaceLoader(workspace: committed).load(traefik: true)
                return (context, SecurityAudit(context, workspace: committed))
            }
        }
        var audit = staticAudit
        if request.live {
            let snapshot = try await engine.with { engine, address in
                try await EngineSnapshotReader(engine: engine, logTail: 0, engineAddress: address).read(relevant: { _ in false })
            }
            audit.add(snapshot, matcher: ContainerMatcher(context: context, workspaceRoot: workspace.root), registry: context.registry)
        }
        let report = Report(
            command: "audit", workspace: workspace.root, title: "Security Report", platform: context.registry.platform,
            registryFile: context.registry.file, findings: audit.findings, strict: request.strict, payload: AuditPayload(audit),
            masker: SecretMasker(workspace: context)
        ).noting(recovery.notice)
        return try await applying(request.baseline, to: report, complete: true)
    }
}
