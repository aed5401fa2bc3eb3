import Foundation

/// A platform's folder tree: its root, where the registry is, and how its files are read.
public struct Workspace: Sendable {
    /// The registry's default place under the root.
    public static let defaultRegistryPath = ".dev/infra/registry.yml"

    /// Absolute path of the root on disk (informational for in-memory workspaces).
    public let root: String
    /// The registry file, relative to the root.
    public let registryPath: String
    public let files: any FileSource
    /// Variables for interpolation; the process environment by default.
    public let environment: [String: String]

    public init(root: String, registryPath: String = Workspace.defaultRegistryPath, files: any FileSource, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.root = root
        self.registryPath = registryPath
        self.files = files
        self.environment = environment
    }

    /// The workspace on disk at `explicitRoot`, or the nearest folder from `start` upward that
    /// holds the registry, as git finds a repository.
    public static func locate(
        from start: String = FileManager.default.currentDirectoryPath, explicitRoot: String? = nil,
        registryPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Workspace {
        let fileManager = FileManager.default
        if let explicitRoot {
            let root = URL(fileURLWithPath: explicitRoot, relativeTo: URL(fileURLWithPath: start, isDirectory: true)).standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw WorkspaceError.notFound(root)
            }
            let registry = try normalizedRegistryPath(registryPath, root: root, start: start)
            return Workspace(root: root, registryPath: registry, files: DiskFileSource(root: root), environment: environment)
        }
        var folder = URL(fileURLWithPath: start, isDirectory: true).standardizedFileURL
        while true {
            if fileManager.fileExists(atPath: folder.appendingPathComponent(defaultRegistryPath).path) {
                let registry = try normalizedRegistryPath(registryPath, root: folder.path, start: start)
                return Workspace(root: folder.path, registryPath: registry, files: DiskFileSource(root: folder.path), environment: environment)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { throw WorkspaceError.notFound(start) }
            folder = parent
        }
    }

    /// A `--registry FILE` given relative to the current folder, made relative to the root.
    private static func normalizedRegistryPath(_ path: String?, root: String, start: String) throws -> String {
        guard let path else { return defaultRegistryPath }
        let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: start, isDirectory: true)).standardizedFileURL.path
        guard let relative = WorkspacePath.relative(absolute, to: root) else { throw WorkspaceError.outsideWorkspace(path) }
        return relative
    }

    /// The text of a workspace file named by `path` (relative to the root). A path that leaves
    /// the workspace or a missing file is an input error at `location`.
    public func read(_ path: String, referencedAt location: SourceLocation?) throws(InputError) -> String {
        guard let text = try readIfPresent(path, referencedAt: location) else {
            throw error("file \(path) does not exist", at: location, file: path)
        }
        return text
    }

    /// Like `read`, but `nil` when the file does not exist.
    public func readIfPresent(_ path: String, referencedAt location: SourceLocation?) throws(InputError) -> String? {
        guard WorkspacePath.normalize(path) != nil else {
            throw error("path \(path) leaves the workspace", at: location, file: path)
        }
        do {
            return try files.text(of: path)
        } catch let located as InputError {
            // Located in the file itself (bytes that are not UTF-8): its own place, not the reference's.
            throw located
        } catch let failure as WorkspaceError {
            throw error(failure.description, at: location, file: path)
        } catch {
            throw self.error("cannot read \(path): \(error.localizedDescription)", at: location, file: path)
        }
    }

    private func error(_ message: String, at location: SourceLocation?, file: String) -> InputError {
        if let location { return InputError(location, message) }
        return InputError(file: file, message: message)
    }
}

/// Relative workspace paths: normalising them and keeping them inside the root.
public enum WorkspacePath {
    /// `a/./b/../c` as `a/c`; `nil` for an absolute path or one that climbs above the root.
    public static func normalize(_ path: String) -> String? {
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else { return nil }
        if isNormal(path) { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// Whether a relative path is already normal: no empty, `.` or `..` segment (most paths
    /// a workspace names are, and this byte scan is far cheaper than splitting them).
    private static func isNormal(_ path: String) -> Bool {
        var length = 0, dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (length == dots && dots <= 2) { return false }
                (length, dots) = (0, 0)
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && !(length == dots && dots <= 2)
    }

    /// `path` joined to the folder `directory` (both relative to the root), normalised;
    /// `nil` when the result leaves the root.
    public static func join(_ directory: String, _ path: String) -> String? {
        if path.hasPrefix("/") { return nil }
        return normalize(directory.isEmpty ? path : "\(directory)/\(path)")
    }

    /// The folder of a relative path (`""` for the root).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// An absolute path relative to an absolute root; `nil` when outside it.
    public static func relative(_ absolute: String, to root: String) -> String? {
        let root = root.hasSuffix("/") ? String(root.dropLast()) : root
        if absolute == root { return "" }
        guard absolute.hasPrefix(root + "/") else { return nil }
        return String(absolute.dropFirst(root.count + 1))
    }
}
