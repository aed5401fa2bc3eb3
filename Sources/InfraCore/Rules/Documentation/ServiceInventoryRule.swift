/// DOC001: the service inventory in infrastructure.md lists exactly the registry's services.
public struct ServiceInventoryRule: Rule {
    public static let description = RuleDescription(
        id: "DOC001", name: "service-inventory",
        summary: "The service inventory in infrastructure.md lists every registry service and nothing else",
        message: "{service} is missing from the service inventory",
        rationale: """
            `.dev/infra/infrastructure.md` is where people look first: its `## Service \
            Inventory` table (first column the service name; then app, type, ports, networks, \
            compose file, description) must name every service of the registry, and no service \
            the registry no longer has. A missing service is reported at the line after the \
            table's last row, where its row goes (the fix holds the row, in the table's own \
            columns); a row naming a service the registry does not know is reported at that \
            row ("… is listed in the service inventory but missing from the registry"): remove \
            the row or register the service. Names may be written in backticks, bold or as links. \
            Only the section's first table counts. When the document, the section or its table is \
            missing, one finding says so (at line 1 of the document, or at the section heading) \
            and its fix holds the whole table. `infractl add-service` keeps the table in step; \
            services proposed on the command line and not yet registered are not expected in it.
            """,
        severity: .warning, category: .documentation,
        nonTriggeringExamples: [
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                ".dev/infra/infrastructure.md": """
                    # AXIOM Infrastructure

                    ## Service Inventory

                    | Service | App | Type | Ports |
                    |:--------|-----|------|------:|
                    | forge-postgres | forge | database | 5433 |
                    | `forge-redis` | forge | cache | 3379 |
                    | **[prism-backend](#prism)** | prism | api | 6000 |

                    ### Retired

                    ```
                    | old-service | x |
                    |---|---|
                    ```

                    ## Operations
                    """,
            ]),
            // An exempted service need not be listed.
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: """
                      exemptions:
                        - { services: [prism-backend], rules: [DOC001], reason: Documented in apps/prism/README.md }
                    """),
                ".dev/infra/infrastructure.md": """
                    ## Service Inventory ##
                    Service | App
                    --- | ---
                    forge-postgres | forge
                    forge-redis | forge
                    """,
            ]),
        ],
        triggeringExamples: [
            // prism-backend has no row; forge-elastic has no registry entry.
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                ".dev/infra/infrastructure.md": """
                    # AXIOM Infrastructure

                    ## Service Inventory

                    | Service | App | Type | Ports |
                    |---|---|---|---|
                    | forge-postgres | forge | database | 5433 |
                    | forge-redis | forge | cache | 3379 |
                    | 2️⃣forge-elastic | forge | search | 3920 |
                    1️⃣
                    ## Operations
                    """,
            ]),
            // No inventory section at all: one finding for the whole table.
            RuleExample([
                ".dev/infra/registry.yml": registry(exemptions: ""),
                ".dev/infra/infrastructure.md": """
                    1️⃣# AXIOM Infrastructure

                    ## Services

                    | Service | App |
                    |---|---|
                    | forge-postgres | forge |
                    """,
            ]),
        ])

    private static func registry(exemptions: String) -> String {
        """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          prism: { ports: 6000-6999 }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, compose_file: forge/docker-compose.yml }
              - { name: forge-redis, type: cache, compose_file: forge/docker-compose.yml }
          prism:
            dev:
              - { name: prism-backend, type: api, compose_file: apps/prism/docker-compose.yml }
        rules:
          shared_apps: [forge]
        \(exemptions)
        """
    }

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        let registry = context.registry
        let file = WorkspaceLoader.infrastructureDocument
        // Proposed services are not registered yet, so nobody can have documented them.
        let registered = registry.services.filter(\.origin.isRegistered)
        let known = Set(registry.services.map(\.name))
        let inventory = context.infrastructureDocument.flatMap(ServiceInventory.parse)
        guard let inventory, let table = inventory.table else {
            let expected = registered.filter { !registry.rules.isExempt(rule: Self.description.id, service: $0.name) }
            guard let first = expected.first else { return [] }
            let (reason, location, fix): (String, SourceLocation, Fix)
            if let inventory {
                reason = "The `## \(ServiceInventory.heading)` section of \(file) has no table."
                location = SourceLocation(file: file, line: inventory.headingLine, column: 1)
                let table = ServiceInventory.section(for: expected, in: registry).split(separator: "\n").dropFirst(2).joined(separator: "\n")
                fix = Fix(file: file, line: inventory.headingLine + 1, replace: table, explanation: "Add the inventory table under the heading.")
            } else {
                reason = context.infrastructureDocument == nil ? "\(file) does not exist." : "\(file) has no `## \(ServiceInventory.heading)` section."
                location = SourceLocation(file: file, line: 1, column: 1)
                fix = Fix(file: file, replace: ServiceInventory.section(for: expected, in: registry), explanation: "Add the service inventory section to \(file).")
            }
            var message = "\(first.name) is missing from the service inventory."
            if expected.count == 2 {
                message += " So is \(expected[1].name):"
            } else if expected.count > 2 {
                message += " So are the other \(expected.count - 1) registry services:"
            }
            return [Self.description.finding(
                "\(message) \(reason)", at: location, service: expected.count == 1 ? first.name : nil,
                app: expected.count == 1 ? first.app : nil, evidence: ["Registry services: \(expected.map(\.name).joined(separator: ", "))"],
                fix: fix)]
        }
        var findings: [Finding] = []
        let listed = Set(inventory.services)
        let insertion = SourceLocation(file: file, line: table.insertionLine, column: 1)
        for service in registered where !listed.contains(service.name) {
            findings.append(Self.description.finding(
                "\(service.name) is missing from the service inventory. Add its row to the table in \(file).",
                at: insertion, service: service.name, app: service.app,
                evidence: ["\(service.name) is registered at \(service.location)."],
                fix: Fix(
                    file: file, line: table.insertionLine, replace: ServiceInventory.row(for: service, in: registry, columns: table.columns),
                    explanation: "Add this row after the table's last row (line \(table.insertionLine - 1)).")))
        }
        for row in table.rows where !row.service.isEmpty && !known.contains(row.service) {
            findings.append(Self.description.finding(
                "\(row.service) is listed in the service inventory but missing from the registry.",
                at: SourceLocation(file: file, line: row.line, column: row.serviceColumn), service: row.service,
                evidence: ["No service named \(row.service) in \(registry.file)."],
                fix: Fix(file: file, line: row.line, explanation: "Remove the row, or register \(row.service) in \(registry.file).")))
        }
        return findings
    }
}
