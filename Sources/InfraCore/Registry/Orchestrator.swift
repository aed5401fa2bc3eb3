/// What runs the platform: Docker Compose on one host (the default), or Docker Swarm's
/// `docker stack deploy` across several. The registry's top-level `orchestrator:` chooses it;
/// `--target` overrides it per command.
public enum Orchestrator: String, Sendable, Hashable, CaseIterable {
    case compose
    case swarm
}
