/// Loads Compose files into a located `ComposeProject`, following the Compose Specification
/// and compose-go: interpolation, `extends`, `include`, overlays merged in order, env files.
public struct ComposeLoader: Sendable {
    public let workspace: Workspace
    /// Compose files parsed ahead (`ComposePrefetch`), taken instead of parsing them again.
    let prefetched: ComposePrefetch?

    public init(workspace: Workspace, prefetched: ComposePrefetch? = nil) {
        self.workspace = workspace
        self.prefetched = prefetched
    }

    /// Loads a base compose file with its overlays merged over it in order, as
    /// `docker compose -f base -f overlay…` does. Paths are workspace-relative.
    public func load(_ files: [String], referencedAt location: SourceLocation? = nil) throws(InputErrors) -> ComposeProject {
        var paths: [String] = []
        var errors: [InputError] = []
        for file in files {
            guard let path = WorkspacePath.normalize(file), !path.isEmpty else {
                errors.append(location.map { InputError($0, "path \(file) leaves the workspace") } ?? InputError(file: file, message: "path \(file) leaves the workspace"))
                continue
            }
            paths.append(path)
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        guard let base = paths.first else {
            throw InputErrors([location.map { InputError($0, "no compose file given") } ?? InputError(file: "", message: "no compose file given")])
        }
        let directory = WorkspacePath.directory(of: base)
        var documents = ComposeDocumentLoader(workspace: workspace, prefetched: prefetched)
        let variables = documents.settingProjectName(documents.variables(directory: directory), files: paths, directory: directory)
        let tree = documents.load(paths, directory: directory, variables: variables, referencedAt: location)
        guard documents.errors.isEmpty, let tree else { throw InputErrors(documents.errors) }
        var reader = ComposeModelReader(workspace: workspace, relativeBase: documents.relativeBase, projectDirectory: directory, variables: variables)
        var project = reader.read(tree, files: paths)
        project.variableReferences = documents.references
        errors = reader.errors
        if errors.isEmpty { errors = ComposeProjectValidator.problems(in: project) }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return project
    }

    /// The files merged into one tree, as `load` reads it before building the model:
    /// interpolated, `extends` and `include` resolved, overlays merged; with the folder each
    /// file's relative paths start from. `StackFile` renders a stack from it.
    public func mergedTree(_ files: [String]) throws(InputErrors) -> (tree: YAMLNode, relativeBase: [String: String]) {
        let paths = files.compactMap { WorkspacePath.normalize($0) }
        guard paths.count == files.count, let base = paths.first else {
            throw InputErrors([InputError(file: files.first ?? "", message: "compose files \(files.joined(separator: ", ")) leave the workspace")])
        }
        let directory = WorkspacePath.directory(of: base)
        var documents = ComposeDocumentLoader(workspace: workspace)
        let variables = documents.settingProjectName(documents.variables(directory: directory), files: paths, directory: directory)
        let tree = documents.load(paths, directory: directory, variables: variables, referencedAt: nil)
        guard documents.errors.isEmpty, let tree else { throw InputErrors(documents.errors) }
        return (tree, documents.relativeBase)
    }
}
