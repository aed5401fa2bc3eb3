#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The Linux `HostPortReader`: the socket tables of `/proc/net` and, for owners,
/// `/proc/<pid>/fd/*` links (`socket:[inode]`) and `/proc/<pid>/comm`.
///
/// It sees the sockets of its own network namespace only (ports published by containers show
/// up through `docker-proxy`), and, without root, the owners among the user's own processes.
public struct ProcHostPortReader: HostPortReader {
    /// `/proc`, or a directory laid out like it.
    public var procRoot: String
    /// Whether to look for the process owning each socket. Without it only the socket tables
    /// are read: enough to tell whether a port is held, at a fraction of the cost of scanning
    /// every process's descriptors (the allocator reads ports under the workspace lock).
    public var readsOwners: Bool

    public init(procRoot: String = "/proc", readsOwners: Bool = true) {
        self.procRoot = procRoot
        self.readsOwners = readsOwners
    }

    /// The `/proc` tables could not be read (not Linux, or `/proc` not mounted).
    public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot read \(path): \(reason)" }
    }

    public func holders() throws -> [HostPortHolder] {
        var holders: [HostPortHolder] = []
        let tables: [(String, HostPortHolder.Transport)] = [("tcp", .tcp), ("tcp6", .tcp), ("udp", .udp), ("udp6", .udp)]
        for (name, transport) in tables {
            let path = "\(procRoot)/net/\(name)"
            switch Self.readFile(path) {
            case .success(let text):
                holders += ProcNetTable.holders(text, transport: transport)
            case .failure(let reason):
                // Without IPv6 the *6 tables are missing; without tcp there is no /proc to read.
                if name == "tcp" { throw ReadError(path: path, reason: reason.description) }
            }
        }
        let owners = readsOwners ? socketOwners(of: Set(holders.map(\.inode)).subtracting([0])) : [:]
        for index in holders.indices {
            if let owner = owners[holders[index].inode] {
                holders[index].pid = owner.pid
                holders[index].processName = owner.name
            }
        }
        return holders.sorted {
            ($0.port, $0.transport.rawValue, $0.address) < ($1.port, $1.transport.rawValue, $1.address)
        }
    }

    /// For each wanted inode, the lowest pid whose fd table holds it, with its name. Processes
    /// whose fd table cannot be read (another user's, or gone meanwhile) are skipped.
    private func socketOwners(of inodes: Set<UInt64>) -> [UInt64: (pid: Int32, name: String?)] {
        guard !inodes.isEmpty else { return [:] }
        var owners: [UInt64: (pid: Int32, name: String?)] = [:]
        let pids = Self.directoryEntries(procRoot).compactMap { Int32($0) }.sorted()
        var target = [CChar](repeating: 0, count: 64)
        for pid in pids {
            let fdDirectory = "\(procRoot)/\(pid)/fd"
            var found: [UInt64] = []
            for fd in Self.directoryEntries(fdDirectory) {
                let count = readlink("\(fdDirectory)/\(fd)", &target, target.count - 1)
                guard count > 0 else { continue }
                let link = String(decoding: target[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if let inode = ProcNetTable.socketInode(linkTarget: link), inodes.contains(inode), owners[inode] == nil {
                    found.append(inode)
                }
            }
            guard !found.isEmpty else { continue }
            let name = (try? Self.readFile("\(procRoot)/\(pid)/comm").get()).map {
                $0.hasSuffix("\n") ? String($0.dropLast()) : $0
            }
            for inode in found { owners[inode] = (pid, name) }
            if owners.count == inodes.count { break }
        }
        return owners
    }

    private struct POSIXReason: Error, CustomStringConvertible {
        var description: String
    }

    /// A whole file; `/proc` files report size 0, so this reads until end of file.
    private static func readFile(_ path: String) -> Result<String, POSIXReason> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(POSIXReason(description: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(POSIXReason(description: String(cString: strerror(errno))))
            }
            if count == 0 { break }
            bytes += buffer[..<count]
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// Names in a directory, none when it cannot be opened.
    private static func directoryEntries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
