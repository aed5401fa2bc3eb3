@testable import InfraCore
import Testing

@Suite("Service inventory")
struct ServiceInventoryTests {
    static let document = """
        # AXIOM

        ```markdown
        ## Service Inventory
        | fake | row |
        |---|---|
        ```

        ## Service Inventory

        Every service of the registry.

        | Service | App | Ports \\| protocol | Notes |
        |---|:---:|---|---|
        | forge-postgres | forge | 5433 \\| tcp | |
        | `forge-redis` | forge | 3379 | cache |
        | **[traefik](https://traefik.io)** | forge | 80, 443 | |
        | — | | | placeholder |

        ### Details

        Text.

        ## Operations
        """

    @Test func readsTheSectionTableAndRows() throws {
        let inventory = try #require(ServiceInventory.parse(Self.document))
        #expect(inventory.headingLine == 9)
        #expect(inventory.sectionEndLine == 22)
        let table = try #require(inventory.table)
        #expect(table.columns == ["Service", "App", "Ports | protocol", "Notes"])
        #expect(table.headerLine == 13)
        #expect(table.delimiterLine == 14)
        #expect(table.rows.map(\.line) == [15, 16, 17, 18])
        #expect(table.rows.map(\.service) == ["forge-postgres", "forge-redis", "traefik", ""])
        #expect(table.rows[0].cells == ["forge-postgres", "forge", "5433 | tcp", ""])
        #expect(table.rows[1].serviceColumn == 3)
        #expect(table.insertionLine == 19)
        #expect(inventory.services == ["forge-postgres", "forge-redis", "traefik"])
        #expect(inventory.row(for: "traefik")?.line == 17)
    }

    @Test func noSectionOrNoTable() throws {
        #expect(ServiceInventory.parse("# Title\n\n## Services\n\n| a |\n|---|\n") == nil)
        let empty = try #require(ServiceInventory.parse("## service inventory ##\r\n\r\nTo do.\r\n"))
        #expect(empty.headingLine == 1)
        #expect(empty.table == nil)
        #expect(empty.sectionEndLine == 3)
    }

    @Test func tableWithoutOuterPipesAndWithoutRows() throws {
        let inventory = try #require(ServiceInventory.parse("## Service Inventory\nService | App\n--- | ---\n"))
        #expect(inventory.table?.columns == ["Service", "App"])
        #expect(inventory.table?.rows.isEmpty == true)
        #expect(inventory.table?.insertionLine == 4)
    }

    /// A cell's column counts Unicode scalars; only ASCII blanks move it, other spaces are
    /// trimmed from the text; `\\|` is a pipe in the text; text after the last pipe is a cell.
    @Test func cellsKeepTheirColumnsAndTrimUnicodeSpaces() {
        let cells = ServiceInventory.cells(of: "  | é | \u{A0}x\u{A0} | a \\| b |")
        #expect(cells.map(\.text) == ["é", "x", "a | b"])
        #expect(cells.map(\.column) == [5, 9, 15])
        let open = ServiceInventory.cells(of: "a | b ")
        #expect(open.map(\.text) == ["a", "b"])
        #expect(open.map(\.column) == [1, 5])
        #expect(ServiceInventory.cells(of: "| a |  ").map(\.text) == ["a"])
    }

    @Test func writesRowsInTheTablesColumns() {
        let location = InfraCore.SourceLocation(file: ".dev/infra/registry.yml", line: 1, column: 1)
        let registry = Registry(
            file: ".dev/infra/registry.yml",
            allocations: [Registry.PortAllocation(port: 5433, service: "forge-postgres", app: "forge", description: "PostgreSQL | all apps", location: location)],
            services: [Registry.Service(
                name: "forge-postgres", app: "forge", type: .database, ports: [Located(5433, at: location)],
                networks: [Located("forge-network", at: location)], composeFile: "forge/docker-compose.yml", location: location)])
        let service = registry.services[0]
        #expect(ServiceInventory.row(for: service, in: registry) ==
            "| forge-postgres | forge | database | 5433 | forge-network | forge/docker-compose.yml | PostgreSQL \\| all apps |")
        #expect(ServiceInventory.row(for: service, in: registry, columns: ["Name", "Owner", "Type"]) == "| forge-postgres |  | database |")
        let section = ServiceInventory.section(for: [service], in: registry)
        let parsed = ServiceInventory.parse(section)
        #expect(parsed?.services == ["forge-postgres"])
        #expect(parsed?.table?.columns == ServiceInventory.standardColumns)
    }
}
