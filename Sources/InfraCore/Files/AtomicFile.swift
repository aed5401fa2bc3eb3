import Foundation

/// Writes files so that a reader or a crash never sees half of one: a temporary file in the
/// same folder, flushed to disk, then renamed over the target.
public enum AtomicFile {
    /// Replaces `path` with `data` atomically, keeping the mode of an existing file.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = "\(directory.isEmpty ? "." : directory)/.\(name).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        var status = stat()
        let finalMode = stat(path, &status) == 0 ? status.st_mode & 0o7777 : mode
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, finalMode)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "create", path: temporary) }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            try data.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw POSIXFailure(operation: "write", path: temporary)
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "fsync", path: temporary) }
        }
        guard rename(temporary, path) == 0 else { throw POSIXFailure(operation: "rename", path: path) }
        succeeded = true
        let folder = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// A failed system call, with the errno text.
    public struct POSIXFailure: InfraError, CustomStringConvertible {
        public var operation: String
        public var path: String
        /// The `errno` the call left.
        public var errorNumber: Int32 = errno

        public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(errorNumber)))" }
        /// `file.` and the call that failed: `file.rename`, `file.lock`.
        public var code: String { "file.\(operation)" }
        public var errorDescription: String? { description }
    }
}
