import Foundation

/// Engine API answers recorded from a real engine (Docker 20.10, API 1.41).
enum Fixtures {
    static func url(_ name: String) -> URL {
        guard let base = Bundle.module.resourceURL else { fatalError("no test resources") }
        return base.appendingPathComponent("Fixtures/\(name).json")
    }

    static func bytes(_ name: String) -> [UInt8] {
        guard let data = try? Data(contentsOf: url(name)) else { fatalError("missing fixture \(name)") }
        return Array(data)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes(name)))
    }
}

/// A scoped temporary directory.
enum TemporaryDirectory {
    static func make(prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let path else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    static func with<T>(prefix: String = "ie", _ body: (String) async throws -> T) async throws -> T {
        let directory = try make(prefix: prefix)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }
}

/// Builds a multiplexed log body: frames of `[stream, 0, 0, 0, UInt32 BE length] + payload`.
func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
    let payload = Array(text.utf8)
    let length = UInt32(payload.count)
    return [stream, 0, 0, 0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
            UInt8(length & 0xFF)] + payload
}

/// Plain POSIX sockets for tests.
enum UnixSocketFile {
    struct Failure: Error { var call: String; var code: Int32 }

    /// Binds a unix socket at `path` and closes it without listening: the file stays, and
    /// connecting to it is refused.
    static func leaveBehind(at path: String) throws {
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw Failure(call: "bind", code: errno) }
    }
}
