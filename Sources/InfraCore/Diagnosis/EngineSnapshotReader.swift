import DockerEngine
import Foundation

/// Reads an `EngineSnapshot` with a bounded, known number of Engine API requests.
///
/// The list, the networks and `/info` are asked for at once (the client's version negotiation,
/// one `GET /version`, comes first and is shared); the host's sockets are read meanwhile. Then,
/// at most `maxConcurrentRequests` at a time, each *relevant* container that is failing
/// (exited, dead, restarting, created, unhealthy) is inspected and its last `logTail` log lines
/// are read, and each relevant running container that started well after it was created is
/// inspected for its restart count (and its logs read too when it restarted more than 3 times:
/// a restart loop is failing as well). So a read costs
///
///     4 + 2 × failing + restarted
///
/// requests, *failing* counting restart loops and *restarted* the other running containers
/// that were restarted: constant on a healthy platform, whatever its size.
public struct EngineSnapshotReader: Sendable {
    /// The engine read.
    public var engine: any DockerEngine
    /// The host's sockets; nil to skip them.
    public var hostPorts: (any HostPortReader)?
    /// Log lines read from each failing container.
    public var logTail: Int
    /// Inspect and logs requests in flight at once.
    public var maxConcurrentRequests: Int
    /// The engine's address, for the snapshot.
    public var engineAddress: String
    /// The current time.
    public var now: @Sendable () -> Date

    public init(
        engine: any DockerEngine, hostPorts: (any HostPortReader)? = ProcHostPortReader(), logTail: Int = 50,
        maxConcurrentRequests: Int = 8, engineAddress: String = DockerHost.default.description,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.engine = engine
        self.hostPorts = hostPorts
        self.logTail = logTail
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.engineAddress = engineAddress
        self.now = now
    }

    /// Reads the snapshot; `relevant` says which containers diagnosis is about (the registry's),
    /// only those are inspected and have their logs read. Throws when the engine cannot be
    /// reached or the container list cannot be read; other failures become notes.
    public func read(relevant: @escaping @Sendable (ContainerSummary) -> Bool) async throws -> EngineSnapshot {
        let engine = self.engine
        let hostPorts = self.hostPorts
        async let listed = engine.containers(all: true)
        async let networksRead = Self.attempt { try await engine.networks() }
        async let infoRead = Self.attempt { try await engine.info() }
        async let socketsRead = Self.readHostPorts(hostPorts)

        let summaries = try await listed
        var notes: [String] = []
        let networks: [DockerNetwork]
        switch try await networksRead {
        case .success(let value): networks = value
        case .failure(let reason):
            networks = []
            notes.append("networks not read: \(reason)")
        }
        let info: EngineInfo?
        switch try await infoRead {
        case .success(let value): info = value
        case .failure(let reason):
            info = nil
            notes.append("engine info not read: \(reason)")
        }
        let (holders, hostPortsUnavailable) = await socketsRead

        let takenAt = now()
        var containers = summaries.map { ContainerSnapshot(summary: $0) }
        var work: [(index: Int, logs: Bool)] = []
        for (index, container) in containers.enumerated() where relevant(container.summary) {
            if container.isFailing {
                work.append((index, true))
            } else if container.wasRestarted(now: takenAt) {
                work.append((index, false))
            }
        }
        let results = try await closerLook(at: work.map { (containers[$0.index].summary.id, $0.logs) })
        for (position, item) in work.enumerated() {
            let result = results[position]
            containers[item.index].details = result.details
            containers[item.index].logs = result.logs
            containers[item.index].logsUnavailable = result.logsUnavailable
            if let note = result.note { notes.append("\(containers[item.index].name): \(note)") }
        }
        return EngineSnapshot(
            engineAddress: engineAddress, info: info, containers: containers, networks: networks,
            hostPorts: holders, hostPortsUnavailable: hostPortsUnavailable, takenAt: takenAt, notes: notes)
    }

    private struct CloserLook: Sendable {
        var details: ContainerDetails?
        var logs: [ContainerLogLine]?
        var logsUnavailable: String?
        var note: String?
    }

    /// Inspects (and reads the logs of) the containers `ids`, bounded, results in order.
    private func closerLook(at items: [(id: String, logs: Bool)]) async throws -> [CloserLook] {
        var results = [CloserLook](repeating: CloserLook(), count: items.count)
        let engine = self.engine
        let tail = logTail
        try await withThrowingTaskGroup(of: (Int, CloserLook).self) { group in
            var next = 0
            func addNext() {
                guard next < items.count else { return }
                let position = next
                let item = items[position]
                next += 1
                group.addTask {
                    var look = CloserLook()
                    do {
                        look.details = try await engine.inspectContainer(id: item.id)
                    } catch let error as DockerEngineError where error.kind != .engineUnreachable {
                        // Removed since the list, most likely: leave it as the list shows it.
                        look.note = "not inspected: \(error.message)"
                    }
                    if item.logs || (look.details?.restartCount ?? 0) > RestartLoopAnalyzer.threshold {
                        do {
                            look.logs = try await engine.logs(id: item.id, tail: tail)
                        } catch let error as DockerEngineError where error.kind != .engineUnreachable {
                            look.logsUnavailable = error.message
                        }
                    }
                    return (position, look)
                }
            }
            for _ in 0..<min(maxConcurrentRequests, items.count) { addNext() }
            while let (position, look) = try await group.next() {
                results[position] = look
                addNext()
            }
        }
        return results
    }

    /// The value, or the reason it could not be read; an unreachable engine is still thrown.
    private static func attempt<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> Result<T, ReadFailure> {
        do {
            return .success(try await body())
        } catch let error as DockerEngineError where error.kind != .engineUnreachable {
            return .failure(ReadFailure(description: error.message))
        }
    }

    private struct ReadFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The host's sockets, read off the cooperative pool (a `/proc` scan blocks for ~15 ms).
    private static func readHostPorts(_ reader: (any HostPortReader)?) async -> ([HostPortHolder], String?) {
        guard let reader else { return ([], "not read") }
        return await Blocking.run { () -> ([HostPortHolder], String?) in
            do {
                return (try reader.holders(), nil)
            } catch {
                return ([], "\(error)")
            }
        }
    }
}
