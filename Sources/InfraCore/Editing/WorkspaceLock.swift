import Foundation

/// The one advisory lock (`flock`) of a workspace, held around every read–validate–write so
/// that two commands never edit from the same snapshot. The kernel drops it when the process
/// ends, however it ends, so a killed command never leaves it held.
public enum WorkspaceLock {
    /// The lock file, relative to the workspace root.
    public static let path = ".dev/infra/.infractl.lock"

    /// Runs `body` holding the lock of the workspace at `root` (absolute), waiting for it.
    public static func withLock<T>(root: String, _ body: () throws -> T) throws -> T {
        let file = root + "/" + path
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtomicFile.POSIXFailure(operation: "open", path: file) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR { throw AtomicFile.POSIXFailure(operation: "lock", path: file) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
