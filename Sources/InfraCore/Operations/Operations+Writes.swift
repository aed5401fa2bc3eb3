extension Operations {
    /// `ports allocate`: the lowest port of the app's range free in the registry, in every
    /// compose file and on this host, written under the lock, all or nothing.
    public func allocatePort(_ request: PortAllocateRequest) async throws -> Report {
        let workspace = self.workspace, invocation = self.invocation
        let host = hostPorts
        let outcome = try await Blocking.run {
            try EditSession(workspace: workspace, command: invocation).perform(validate: false) { workspace, context in
                try context.registry.resolveApps([request.app], declared: true)
                let allocation = try PortEditing.allocate(
                    app: request.app, service: request.service, type: request.type, internalPort: request.internalPort,
                    in: workspace, context: context, host: host(true))
                return (PortReports.allocated(allocation, registry: context.registry, workspace: workspace.root), allocation.changes)
            }
        }
        return outcome.plan.recorded(outcome)
    }

    /// `ports release`: a port's allocation removed from the registry.
    public func releasePort(_ port: Int, dryRun: Bool = false) async throws -> Report {
        let workspace = self.workspace, invocation = self.invocation
        let outcome = try await Blocking.run {
            try EditSession(workspace: workspace, command: invocation).perform(dryRun: dryRun, validate: false) { workspace, context in
                let (allocation, changes) = try PortEditing.release(port, in: workspace, context: context)
                guard dryRun else { return (PortReports.released(allocation, registry: context.registry, workspace: workspace.root), changes) }
                // A dry run gives the diff and what still mentions the port once it is released.
                let mentions = ImpactAnalysis.mentions(ofPort: port, context: context)
                    .filter { !($0.location.file == context.registry.file && $0.location.line == allocation.location.line) }
                let report = EditReports.change(
                    command: "ports release",
                    summary: "Would release port \(port) (allocated to \(allocation.service), app \(allocation.app)) from \(context.registry.file).",
                    fields: [JSONMember("port", .int(port)), JSONMember("service", .string(allocation.service)), JSONMember("app", .string(allocation.app))],
                    changes: changes, dryRun: true,
                    notes: mentions.map { "port \(port) is still mentioned at \($0.location.file):\($0.location.line): \($0.text)" },
                    registry: context.registry, workspace: workspace.root)
                return (report, changes)
            }
        }
        return outcome.plan.recorded(outcome)
    }

    /// `add-service`: port, compose service, registry entry, inventory row and changelog entry,
    /// validated first, all or nothing; a dry run gives the diff and writes nothing.
    public func addService(_ request: AddServiceRequest, dryRun: Bool) async throws -> Report {
        let workspace = self.workspace, date = today(), host = hostPorts, invocation = self.invocation
        return try await Blocking.run {
            try AddService.perform(request, in: workspace, dryRun: dryRun, date: date, host: { host(true) }, command: invocation)
        }
    }

    /// `remove-service`: the compose service (base file and overlays), registry entry and
    /// ports, inventory row, and a changelog entry, validated first, all or nothing.
    public func removeService(_ request: RemoveServiceRequest) async throws -> Report {
        let workspace = self.workspace, date = today(), hostPorts = self.hostPorts, invocation = self.invocation
        let outcome = try await Blocking.run {
            try EditSession(workspace: workspace, command: invocation).perform(dryRun: request.dryRun, validate: true) { workspace, context in
                _ = try context.registry.resolveServices([request.name])
                let plan = try RemoveService.plan(request.name, in: workspace, context: context, date: date)
                // A dry run also says what the removal would touch.
                let impact = request.dryRun
                    ? try ImpactAnalysis(targets: [request.name], change: .remove, context: context, host: hostPorts(false)) : nil
                return ((plan, context.registry, impact), plan.changes)
            }
        }
        let (plan, registry, impact) = outcome.plan
        let ports = plan.ports.isEmpty ? "" : ", releasing port\(plan.ports.count == 1 ? "" : "s") \(plan.ports.map(String.init).joined(separator: ", "))"
        let summary = "\(request.dryRun ? "Would remove" : "Removed") \(plan.service.name) from \(plan.service.app)\(ports)."
        return EditReports.change(
            command: "remove-service", summary: summary,
            fields: [
                JSONMember("service", .string(plan.service.name)), JSONMember("app", .string(plan.service.app)),
                JSONMember("ports", .array(plan.ports.map(JSONValue.int))),
            ],
            changes: outcome.changes, dryRun: request.dryRun, notes: plan.notes, registry: registry, workspace: workspace.root,
            impact: impact.map(ImpactPayload.init)
        ).recorded(outcome)
    }
}
