import Dispatch
import Synchronization

/// Compose files parsed, or whole projects loaded, on a second core while the registry is
/// still being read.
///
/// Which compose files a workspace has is known only once the registry is read, and reading
/// it is a third of validate's serial time. The registry's text names them plainly
/// (`compose_file: apps/x/docker-compose.yml`), so a byte scan of it is a good guess: the
/// files it names are read and parsed meanwhile. The guess only decides what is parsed
/// early, never what is loaded: the loader asks for the files the registry really names,
/// takes a parsed tree when one is ready and reads the file itself otherwise (a file the
/// prefetch could not read or parse is left to the loader, which reports it as always).
///
/// When the registry names no overlays, each file is a whole project, so the prefetch loads
/// it as `ComposeLoader` would (loading is a function of the workspace and the files alone);
/// the workspace loader takes such a project only for a project of exactly that one file, and
/// only a project that loaded: a failure is loaded again by the loader, which reports it at
/// the registry entry that names the file.
public final class ComposePrefetch: Sendable {
    private enum State {
        /// Being read and parsed by the prefetch; the loader parses it itself rather than wait.
        case parsing
        case parsed(YAMLNode)
        /// Loaded whole, as the only file of its project.
        case loaded(ComposeProject)
        /// Handed to a loader, or left to it.
        case taken
    }

    private let states = Mutex<[String: State]>([:])
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchGroup()

    /// Starts parsing, on a thread of its own, the compose files `workspace`'s registry text
    /// names (none when it cannot be read).
    public static func start(_ workspace: Workspace) -> ComposePrefetch {
        let prefetch = ComposePrefetch()
        prefetch.done.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            defer { prefetch.done.leave() }
            guard let text = try? workspace.files.text(of: workspace.registryPath) else { return }
            let loadsProjects = text.firstRange(ofText: "compose_overlays") == nil
            for file in composeFiles(namedIn: text) {
                guard !prefetch.stopped.load(ordering: .relaxed), prefetch.claim(file) else { continue }
                if loadsProjects {
                    let project = try? ComposeLoader(workspace: workspace).load([file])
                    prefetch.states.withLock { $0[file] = project.map(State.loaded) ?? .taken }
                } else {
                    let tree = ComposeDocumentLoader.tree(of: file, in: workspace)
                    prefetch.states.withLock { $0[file] = tree.map(State.parsed) ?? .taken }
                }
            }
        }
        return prefetch
    }

    /// The parsed tree of `file` when the prefetch has one; the file is the caller's from then
    /// on (the prefetch skips it if it has not started it).
    func take(_ file: String) -> YAMLNode? {
        states.withLock { states in
            switch states[file] {
            case .parsed(let tree):
                states[file] = .taken
                return tree
            case .parsing, .taken, .loaded:
                return nil
            case nil:
                states[file] = .taken
                return nil
            }
        }
    }

    /// The project of `files` when the prefetch loaded it: a project of that one file only. It
    /// is the caller's from then on.
    func project(of files: [String]) -> ComposeProject? {
        guard files.count == 1, let file = files.first else { return nil }
        return states.withLock { states in
            guard case .loaded(let project) = states[file] else { return nil }
            states[file] = .taken
            return project
        }
    }

    /// Stops after the file being parsed now and waits for it: once the loaders run on every
    /// core, parsing ahead only competes with them.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        done.wait()
    }

    /// Waits until every file named has been parsed or left (tests).
    func waitUntilDone() { done.wait() }

    private func claim(_ file: String) -> Bool {
        states.withLock { states in
            guard states[file] == nil else { return false }
            states[file] = .parsing
            return true
        }
    }

    /// The values of `compose_file:` in `text`, normalised, first mention first: block or flow
    /// style, quoted or not. Anything else that names a file (an anchor, a multi-line scalar)
    /// is simply not prefetched.
    static func composeFiles(namedIn text: String) -> [String] {
        var files: [String] = []
        var seen: Set<String> = []
        var rest = text[...]
        while let key = rest.firstRange(ofText: "compose_file:") {
            // On bytes: a CRLF line end is one Character, and its CR ends the value.
            let end = rest.utf8[key.upperBound...].firstIndex(where: endsValue) ?? rest.endIndex
            var value = rest[key.upperBound..<end].trimmingSpaces()
            rest = rest[end...]
            if let quote = value.first, quote == "\"" || quote == "'" {
                value = value.count >= 2 && value.last == quote ? String(value.dropFirst().dropLast()) : ""
            }
            if let path = WorkspacePath.normalize(value), !path.isEmpty, seen.insert(path).inserted {
                files.append(path)
            }
        }
        return files
    }

    private static func endsValue(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: ",")
            || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "#")
    }
}
