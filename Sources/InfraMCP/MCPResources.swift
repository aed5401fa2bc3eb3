import InfraCore
import MCP

/// The documents the server offers to read: the registry, infrastructure.md, CHANGELOG.md and
/// the rule catalogue. Files are read afresh on every read, secrets masked.
public enum MCPResources {
    /// One resource: where it comes from and how it is described.
    public struct Entry: Sendable {
        public var uri: String
        public var name: String
        public var title: String
        public var description: String
        public var mimeType: String
        /// The text, read now.
        public var read: @Sendable (Workspace) throws -> String
    }

    public static let registryURI = "infractl://registry"
    public static let infrastructureURI = "infractl://infrastructure.md"
    public static let changelogURI = "infractl://changelog"
    public static let rulesURI = "infractl://rules"

    public static let all: [Entry] = [
        Entry(
            uri: registryURI, name: "registry", title: "Infrastructure registry",
            description: "The registry (.dev/infra/registry.yml): apps and port ranges, port allocations, services, networks, startup order, rule settings.",
            mimeType: "application/yaml"
        ) { workspace in try workspace.read(workspace.registryPath, referencedAt: nil) },
        Entry(
            uri: infrastructureURI, name: "infrastructure.md", title: "Infrastructure document",
            description: "The platform's human documentation (.dev/infra/infrastructure.md) with its service inventory.",
            mimeType: "text/markdown"
        ) { workspace in try workspace.read(WorkspaceLoader.infrastructureDocument, referencedAt: nil) },
        Entry(
            uri: changelogURI, name: "CHANGELOG.md", title: "Infrastructure changelog",
            description: "The infrastructure changelog (.dev/infra/CHANGELOG.md): every change add-service and remove-service made.",
            mimeType: "text/markdown"
        ) { workspace in try workspace.read(AddService.changelog, referencedAt: nil) },
        Entry(
            uri: rulesURI, name: "rules", title: "Rule catalogue",
            description: "Every static rule and live check: id, default severity and summary. `explain_rule` gives one in full.",
            mimeType: "text/plain"
        ) { _ in RuleCatalogText.list(RuleCatalog.descriptions) },
    ]

    /// The resources as `resources/list` shows them.
    public static var declarations: [Resource] {
        all.map { Resource(name: $0.name, uri: $0.uri, title: $0.title, description: $0.description, mimeType: $0.mimeType) }
    }

    /// The contents of the resource at `uri`, from the workspace's committed state (as every
    /// command that only reads); an unknown URI or an unreadable file is an invalid-parameters
    /// error with the CLI's message.
    public static func read(_ uri: String, workspace: Workspace) throws -> ReadResource.Result {
        guard let entry = all.first(where: { $0.uri == uri }) else {
            throw MCPError.invalidParams("unknown resource \(uri); the server has \(all.map(\.uri).joined(separator: ", "))")
        }
        let text: String
        do {
            text = try EditSession(workspace: workspace).reading { try entry.read($0) }.value
        } catch {
            throw MCPError.invalidParams(SecretMasker().mask(ToolError.message(for: error)))
        }
        return ReadResource.Result(contents: [.text(SecretMasker().mask(text), uri: uri, mimeType: entry.mimeType)])
    }
}
