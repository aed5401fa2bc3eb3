/// What a service's `deploy:` says about rolling it out on a swarm: the settings of
/// `update_config`, with their lines (Compose ignores them; `docker stack deploy` applies them).
public struct SwarmDeploy: Sendable, Hashable {
    /// `deploy.update_config.failure_action` (`pause` by default, `continue`, `rollback`).
    public var failureAction: Located<String>?
    /// `deploy.update_config.order` (`stop-first` by default, `start-first`).
    public var order: Located<String>?
    /// Where `deploy.placement.constraints` and `deploy.update_config` are written.
    public var constraintsLocation: SourceLocation?
    public var updateConfigLocation: SourceLocation?

    public init(failureAction: Located<String>? = nil, order: Located<String>? = nil) {
        self.failureAction = failureAction
        self.order = order
    }

    /// The settings of a `deploy:` mapping.
    init(_ node: YAMLNode) {
        let update = node["update_config"]
        failureAction = update?["failure_action"].flatMap { value in value.string.map { Located($0, at: value.location) } }
        order = update?["order"].flatMap { value in value.string.map { Located($0, at: value.location) } }
        constraintsLocation = node["placement"]?.pairs?.first { $0.key.string == "constraints" }?.key.location
        updateConfigLocation = node.pairs?.first { $0.key.string == "update_config" }?.key.location
    }
}
