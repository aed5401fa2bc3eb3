import DockerEngine
import Foundation

/// What `infractl stats` reads from the engine, once: the diagnosis's snapshot (containers,
/// the inspect and logs of failing ones) plus, for every running container of the registry,
/// one stats answer and its health-check timings. Analyzers read only this.
public struct PerformanceSnapshot: Sendable {
    public var engine: EngineSnapshot
    /// Usage by container name.
    public var usage: [String: ResourceUsage]
    /// Health-check timings by container name, for containers with a health check.
    public var healthTimings: [String: HealthCheckTiming]
    /// Why a running container's stats could not be read, by container name.
    public var unavailable: [String: String]

    public init(
        engine: EngineSnapshot, usage: [String: ResourceUsage] = [:], healthTimings: [String: HealthCheckTiming] = [:],
        unavailable: [String: String] = [:]
    ) {
        self.engine = engine
        self.usage = usage
        self.healthTimings = healthTimings
        self.unavailable = unavailable
    }

    /// Reads the snapshot: the diagnosis's read (`4 + 2 × failing + restarted` requests), then
    /// for each running container that `relevant` accepts, its inspect (unless the first read
    /// had it) and one `stats?stream=false`, all at once. So a read costs at most
    /// `4 + 2 × failing + restarted + 2 × running` requests, and about one stats call of wall
    /// time (the engine takes a second per answer, to sample twice).
    public static func read(
        from engine: any DockerEngine, address: String, relevant: @escaping @Sendable (ContainerSummary) -> Bool
    ) async throws -> PerformanceSnapshot {
        var snapshot = try await EngineSnapshotReader(engine: engine, hostPorts: nil, engineAddress: address)
            .read(relevant: relevant)
        let running = snapshot.containers.enumerated().filter { $0.element.isRunning && relevant($0.element.summary) }
        typealias Answer = (index: Int, details: ContainerDetails?, stats: Result<ContainerStats, any Error>)
        let answers = await withTaskGroup(of: Answer.self) { group in
            for (index, container) in running {
                group.addTask {
                    async let details = container.details == nil ? try? engine.inspectContainer(id: container.summary.id) : container.details
                    let stats: Result<ContainerStats, any Error>
                    do { stats = .success(try await engine.stats(id: container.summary.id)) } catch { stats = .failure(error) }
                    return (index, await details, stats)
                }
            }
            return await group.reduce(into: [Answer]()) { $0.append($1) }
        }
        var result = PerformanceSnapshot(engine: snapshot)
        for answer in answers {
            if let details = answer.details { snapshot.containers[answer.index].details = details }
            let container = snapshot.containers[answer.index]
            switch answer.stats {
            case .success(let stats): result.usage[container.name] = ResourceUsage(stats, limits: container.details?.hostConfig)
            case .failure(let error): result.unavailable[container.name] = (error as? DockerEngineError)?.description ?? "\(error)"
            }
            if let details = container.details, let timing = HealthCheckTiming(details) { result.healthTimings[container.name] = timing }
        }
        result.engine = snapshot
        return result
    }
}
