/// The Docker engine as diagnosis reads it: read-only calls returning typed models. The real
/// one is `DockerEngineClient`; tests and the snapshot's own tests can supply their own.
public protocol DockerEngine: Sendable {
    /// `GET /info`: counts and the host the engine runs on.
    func info() async throws -> EngineInfo
    /// `GET /version`: the engine release and its API version.
    func version() async throws -> EngineVersion
    /// `GET /containers/json`: running containers, or every container with `all`.
    func containers(all: Bool) async throws -> [ContainerSummary]
    /// `GET /containers/{id}/json`: one container in detail, by id or name.
    func inspectContainer(id: String) async throws -> ContainerDetails
    /// `GET /containers/{id}/logs`: the last `tail` lines of stdout and stderr as the engine
    /// stored them, with their timestamps.
    func logs(id: String, tail: Int) async throws -> [ContainerLogLine]
    /// `GET /networks`: every network, without the containers attached.
    func networks() async throws -> [DockerNetwork]
    /// `GET /networks/{id}`: one network with its attached containers, by id or name.
    func inspectNetwork(id: String) async throws -> DockerNetwork
    /// `GET /containers/{id}/stats?stream=false`: one answer with two samples a second apart
    /// (CPU, memory, network and block I/O, PIDs), by id or name.
    func stats(id: String) async throws -> ContainerStats
}
