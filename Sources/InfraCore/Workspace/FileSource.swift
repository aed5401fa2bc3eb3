import Foundation

/// Reads the files of a workspace by path relative to its root. The disk is the real source;
/// tests and rule examples use an in-memory one.
public protocol FileSource: Sendable {
    /// The file's text, or `nil` when there is no such file.
    func text(of path: String) throws -> String?
    /// Whether a file or folder exists there.
    func exists(_ path: String) -> Bool
    /// The files in a folder and its subfolders, as paths relative to the root, sorted; empty
    /// when there is no such folder.
    func files(under directory: String) -> [String]
    /// The file's permission bits (`0o600`), or `nil` when unknown.
    func permissions(of path: String) -> Int?
    /// Whether git tracks the file; `nil` when the workspace is not in a git repository (or
    /// git cannot tell).
    func isTrackedByGit(_ path: String) -> Bool?
}

extension FileSource {
    /// No listing: sources that cannot list report no files.
    public func files(under directory: String) -> [String] { [] }
    /// Unknown, for sources without file modes.
    public func permissions(of path: String) -> Int? { nil }
    /// Unknown, for sources outside any repository.
    public func isTrackedByGit(_ path: String) -> Bool? { nil }
}

/// Files on disk under a root folder; refuses to follow links out of it.
public struct DiskFileSource: FileSource {
    /// Absolute, symlink-resolved root.
    public let root: String

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    }

    public func text(of path: String) throws -> String? {
        if let bytes = Self.readInside(root: root, path: path) {
            return try bytes.map { bytes throws(InputError) in try UTF8Text.decode(bytes, file: WorkspacePath.normalize(path) ?? path) }
        }
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: root, isDirectory: true))
        let resolved = url.resolvingSymlinksInPath().path
        guard resolved == root || resolved.hasPrefix(root + "/") else {
            throw WorkspaceError.outsideWorkspace(path)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: resolved))
        return try UTF8Text.decode(Array(data), file: WorkspacePath.normalize(path) ?? path)
    }

    /// The common case in a few system calls: `realpath`, `open`, `fstat`, `read` into one
    /// buffer. `.some(nil)` when there is no such file or it is a folder; `nil` when this path
    /// cannot decide (the file is outside `root`, or cannot be opened or read): the caller then
    /// takes the Foundation path, which reports those cases as it always has.
    private static func readInside(root: String, path: String) -> [UInt8]?? {
        let joined = path.hasPrefix("/") ? path : (root.hasSuffix("/") ? root : root + "/") + path
        guard let resolvedPointer = realpath(joined, nil) else { return errno == ENOENT ? .some(nil) : nil }
        let resolved = String(cString: resolvedPointer)
        free(resolvedPointer)
        guard resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/") else { return nil }
        let descriptor = open(resolved, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        if status.st_mode & S_IFMT == S_IFDIR { return .some(nil) }
        // The size fstat gives and one byte more, so that a file that grew since is noticed
        // and read on to its end.
        let size = max(Int(status.st_size), 0)
        var wanted = size + 1
        guard var bytes = readAll(descriptor, upTo: wanted) else { return nil }
        var last = bytes.count
        while last == wanted {
            wanted = 65_536
            guard let more = readAll(descriptor, upTo: wanted) else { return nil }
            last = more.count
            bytes += more
        }
        return .some(bytes)
    }

    /// Up to `count` bytes from `descriptor`, fewer only at its end; `nil` on a read error.
    private static func readAll(_ descriptor: Int32, upTo count: Int) -> [UInt8]? {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var filled = 0
            while filled < count, let base = buffer.baseAddress {
                let got = read(descriptor, base + filled, count - filled)
                if got < 0, errno == EINTR { continue }
                if got < 0 { failed = true }
                if got <= 0 { break }
                filled += got
            }
            initialized = filled
        }
        return failed ? nil : bytes
    }

    public func exists(_ path: String) -> Bool {
        // A plain join (the kernel resolves `.` and `..`): building URLs cost more than the lookup.
        FileManager.default.fileExists(atPath: path.hasPrefix("/") ? path : path.isEmpty ? root : (root.hasSuffix("/") ? root : root + "/") + path)
    }

    public func permissions(of path: String) -> Int? {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: root, isDirectory: true))
        return (try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// Asks `git ls-files --error-unmatch`: exit 0 tracked, 1 not tracked, anything else (not a
    /// repository, no git) unknown.
    public func isTrackedByGit(_ path: String) -> Bool? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "ls-files", "--error-unmatch", "--", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return nil
        }
        switch process.terminationStatus {
        case 0: return true
        case 1: return false
        default: return nil
        }
    }

    /// At most `limit` files; links that leave the root are skipped.
    public func files(under directory: String) -> [String] {
        files(under: directory, limit: 1_000)
    }

    func files(under directory: String, limit: Int) -> [String] {
        guard let relative = WorkspacePath.normalize(directory) else { return [] }
        let folder = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: root, isDirectory: true)).resolvingSymlinksInPath()
        guard folder.path == root || folder.path.hasPrefix(root + "/"),
              let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var found: [String] = []
        for case let url as URL in enumerator {
            let resolved = url.resolvingSymlinksInPath().path
            guard resolved.hasPrefix(root + "/"), (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let inside = String(url.path.dropFirst(folder.path.count)).drop { $0 == "/" }
            found.append(relative.isEmpty ? String(inside) : "\(relative)/\(inside)")
            if found.count >= limit { break }
        }
        return found.sorted()
    }
}

/// Files held in memory, keyed by relative path.
public struct MemoryFileSource: FileSource {
    public var files: [String: String]
    /// Permission bits of files that have them.
    public var modes: [String: Int]
    /// The files git tracks; `nil` when the files are in no repository.
    public var gitTracked: Set<String>?

    public init(_ files: [String: String], modes: [String: Int] = [:], gitTracked: Set<String>? = nil) {
        self.files = files
        self.modes = modes
        self.gitTracked = gitTracked
    }

    public func text(of path: String) throws -> String? { files[path] }

    public func permissions(of path: String) -> Int? { modes[path] }

    public func isTrackedByGit(_ path: String) -> Bool? { gitTracked.map { $0.contains(path) } }

    public func exists(_ path: String) -> Bool {
        files[path] != nil || files.keys.contains { $0.hasPrefix(path + "/") }
    }

    public func files(under directory: String) -> [String] {
        let prefix = directory.isEmpty ? "" : directory + "/"
        return files.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }
}

/// Problems with the workspace itself rather than with one value in a file.
public enum WorkspaceError: InfraError, Sendable, Equatable, CustomStringConvertible {
    /// No `.dev/infra/registry.yml` here or in any parent folder.
    case notFound(String)
    /// A path that leaves the workspace.
    case outsideWorkspace(String)

    public var description: String {
        switch self {
        case .notFound(let start):
            "no workspace found: no .dev/infra/registry.yml in \(start) or any parent folder (use --workspace DIR)"
        case .outsideWorkspace(let path):
            "path \(path) leaves the workspace"
        }
    }

    public var code: String {
        switch self {
        case .notFound: "workspace.not-found"
        case .outsideWorkspace: "workspace.outside"
        }
    }

    public var errorDescription: String? { description }
}
