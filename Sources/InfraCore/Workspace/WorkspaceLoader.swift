import Foundation

/// Reads a whole workspace into a `ValidationContext`: the registry, one compose project per
/// registry compose file (base plus every overlay its services name), proposed compose files,
/// the infrastructure document, and the Traefik configuration and certificates they reference.
public struct WorkspaceLoader: Sendable {
    public let workspace: Workspace

    /// Where the human documentation lives.
    public static let infrastructureDocument = ".dev/infra/infrastructure.md"

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Loads everything; every input problem of every file is thrown together. `now` is the
    /// date certificates are checked against; without `traefik` the Traefik configuration and
    /// certificates are not read (for commands that only need ports and services).
    public func load(proposed: [String] = [], now: Date = Date(), traefik: Bool = true) throws(InputErrors) -> ValidationContext {
        // The compose files the registry names are parsed on a second core while it is read.
        let prefetch = ComposePrefetch.start(workspace)
        let read = Result { () throws(InputErrors) in try RegistryLoader(workspace: workspace).load() }
        prefetch.stop()
        let registry = try read.get()
        let loader = ComposeLoader(workspace: workspace, prefetched: prefetch)
        var errors: [InputError] = []
        var projects: [ComposeProject] = []

        // A compose file the registry names but nobody has written yet is a registry finding
        // (REG001), not an unreadable input.
        let groups = Self.projectGroups(registry).filter { workspace.files.exists($0.files[0]) }
        let loaded = groups.concurrentMap { group -> Result<ComposeProject, InputErrors> in
            let files = [group.files[0]] + group.files.dropFirst().filter { workspace.files.exists($0) }
            if let project = prefetch.project(of: files) { return .success(project) }
            do throws(InputErrors) {
                return .success(try loader.load(files, referencedAt: group.reference))
            } catch {
                return .failure(error)
            }
        }
        for outcome in loaded {
            switch outcome {
            case .success(let project): projects.append(project)
            case .failure(let failure): errors.append(contentsOf: failure.errors)
            }
        }

        var proposedFiles: [String] = []
        for file in proposed {
            guard let path = WorkspacePath.normalize(file), !path.isEmpty else {
                errors.append(InputError(file: file, message: "path \(file) leaves the workspace"))
                continue
            }
            proposedFiles.append(path)
            let overlays = projects.first { $0.file == path }.map { Array($0.files.dropFirst()) } ?? []
            do {
                let project = try loader.load([path] + overlays)
                projects.removeAll { $0.file == path }
                projects.append(project)
            } catch {
                errors.append(contentsOf: error.errors)
            }
        }

        var document: String?
        do {
            document = try workspace.readIfPresent(Self.infrastructureDocument, referencedAt: nil)
        } catch {
            errors.append(error)
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        var context = ProposedChange.apply(to: ValidationContext(
            registry: registry, projects: projects, proposedFiles: proposedFiles,
            infrastructureDocument: document, files: workspace.files, now: now))
        if traefik { context.traefik = try TraefikLoader(files: workspace.files, workspaceRoot: workspace.root).load(context) }
        return context
    }

    /// A base compose file with the overlays its services name, in order of first mention, and
    /// the registry entry that first names it.
    struct ProjectGroup: Sendable {
        var files: [String]
        var reference: SourceLocation
    }

    static func projectGroups(_ registry: Registry) -> [ProjectGroup] {
        var groups: [ProjectGroup] = []
        var groupOfFile: [String: Int] = [:]
        for service in registry.services {
            if let index = groupOfFile[service.composeFile] {
                for overlay in service.composeOverlays where !groups[index].files.contains(overlay) {
                    groups[index].files.append(overlay)
                }
            } else {
                groupOfFile[service.composeFile] = groups.count
                groups.append(ProjectGroup(files: service.composeFiles, reference: service.location(of: "compose_file")))
            }
        }
        return groups
    }
}
