/// Keeps the `## Service Inventory` table of infrastructure.md in step with the registry one
/// row at a time: a new row after the app's last row (or at the end of the table), a removed
/// row taken out. The rest of the document is left alone.
public struct InventoryEditor: Sendable {
    public private(set) var text: String
    public let file: String

    public init(text: String, file: String = WorkspaceLoader.infrastructureDocument) {
        self.text = text
        self.file = file
    }

    /// Whether the document has an inventory table to edit.
    public var hasTable: Bool { ServiceInventory.parse(text)?.table != nil }

    /// Adds the row of `service` (its cells from `registry`, in the table's own columns).
    /// A document without the table is an error: the caller decides whether to skip it.
    public mutating func addRow(for service: Registry.Service, in registry: Registry) throws(EditError) {
        guard let inventory = ServiceInventory.parse(text), let table = inventory.table else {
            throw EditError("\(file) has no table under `## \(ServiceInventory.heading)`")
        }
        if inventory.row(for: service.name) != nil { return }
        let appColumn = table.columns.firstIndex { ["app", "application"].contains($0.lowercased()) }
        let line: Int
        if let appColumn, let last = table.rows.last(where: { row in
            row.cells.indices.contains(appColumn) && ServiceInventory.plain(row.cells[appColumn]) == service.app
        }) {
            line = last.line + 1
        } else {
            line = table.insertionLine
        }
        var buffer = LineBuffer(text)
        buffer.insert([ServiceInventory.row(for: service, in: registry, columns: table.columns)], before: line)
        text = buffer.text
    }

    /// Removes the row naming `service`, if there is one.
    public mutating func removeRow(for service: String) {
        guard let row = ServiceInventory.parse(text)?.row(for: service) else { return }
        var buffer = LineBuffer(text)
        buffer.remove(row.line...row.line)
        text = buffer.text
    }
}
