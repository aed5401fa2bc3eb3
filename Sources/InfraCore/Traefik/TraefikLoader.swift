/// Builds the `TraefikSetup` of every Traefik service in the loaded compose projects: reads its
/// static file (if any), the dynamic files its file provider loads, the configuration files it
/// mounts, and the certificates they name, all from workspace files reached through the
/// service's bind mounts. Nothing outside the workspace is read.
public struct TraefikLoader: Sendable {
    public let files: any FileSource
    /// The workspace root on disk, to recognise absolute bind sources inside it.
    public let workspaceRoot: String

    /// Where Traefik looks for its static file when `--configFile` is not given.
    public static let defaultStaticFiles = ["/etc/traefik/traefik.yml", "/etc/traefik/traefik.yaml", "/etc/traefik/traefik.toml"]

    public init(files: any FileSource, workspaceRoot: String) {
        self.files = files
        self.workspaceRoot = workspaceRoot
    }

    /// The Traefik services of `context`; a configuration file that Traefik loads but that does
    /// not parse is an input error.
    public func load(_ context: ValidationContext) throws(InputErrors) -> [TraefikSetup] {
        var setups: [TraefikSetup] = []
        var errors: [InputError] = []
        for entry in context.entries where Self.isTraefik(entry) {
            do {
                setups.append(try setup(entry, context: context))
            } catch {
                errors.append(contentsOf: error.errors)
            }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return setups
    }

    /// A service runs Traefik when its image names Traefik, or when the registry calls it a
    /// proxy and its image (if any) is no other known proxy and its command reads as Traefik's.
    public static func isTraefik(_ entry: ValidationContext.Entry) -> Bool {
        if TraefikCommand.runsTraefik(entry.service) { return true }
        guard entry.registered?.type == .proxy else { return false }
        let image = entry.service.image?.lowercased() ?? ""
        if ["nginx", "caddy", "haproxy", "envoy", "apache", "httpd"].contains(where: image.includes) { return false }
        let options = TraefikCommand(entry.service)?.options.keys ?? [:].keys
        return image.isEmpty || options.contains { $0.hasPrefix("providers.") || $0.hasPrefix("entrypoints.") }
    }

    private func setup(_ entry: ValidationContext.Entry, context: ValidationContext) throws(InputErrors) -> TraefikSetup {
        let service = entry.service
        let mounts = TraefikMounts(mounts: service.volumes, projectDirectory: entry.project.directory, workspaceRoot: workspaceRoot)
        var errors: [InputError] = []
        let staticConfiguration: TraefikStaticConfiguration
        do {
            staticConfiguration = try readStatic(service, mounts: mounts)
        } catch {
            throw InputErrors([error])
        }

        var loaded: [TraefikDynamicFile] = []
        for file in providerFiles(staticConfiguration, mounts: mounts) {
            do {
                loaded.append(try dynamicFile(file.workspace, containerPath: file.container, mounts: mounts))
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }

        var skip = Set(loaded.map(\.workspacePath))
        if case .file(let path) = staticConfiguration.source { skip.insert(path) }
        var unloaded: [TraefikDynamicFile] = []
        for file in mountedConfigFiles(mounts) where !skip.contains(file.workspace) {
            // A file Traefik never loads may be anything; one that does not parse is not reported.
            guard let dynamic = try? dynamicFile(file.workspace, containerPath: file.container, mounts: mounts),
                  dynamic.hasCertificates else { continue }
            unloaded.append(dynamic)
            skip.insert(file.workspace)
        }

        var routers: [TraefikRouter] = []
        if staticConfiguration.labelProviderEnabled {
            for other in context.entries {
                let enable = other.service.label("traefik.enable")?.value.lowercased()
                guard enable != "false", staticConfiguration.exposedByDefault || enable == "true" else { continue }
                routers += TraefikRouter.fromLabels(
                    other.service.labels, project: other.project.file,
                    service: ValidationContext.platformName(of: other.service), app: other.registered?.app)
            }
        }
        routers += loaded.flatMap(\.routers)

        return TraefikSetup(
            name: ValidationContext.platformName(of: service), app: entry.registered?.app, projectFile: entry.project.file,
            service: service, staticConfiguration: staticConfiguration, mounts: mounts,
            loadedFiles: loaded, unloadedFiles: unloaded, routers: routers)
    }

    // MARK: static configuration

    private func readStatic(_ service: ComposeService, mounts: TraefikMounts) throws(InputError) -> TraefikStaticConfiguration {
        let command = TraefikCommand(service)
        let environment = TraefikStaticConfiguration.options(of: service.environment)
        let configFile = command?.value("configfile") ?? environment["configfile"]?.value
        let candidates = configFile.map { [$0] } ?? Self.defaultStaticFiles
        for candidate in candidates {
            let path = mounts.resolve(candidate)
            switch path.origin {
            case .workspace(let file):
                guard let text = try? files.text(of: file) else { continue }
                let document = try TraefikConfigParser.parse(text, file: file)
                let options = document.map(TraefikStaticConfiguration.options(of:)) ?? [:]
                let location = options["providers"]?.location ?? SourceLocation(file: file, line: 1, column: 1)
                return TraefikStaticConfiguration(source: .file(file), options: options, location: location)
            case .outsideWorkspace, .volume:
                // Traefik may find its static file there, and infractl cannot tell what it says:
                // certain for --configFile or a file mounted in place, likely for a host folder
                // when there are no flags. A named volume at /etc/traefik usually holds state.
                let mountedInPlace = path.mount.map { TraefikMounts.clean($0.target) == path.path } ?? false
                let hasFlags = !(command?.options.isEmpty ?? true)
                if configFile == nil, !mountedInPlace {
                    if case .volume = path.origin { continue }
                    if hasFlags { continue }
                }
                return TraefikStaticConfiguration(
                    source: .unreadable(path.provenance), options: [:], location: service.location(of: "volumes"))
            case .notMounted:
                continue
            }
        }
        if let command, !command.options.isEmpty {
            return TraefikStaticConfiguration(
                source: .command, options: TraefikStaticConfiguration.options(of: command, at: service.location(of: "command")),
                location: service.location(of: "command"))
        }
        if !environment.isEmpty {
            return TraefikStaticConfiguration(source: .environment, options: environment, location: service.location(of: "environment"))
        }
        return TraefikStaticConfiguration(source: .defaults, options: [:], location: service.location)
    }

    // MARK: dynamic configuration

    /// A configuration file in the workspace with the path Traefik sees it at.
    struct MountedFile {
        var workspace: String
        var container: String
    }

    /// The workspace files the file provider loads: its `filename`, or every configuration file
    /// in its `directory` and the folders below.
    private func providerFiles(_ configuration: TraefikStaticConfiguration, mounts: TraefikMounts) -> [MountedFile] {
        if let filename = configuration.fileProviderFilename {
            let path = mounts.resolve(filename.value)
            guard let file = path.workspacePath, files.exists(file) else { return [] }
            return [MountedFile(workspace: file, container: path.path)]
        }
        guard let directory = configuration.fileProviderDirectory else { return [] }
        let path = mounts.resolve(directory.value)
        guard let folder = path.workspacePath else { return [] }
        return configFiles(inFolder: folder, containerFolder: path.path)
    }

    /// Every configuration file the service mounts from the workspace (a mounted file, or the
    /// configuration files of a mounted folder).
    private func mountedConfigFiles(_ mounts: TraefikMounts) -> [MountedFile] {
        var found: [MountedFile] = []
        for mount in mounts.mounts where mount.type == "bind" {
            let path = mounts.resolve(mount.target)
            guard let source = path.workspacePath else { continue }
            if TraefikConfigParser.isConfigFile(source), (try? files.text(of: source)) != nil {
                found.append(MountedFile(workspace: source, container: path.path))
            } else {
                found += configFiles(inFolder: source, containerFolder: path.path)
            }
        }
        return found
    }

    private func configFiles(inFolder folder: String, containerFolder: String) -> [MountedFile] {
        files.files(under: folder).filter(TraefikConfigParser.isConfigFile).map { file in
            let inside = folder.isEmpty ? file : String(file.dropFirst(folder.count + 1))
            return MountedFile(workspace: file, container: containerFolder == "/" ? "/" + inside : "\(containerFolder)/\(inside)")
        }
    }

    private func dynamicFile(_ file: String, containerPath: String, mounts: TraefikMounts) throws(InputError) -> TraefikDynamicFile {
        let text: String?
        do {
            text = try files.text(of: file)
        } catch let located as InputError {
            throw located
        } catch {
            throw InputError(file: file, message: "cannot read \(file): \(error)")
        }
        let document = try TraefikConfigParser.parse(text ?? "", file: file)
        return TraefikDynamicFile(document: document, containerPath: containerPath, workspacePath: file, mounts: mounts, files: files)
    }
}
