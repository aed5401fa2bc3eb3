/// What `GET /info` says of the engine's part in a swarm (`Swarm` in the answer).
public struct SwarmMembership: Sendable, Hashable, Codable {
    /// `inactive`, `pending`, `active`, `error` or `locked`.
    public var localNodeState: String
    /// Whether this engine is a manager (stack deploy and `GET /services` need one).
    public var controlAvailable: Bool
    public var nodeID: String
    /// The error that left the node in `error`, when there is one.
    public var error: String

    public init(localNodeState: String = "inactive", controlAvailable: Bool = false, nodeID: String = "", error: String = "") {
        self.localNodeState = localNodeState
        self.controlAvailable = controlAvailable
        self.nodeID = nodeID
        self.error = error
    }

    /// An active node that can manage the swarm.
    public var isManager: Bool { localNodeState == "active" && controlAvailable }

    enum CodingKeys: String, CodingKey {
        case localNodeState = "LocalNodeState", controlAvailable = "ControlAvailable", nodeID = "NodeID", error = "Error"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        localNodeState = try c.value(.localNodeState, or: "inactive")
        controlAvailable = try c.value(.controlAvailable, or: false)
        nodeID = try c.value(.nodeID, or: "")
        error = try c.value(.error, or: "")
    }
}

/// One swarm service as `GET /services` lists it (`?status=true` adds the running and desired
/// task counts the engine keeps itself).
public struct SwarmService: Sendable, Hashable, Codable {
    /// How the service's tasks are spread.
    public enum Mode: Sendable, Hashable {
        /// `replicas` tasks in all.
        case replicated(replicas: Int)
        /// One task on every node that fits.
        case global
        /// A mode this client does not know (`ReplicatedJob`, `GlobalJob`).
        case other(String)
    }

    /// A port the service publishes (`Endpoint.Ports`).
    public struct Port: Sendable, Hashable, Codable {
        public var `protocol`: String
        public var targetPort: Int
        public var publishedPort: Int
        /// `ingress` (every node, through the routing mesh) or `host` (the node of each task).
        public var publishMode: String

        public init(protocol: String = "tcp", targetPort: Int, publishedPort: Int, publishMode: String = "ingress") {
            self.protocol = `protocol`
            self.targetPort = targetPort
            self.publishedPort = publishedPort
            self.publishMode = publishMode
        }

        enum CodingKeys: String, CodingKey {
            case `protocol` = "Protocol", targetPort = "TargetPort", publishedPort = "PublishedPort", publishMode = "PublishMode"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            `protocol` = try c.value(.protocol, or: "tcp")
            targetPort = try c.value(.targetPort, or: 0)
            publishedPort = try c.value(.publishedPort, or: 0)
            publishMode = try c.value(.publishMode, or: "ingress")
        }
    }

    /// Where a rolling update stands (`UpdateStatus`): `updating`, `paused`, `completed`,
    /// `rollback_started`, `rollback_paused`, `rollback_completed`.
    public struct UpdateStatus: Sendable, Hashable, Codable {
        public var state: String
        public var message: String

        public init(state: String, message: String = "") {
            self.state = state
            self.message = message
        }

        enum CodingKeys: String, CodingKey { case state = "State", message = "Message" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            state = try c.value(.state, or: "")
            message = try c.value(.message, or: "")
        }
    }

    public var id: String
    /// `<stack>_<service>` for a service of a stack.
    public var name: String
    public var labels: [String: String]
    public var image: String
    public var mode: Mode
    /// `node.role == manager`, `node.hostname == web-1`, …
    public var constraints: [String]
    public var ports: [Port]
    public var updateStatus: UpdateStatus?
    /// The tasks running and desired, as the engine counts them (`ServiceStatus`, API 1.41+).
    public var runningTasks: Int?
    public var desiredTasks: Int?

    public init(
        id: String, name: String, labels: [String: String] = [:], image: String = "", mode: Mode = .replicated(replicas: 1),
        constraints: [String] = [], ports: [Port] = [], updateStatus: UpdateStatus? = nil, runningTasks: Int? = nil,
        desiredTasks: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.labels = labels
        self.image = image
        self.mode = mode
        self.constraints = constraints
        self.ports = ports
        self.updateStatus = updateStatus
        self.runningTasks = runningTasks
        self.desiredTasks = desiredTasks
    }

    /// The stack it belongs to (`com.docker.stack.namespace`).
    public var stack: String? { labels["com.docker.stack.namespace"] }

    /// How many tasks it wants: its replicas, or what the engine counts for a global service
    /// (nil when the engine does not say).
    public var wantedTasks: Int? {
        if case .replicated(let replicas) = mode { return replicas }
        return desiredTasks
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID", spec = "Spec", endpoint = "Endpoint", updateStatus = "UpdateStatus", serviceStatus = "ServiceStatus"
    }

    private enum SpecKeys: String, CodingKey { case name = "Name", labels = "Labels", mode = "Mode", taskTemplate = "TaskTemplate" }
    private enum ModeKeys: String, CodingKey { case replicated = "Replicated", global = "Global" }
    private enum ReplicatedKeys: String, CodingKey { case replicas = "Replicas" }
    private enum TemplateKeys: String, CodingKey { case containerSpec = "ContainerSpec", placement = "Placement" }
    private enum ContainerSpecKeys: String, CodingKey { case image = "Image" }
    private enum PlacementKeys: String, CodingKey { case constraints = "Constraints" }
    private enum EndpointKeys: String, CodingKey { case ports = "Ports" }
    private enum StatusKeys: String, CodingKey { case running = "RunningTasks", desired = "DesiredTasks" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.value(.id, or: "")
        let spec = try c.nestedContainer(keyedBy: SpecKeys.self, forKey: .spec)
        name = try spec.value(.name, or: "")
        labels = try spec.value(.labels, or: [:])
        if let modes = try? spec.nestedContainer(keyedBy: ModeKeys.self, forKey: .mode) {
            if let replicated = try? modes.nestedContainer(keyedBy: ReplicatedKeys.self, forKey: .replicated) {
                mode = .replicated(replicas: try replicated.value(.replicas, or: 1))
            } else if modes.contains(.global) {
                mode = .global
            } else {
                mode = .other(modes.allKeys.first?.stringValue ?? "unknown")
            }
        } else {
            mode = .replicated(replicas: 1)
        }
        let template = try? spec.nestedContainer(keyedBy: TemplateKeys.self, forKey: .taskTemplate)
        let container = try? template?.nestedContainer(keyedBy: ContainerSpecKeys.self, forKey: .containerSpec)
        image = try container?.value(.image, or: "") ?? ""
        let placement = try? template?.nestedContainer(keyedBy: PlacementKeys.self, forKey: .placement)
        constraints = try placement?.value(.constraints, or: []) ?? []
        let endpoint = try? c.nestedContainer(keyedBy: EndpointKeys.self, forKey: .endpoint)
        ports = try endpoint?.value(.ports, or: []) ?? []
        updateStatus = try c.decodeIfPresent(UpdateStatus.self, forKey: .updateStatus)
        let status = try? c.nestedContainer(keyedBy: StatusKeys.self, forKey: .serviceStatus)
        runningTasks = try status?.decodeIfPresent(Int.self, forKey: .running)
        desiredTasks = try status?.decodeIfPresent(Int.self, forKey: .desired)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        var spec = c.nestedContainer(keyedBy: SpecKeys.self, forKey: .spec)
        try spec.encode(name, forKey: .name)
        try spec.encode(labels, forKey: .labels)
        var modes = spec.nestedContainer(keyedBy: ModeKeys.self, forKey: .mode)
        switch mode {
        case .replicated(let replicas):
            var replicated = modes.nestedContainer(keyedBy: ReplicatedKeys.self, forKey: .replicated)
            try replicated.encode(replicas, forKey: .replicas)
        case .global, .other:
            _ = modes.nestedContainer(keyedBy: ReplicatedKeys.self, forKey: .global)
        }
        var template = spec.nestedContainer(keyedBy: TemplateKeys.self, forKey: .taskTemplate)
        var container = template.nestedContainer(keyedBy: ContainerSpecKeys.self, forKey: .containerSpec)
        try container.encode(image, forKey: .image)
        var placement = template.nestedContainer(keyedBy: PlacementKeys.self, forKey: .placement)
        try placement.encode(constraints, forKey: .constraints)
        var endpoint = c.nestedContainer(keyedBy: EndpointKeys.self, forKey: .endpoint)
        try endpoint.encode(ports, forKey: .ports)
        try c.encodeIfPresent(updateStatus, forKey: .updateStatus)
        if runningTasks != nil || desiredTasks != nil {
            var status = c.nestedContainer(keyedBy: StatusKeys.self, forKey: .serviceStatus)
            try status.encodeIfPresent(runningTasks, forKey: .running)
            try status.encodeIfPresent(desiredTasks, forKey: .desired)
        }
    }
}

/// One task (a slot's attempt to run the service's container) as `GET /tasks` lists it.
public struct SwarmTask: Sendable, Hashable, Codable {
    public var id: String
    public var serviceID: String
    /// Empty while the task waits for a node.
    public var nodeID: String
    /// The replica's number (replicated services).
    public var slot: Int?
    /// `new`, `pending`, `assigned`, `accepted`, `preparing`, `starting`, `running`,
    /// `complete`, `shutdown`, `failed`, `rejected`, `remove`, `orphaned`.
    public var state: String
    /// The state the orchestrator wants (`running`, `shutdown`, …).
    public var desiredState: String
    public var message: String
    /// Why it failed or waits: `No such image: …`, `no suitable node (…)`, `task: non-zero exit (1)`.
    public var error: String
    /// When the task reached its state (RFC 3339).
    public var timestamp: String
    public var containerID: String
    public var exitCode: Int?

    public init(
        id: String, serviceID: String, nodeID: String = "", slot: Int? = nil, state: String, desiredState: String = "running",
        message: String = "", error: String = "", timestamp: String = "", containerID: String = "", exitCode: Int? = nil
    ) {
        self.id = id
        self.serviceID = serviceID
        self.nodeID = nodeID
        self.slot = slot
        self.state = state
        self.desiredState = desiredState
        self.message = message
        self.error = error
        self.timestamp = timestamp
        self.containerID = containerID
        self.exitCode = exitCode
    }

    /// A task that ended without the orchestrator asking it to.
    public var hasFailed: Bool { state == "failed" || state == "rejected" }

    /// Running, and meant to be (not one being shut down).
    public var isRunning: Bool { state == "running" && desiredState == "running" }

    enum CodingKeys: String, CodingKey {
        case id = "ID", serviceID = "ServiceID", nodeID = "NodeID", slot = "Slot", status = "Status", desiredState = "DesiredState"
    }

    private enum StatusKeys: String, CodingKey {
        case state = "State", message = "Message", error = "Err", timestamp = "Timestamp", containerStatus = "ContainerStatus"
    }

    private enum ContainerStatusKeys: String, CodingKey { case containerID = "ContainerID", exitCode = "ExitCode" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.value(.id, or: "")
        serviceID = try c.value(.serviceID, or: "")
        nodeID = try c.value(.nodeID, or: "")
        slot = try c.decodeIfPresent(Int.self, forKey: .slot)
        desiredState = try c.value(.desiredState, or: "")
        let status = try? c.nestedContainer(keyedBy: StatusKeys.self, forKey: .status)
        state = try status?.value(.state, or: "") ?? ""
        message = try status?.value(.message, or: "") ?? ""
        error = try status?.value(.error, or: "") ?? ""
        timestamp = try status?.value(.timestamp, or: "") ?? ""
        let container = try? status?.nestedContainer(keyedBy: ContainerStatusKeys.self, forKey: .containerStatus)
        containerID = try container?.value(.containerID, or: "") ?? ""
        exitCode = try container?.decodeIfPresent(Int.self, forKey: .exitCode)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(serviceID, forKey: .serviceID)
        try c.encode(nodeID, forKey: .nodeID)
        try c.encodeIfPresent(slot, forKey: .slot)
        try c.encode(desiredState, forKey: .desiredState)
        var status = c.nestedContainer(keyedBy: StatusKeys.self, forKey: .status)
        try status.encode(state, forKey: .state)
        try status.encode(message, forKey: .message)
        try status.encode(error, forKey: .error)
        try status.encode(timestamp, forKey: .timestamp)
        var container = status.nestedContainer(keyedBy: ContainerStatusKeys.self, forKey: .containerStatus)
        try container.encode(containerID, forKey: .containerID)
        try container.encodeIfPresent(exitCode, forKey: .exitCode)
    }
}

/// One swarm node as `GET /nodes` lists it.
public struct SwarmNode: Sendable, Hashable, Codable {
    public var id: String
    public var hostname: String
    /// `manager` or `worker`.
    public var role: String
    /// `active`, `pause` or `drain`.
    public var availability: String
    public var labels: [String: String]
    /// `unknown`, `down`, `ready` or `disconnected`.
    public var state: String
    public var address: String

    public init(
        id: String, hostname: String, role: String = "manager", availability: String = "active", labels: [String: String] = [:],
        state: String = "ready", address: String = ""
    ) {
        self.id = id
        self.hostname = hostname
        self.role = role
        self.availability = availability
        self.labels = labels
        self.state = state
        self.address = address
    }

    /// Ready and accepting tasks.
    public var acceptsTasks: Bool { state == "ready" && availability == "active" }

    enum CodingKeys: String, CodingKey { case id = "ID", description = "Description", spec = "Spec", status = "Status" }
    private enum DescriptionKeys: String, CodingKey { case hostname = "Hostname" }
    private enum SpecKeys: String, CodingKey { case role = "Role", availability = "Availability", labels = "Labels" }
    private enum StatusKeys: String, CodingKey { case state = "State", address = "Addr" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.value(.id, or: "")
        let description = try? c.nestedContainer(keyedBy: DescriptionKeys.self, forKey: .description)
        hostname = try description?.value(.hostname, or: "") ?? ""
        let spec = try? c.nestedContainer(keyedBy: SpecKeys.self, forKey: .spec)
        role = try spec?.value(.role, or: "") ?? ""
        availability = try spec?.value(.availability, or: "") ?? ""
        labels = try spec?.value(.labels, or: [:]) ?? [:]
        let status = try? c.nestedContainer(keyedBy: StatusKeys.self, forKey: .status)
        state = try status?.value(.state, or: "") ?? ""
        address = try status?.value(.address, or: "") ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        var description = c.nestedContainer(keyedBy: DescriptionKeys.self, forKey: .description)
        try description.encode(hostname, forKey: .hostname)
        var spec = c.nestedContainer(keyedBy: SpecKeys.self, forKey: .spec)
        try spec.encode(role, forKey: .role)
        try spec.encode(availability, forKey: .availability)
        try spec.encode(labels, forKey: .labels)
        var status = c.nestedContainer(keyedBy: StatusKeys.self, forKey: .status)
        try status.encode(state, forKey: .state)
        try status.encode(address, forKey: .address)
    }
}

/// The swarm as a manager reports it: three reads, whatever the number of services.
public protocol DockerSwarmReading: Sendable {
    /// `GET /services?status=true`.
    func swarmServices() async throws -> [SwarmService]
    /// `GET /tasks`.
    func swarmTasks() async throws -> [SwarmTask]
    /// `GET /nodes`.
    func swarmNodes() async throws -> [SwarmNode]
}
