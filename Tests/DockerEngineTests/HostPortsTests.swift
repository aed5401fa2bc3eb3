import DockerEngine
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}

@Suite struct ProcNetTableTests {
    static let tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 23456 1 00000000eb6ad8f9 100 0 0 10 0
           1: 00000000:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 23457 1 00000000eb6ad8f9 100 0 0 10 0
           2: 0100007F:1F90 0100007F:D3C2 01 00000000:00000000 02:000A7B2C 00000000     0        0 0 2 00000000eb6ad8f9 20 4 30 10 -1
           3: garbage
        """

    static let tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000000000000:36B0 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 34567 1 0000000000000000 100 0 0 10 0
           1: 00000000000000000000000001000000:1538 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 34568 1 0000000000000000 100 0 0 10 0
           2: 0000000000000000FFFF00000100007F:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 34569 1 0000000000000000 100 0 0 10 0
           3: 000080FE00000000000000000100000A:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 34570 1 0000000000000000 100 0 0 10 0
        """

    static let udp = """
           sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
          123: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 45678 2 0000000000000000 0
         5944: 0100007F:B81F 0100007F:DB1D 01 00000000:00000000 00:00000000 00000000     0        0 45679 2 000000000e12f34a 0
        """

    @Test func listeningTCPSocketsOnly() {
        let holders = ProcNetTable.holders(Self.tcp, transport: .tcp)
        #expect(holders == [
            HostPortHolder(port: 8080, transport: .tcp, address: "127.0.0.1", inode: 23456),
            HostPortHolder(port: 3306, transport: .tcp, address: "0.0.0.0", inode: 23457),
        ])
        #expect(ProcNetTable.entries(Self.tcp).map(\.uid) == [0, 999, 0])
    }

    @Test func ipv6AddressesAsRFC5952() {
        let holders = ProcNetTable.holders(Self.tcp6, transport: .tcp)
        #expect(holders.map(\.address) == ["::", "::1", "::ffff:127.0.0.1", "fe80::a00:1"])
        #expect(holders.map(\.port) == [14000, 5432, 8081, 80])
    }

    @Test func everyBoundUDPSocket() {
        let holders = ProcNetTable.holders(Self.udp, transport: .udp)
        #expect(holders.map(\.port) == [5353, 47135])
        #expect(holders.map(\.address) == ["0.0.0.0", "127.0.0.1"])
    }

    @Test func socketLinks() {
        #expect(ProcNetTable.socketInode(linkTarget: "socket:[221939]") == 221_939)
        #expect(ProcNetTable.socketInode(linkTarget: "pipe:[221939]") == nil)
        #expect(ProcNetTable.socketInode(linkTarget: "/dev/null") == nil)
    }

    @Test func holdersDescribeThemselves() {
        #expect(HostPortHolder(port: 5432, transport: .tcp, address: "127.0.0.1", pid: 812, processName: "postgres").description
            == "postgres (pid 812) on 127.0.0.1:5432/tcp")
        #expect(HostPortHolder(port: 53, transport: .udp, address: "::").description == "an unknown process on [::]:53/udp")
    }
}

/// The real reader against sockets this test opens.
@Suite struct ProcHostPortReaderTests {
    static let tcpTable = Prerequisite.file("/proc/net/tcp", what: "Linux's TCP socket table")
    static let udpTable = Prerequisite.file("/proc/net/udp", what: "Linux's UDP socket table")

    @Test(.requires(Self.tcpTable)) func findsAListeningSocketOfThisProcess() throws {
        try Self.tcpTable.require()
        let listener = try TestSocket(type: SOCK_STREAM, listen: true)
        defer { listener.close() }
        let holders = try ProcHostPortReader().holders(of: listener.port, transport: .tcp)
        let holder = try #require(holders.first)
        #expect(holder.address == "127.0.0.1")
        #expect(holder.pid == getpid())
        #expect(holder.processName == Self.ownName())
        #expect(holder.inode > 0)
    }

    @Test(.requires(Self.udpTable)) func findsABoundUDPSocket() throws {
        try Self.udpTable.require()
        let socket = try TestSocket(type: SOCK_DGRAM, listen: false)
        defer { socket.close() }
        let holders = try ProcHostPortReader().holders(of: socket.port, transport: .udp)
        #expect(holders.first?.pid == getpid())
    }

    @Test(.requires(Self.tcpTable)) func aBoundButNotListeningTCPSocketHoldsNoPort() throws {
        try Self.tcpTable.require()
        let socket = try TestSocket(type: SOCK_STREAM, listen: false)
        defer { socket.close() }
        #expect(try ProcHostPortReader().holders(of: socket.port, transport: .tcp).isEmpty)
    }

    @Test(.requires(Self.tcpTable)) func withoutOwnersOnlyTheTablesAreRead() throws {
        try Self.tcpTable.require()
        let listener = try TestSocket(type: SOCK_STREAM, listen: true)
        defer { listener.close() }
        let holders = try ProcHostPortReader(readsOwners: false).holders(of: listener.port, transport: .tcp)
        let holder = try #require(holders.first)
        #expect(holder.address == "127.0.0.1")
        #expect(holder.inode > 0)
        #expect(holder.pid == nil)
        #expect(holder.processName == nil)
    }

    @Test func aMissingProcIsAnError() {
        #expect(throws: ProcHostPortReader.ReadError.self) {
            try ProcHostPortReader(procRoot: "/nonexistent-proc").holders()
        }
    }

    /// What `/proc/self/comm` says: the test runner's name, cut at 15 characters.
    static func ownName() -> String? {
        (try? String(contentsOfFile: "/proc/self/comm", encoding: .utf8))?
            .trimmingCharacters(in: .newlines)
    }
}

/// A socket bound to 127.0.0.1 on a port the kernel picks.
struct TestSocket {
    let fd: Int32
    let port: Int

    struct Failure: Error { var call: String; var code: Int32 }

    #if canImport(Glibc)
    init(type: __socket_type, listen shouldListen: Bool) throws {
        try self.init(rawType: Int32(type.rawValue), listen: shouldListen)
    }
    #else
    init(type: Int32, listen shouldListen: Bool) throws {
        try self.init(rawType: type, listen: shouldListen)
    }
    #endif

    private init(rawType: Int32, listen shouldListen: Bool) throws {
        let fd = socket(AF_INET, rawType, 0)
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            closeDescriptor(fd)
            throw Failure(call: "bind", code: code)
        }
        if shouldListen, listen(fd, 1) != 0 {
            let code = errno
            closeDescriptor(fd)
            throw Failure(call: "listen", code: code)
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        closeDescriptor(fd)
    }
}
