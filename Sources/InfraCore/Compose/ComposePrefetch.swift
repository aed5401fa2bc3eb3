import Dispatch
import Synchronization

/// Compose files parsed on a second core while the registry is still being read.
///
/// Which compose files a workspace has is known only once the registry is read, and reading
/// it is a third of validate's serial time. The registry's text names them plainly
/// (`compose_file: apps/x/docker-compose.yml`), so a byte scan of it is a good guess: the
/// files it names are read and parsed meanwhile. The guess only decides what is parsed
/// early, never what is loaded: the loader asks for the files the registry really names,
/// takes a parsed tree when one is ready and reads the file itself otherwise (a file the
/// prefetch could not read or parse is left to the loader, which reports it as always).
public final class ComposePrefetch: Sendable {
    private enum State {
        /// Being read and parsed by the prefetch; the loader parses it itself rather than wait.
        case parsing
        case parsed(YAMLNode)
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
            for file in composeFiles(namedIn: text) {
                guard !prefetch.stopped.load(ordering: .relaxed), prefetch.claim(file) else { continue }
                let tree = (try? workspace.read(file, referencedAt: nil)).flatMap { try? YAMLParser.parse($0, file: file) }
                prefetch.states.withLock { $0[file] = tree.map(State.parsed) ?? .taken }
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
            case .parsing, .taken:
                return nil
            case nil:
                states[file] = .taken
                return nil
            }
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
        let key = Array("compose_file:".utf8)
        var files: [String] = []
        var seen: Set<String> = []
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index + key.count <= bytes.count {
                guard bytes[index] == key[0], bytes[index..<index + key.count].elementsEqual(key) else {
                    index += 1
                    continue
                }
                index += key.count
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
                var end = index
                while end < bytes.count, !Self.endsValue(bytes[end]) { end += 1 }
                var value = String(decoding: bytes[index..<end], as: UTF8.self)
                while value.last == " " { value.removeLast() }
                if let first = value.first, first == "\"" || first == "'" {
                    value = value.count >= 2 && value.last == first ? String(value.dropFirst().dropLast()) : ""
                }
                if let path = WorkspacePath.normalize(value), !path.isEmpty, seen.insert(path).inserted {
                    files.append(path)
                }
                index = end
            }
        }
        return files
    }

    private static func endsValue(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: ",")
            || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "#")
    }
}
