import Foundation
import Testing
@testable import InfraCore

@Suite("Compose files parsed ahead of the loader")
struct ComposePrefetchTests {
    @Test func namesTheComposeFilesOfBlockAndFlowEntriesOnce() {
        let registry = """
            services:
              - name: forge-postgres
                compose_file: forge/docker-compose.yml   # the base
              - { name: nexus-api, compose_file: "apps/nexus/docker-compose.yml", tier: 3 }
              - { name: nexus-web, compose_file: 'apps/nexus/docker-compose.yml' }
              - name: atlas
                compose_file: ./apps/atlas/../atlas/compose.yml\r
              - name: outside
                compose_file: ../elsewhere/compose.yml
              - name: unnamed
                compose_file:
              - name: tabbed
                compose_file:\tforge/docker-compose.tools.yml\t# a tab before the comment
            """
        #expect(ComposePrefetch.composeFiles(namedIn: registry) == [
            "forge/docker-compose.yml", "apps/nexus/docker-compose.yml", "apps/atlas/compose.yml",
            "forge/docker-compose.tools.yml",
        ])
    }

    /// The loader with files parsed ahead reads exactly what it reads without them, for files
    /// the guess named and files it missed (an overlay) alike.
    @Test func aPrefetchedWorkspaceLoadsAsTheSameContext() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prefetch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try AxiomExample.write(to: directory)
        let workspace = try Workspace.locate(from: directory)
        let prefetch = ComposePrefetch.start(workspace)
        prefetch.waitUntilDone()
        let registry = try RegistryLoader(workspace: workspace).load()
        for group in WorkspaceLoader.projectGroups(registry) {
            let files = group.files.filter { workspace.files.exists($0) }
            let ahead = try ComposeLoader(workspace: workspace, prefetched: prefetch).load(files)
            let plain = try ComposeLoader(workspace: workspace).load(files)
            #expect(Self.canonical(ahead) == Self.canonical(plain), "\(files)")
            #expect(ahead.services.map(\.fieldLocations) == plain.services.map(\.fieldLocations), "\(files)")
        }
        // Every compose file the registry names was parsed ahead, and is handed out once.
        let again = ComposePrefetch.start(workspace)
        again.waitUntilDone()
        for file in Set(registry.services.map(\.composeFile)) {
            #expect(again.take(file) != nil, "\(file) not parsed ahead")
            #expect(again.take(file) == nil, "\(file) handed out twice")
        }
    }

    /// Without overlays in the registry each file is a project, loaded whole ahead: each is the
    /// project the loader makes of that file, handed out once, and validation reads the same.
    @Test func projectsLoadedAheadAreTheLoadersOwn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prefetch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try AxiomExample.write(to: directory)
        let registryPath = directory + "/.dev/infra/registry.yml"
        let registryText = try String(contentsOfFile: registryPath, encoding: .utf8)
        let withoutOverlays = registryText.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("compose_overlays") }.joined(separator: "\n")
        #expect(withoutOverlays != registryText)
        try withoutOverlays.write(toFile: registryPath, atomically: true, encoding: .utf8)
        let workspace = try Workspace.locate(from: directory)
        let prefetch = ComposePrefetch.start(workspace)
        prefetch.waitUntilDone()
        let registry = try RegistryLoader(workspace: workspace).load()
        let files = Set(registry.services.map(\.composeFile)).sorted()
        #expect(files.count > 3)
        for file in files {
            let ahead = try #require(prefetch.project(of: [file]), "\(file) not loaded ahead")
            let plain = try ComposeLoader(workspace: workspace).load([file])
            #expect(Self.canonical(ahead) == Self.canonical(plain), "\(file)")
            #expect(ahead.services.map(\.fieldLocations) == plain.services.map(\.fieldLocations), "\(file)")
            #expect(prefetch.project(of: [file]) == nil, "\(file) handed out twice")
            #expect(prefetch.take(file) == nil, "\(file) also handed out as a tree")
        }
        #expect(prefetch.project(of: [files[0], files[1]]) == nil)
        let findings = try Validator(workspace: workspace).validate().findings
        let unprefetched = try Validator(workspace: workspace).run(Self.contextWithoutPrefetch(workspace, registry))
        #expect(findings == unprefetched)
    }

    /// The workspace's context loaded project by project by the plain loader.
    static func contextWithoutPrefetch(_ workspace: Workspace, _ registry: Registry) throws -> ValidationContext {
        let projects = try WorkspaceLoader.projectGroups(registry).filter { workspace.files.exists($0.files[0]) }
            .map { try ComposeLoader(workspace: workspace).load($0.files.filter { workspace.files.exists($0) }) }
        let document = try workspace.readIfPresent(WorkspaceLoader.infrastructureDocument, referencedAt: nil)
        var context = ValidationContext(registry: registry, projects: projects, infrastructureDocument: document, files: workspace.files)
        context.traefik = try TraefikLoader(files: workspace.files, workspaceRoot: workspace.root).load(context)
        return context
    }

    /// The project as text, its dictionaries left out (their order differs between two equal
    /// ones); they are compared on their own.
    static func canonical(_ project: ComposeProject) -> String {
        var project = project
        for index in project.services.indices { project.services[index].fieldLocations = [:] }
        var text = ""
        dump(project, to: &text)
        return text
    }

    /// A file the prefetch cannot parse is left to the loader, which reports it as always.
    @Test func aBrokenFileIsReportedByTheLoader() throws {
        let files = MemoryFileSource([
            ".dev/infra/registry.yml": "services:\n  - { name: a, compose_file: app/compose.yml }\n",
            "app/compose.yml": "services:\n  a: [unclosed\n",
        ])
        let workspace = Workspace(root: "/mem", files: files, environment: [:])
        let prefetch = ComposePrefetch.start(workspace)
        prefetch.waitUntilDone()
        do {
            _ = try ComposeLoader(workspace: workspace, prefetched: prefetch).load(["app/compose.yml"])
            Issue.record("a file that does not parse was loaded")
        } catch {
            let plain = #expect(throws: InputErrors.self) { try ComposeLoader(workspace: workspace).load(["app/compose.yml"]) }
            #expect(error.errors == plain?.errors)
            #expect(error.errors.first?.file == "app/compose.yml")
            #expect(error.errors.first?.line != nil, "\(error.errors)")
        }
    }
}
