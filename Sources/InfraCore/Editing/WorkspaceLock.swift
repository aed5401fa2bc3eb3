import Foundation

/// The one advisory lock (`flock`) of a workspace. Writers hold it exclusively around every
/// read–validate–write, so that two commands never edit from the same snapshot; commands that
/// only read (dry runs included) hold it shared, without creating anything. The kernel drops it
/// when the process ends, however it ends, so a killed command never leaves it held.
public enum WorkspaceLock {
    /// The lock file, relative to the workspace root. Writers create it; nothing removes it.
    public static let path = ".dev/infra/.infractl.lock"

    /// Runs `body` holding the lock of the workspace at `root` (absolute) exclusively, waiting
    /// for it; creates the lock file when there is none.
    public static func withLock<T>(root: String, _ body: () throws -> T) throws -> T {
        let file = root + "/" + path
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtomicFile.POSIXFailure(operation: "open", path: file) }
        return try holding(descriptor, LOCK_EX, file: file, body)
    }

    /// Runs `body`, which must only read, on files no writer is changing meanwhile, and writes
    /// nothing: no lock file, no folder. When the lock file exists it is held shared. When it
    /// does not, no writer has started yet (a writer creates it before touching any file): the
    /// body runs unlocked and the file is looked for again afterwards; if it appeared, a writer
    /// may have changed files during the read, and the body runs again, holding it shared. A
    /// lock file this user cannot open (a read-only checkout) is not waited for.
    public static func reading<T>(root: String, _ body: () throws -> T) throws -> T {
        let file = root + "/" + path
        if let descriptor = try openExisting(file) { return try holding(descriptor, LOCK_SH, file: file, body) }
        let unlocked = Result { try body() }
        guard let descriptor = try openExisting(file) else { return try unlocked.get() }
        return try holding(descriptor, LOCK_SH, file: file, body)
    }

    /// The lock file opened for reading; nil when it does not exist or cannot be read.
    private static func openExisting(_ file: String) throws -> Int32? {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 { return descriptor }
        switch errno {
        case ENOENT, ENOTDIR, EACCES, EPERM: return nil
        default: throw AtomicFile.POSIXFailure(operation: "open", path: file)
        }
    }

    /// Runs `body` holding `operation` (`LOCK_EX`, `LOCK_SH`) on `descriptor`, then closes it.
    private static func holding<T>(_ descriptor: Int32, _ operation: Int32, file: String, _ body: () throws -> T) throws -> T {
        defer { close(descriptor) }
        while flock(descriptor, operation) != 0 {
            if errno != EINTR { throw AtomicFile.POSIXFailure(operation: "lock", path: file) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
