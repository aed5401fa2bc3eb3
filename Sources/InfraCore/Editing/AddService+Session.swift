/// `add-service` from request to report, for every front end (the CLI, the MCP server).
extension AddService {
    /// Plans `request` under the workspace lock, refuses it when it would add a finding to
    /// `validate`, writes it through the journal unless `dryRun`, and reports what changed (for a
    /// dry run, the diff of every file). `host` is read under the lock, when the port is chosen;
    /// `command` is recorded in the history.
    public static func perform(
        _ request: AddServiceRequest, in workspace: Workspace, dryRun: Bool, date: String,
        host: @Sendable () -> any HostPorts = { Operations.hostPorts(true) }, command: String = HistoryStore.processCommand()
    ) throws -> Report {
        let outcome = try EditSession(workspace: workspace, command: command).perform(dryRun: dryRun, validate: true) { workspace, context in
            let host = host()
            let plan = try AddService.plan(request, in: workspace, context: context, host: host, date: date)
            // A dry run also says what the new service needs and how to take it back.
            let impact = dryRun ? ImpactAnalysis(adding: plan.blueprint, context: context, host: host) : nil
            return ((plan, context.registry, impact), plan.changes)
        }
        let (plan, registry, impact) = outcome.plan
        let blueprint = plan.blueprint
        let summary = "\(dryRun ? "Would add" : "Added") \(blueprint.name) to \(blueprint.app): port \(blueprint.port) → \(blueprint.internalPort) in \(blueprint.composeFile)."
        var fields = [
            JSONMember("service", .string(blueprint.name)), JSONMember("app", .string(blueprint.app)),
            JSONMember("port", .int(blueprint.port)), JSONMember("compose_file", .string(blueprint.composeFile)),
        ]
        if plan.reusedAllocation { fields.append(JSONMember("reused_allocation", .bool(true))) }
        return EditReports.change(
            command: "add-service", summary: summary, fields: fields, changes: outcome.changes, dryRun: dryRun,
            notes: plan.notes, registry: registry, workspace: workspace.root, impact: impact.map(ImpactPayload.init)
        ).recorded(outcome)
    }
}
