/// The `Config` of an inspected container: how it was created (image, command, environment,
/// labels, health check).
public struct ContainerConfig: Sendable, Hashable, Codable {
    /// The image as it was asked for, e.g. `postgres:16-alpine`.
    public var image: String
    public var hostname: String
    public var user: String
    /// `NAME=value` entries, unmasked: masking belongs to whoever prints them.
    public var env: [String]
    public var labels: [String: String]
    public var cmd: [String]
    public var entrypoint: [String]
    public var workingDir: String
    /// Whether the container has a TTY: its logs are then one raw stream.
    public var tty: Bool
    /// Exposed container ports, `5432/tcp`.
    public var exposedPorts: [String]
    public var healthcheck: ContainerHealthcheck?

    public init(
        image: String, hostname: String = "", user: String = "", env: [String] = [], labels: [String: String] = [:],
        cmd: [String] = [], entrypoint: [String] = [], workingDir: String = "", tty: Bool = false,
        exposedPorts: [String] = [], healthcheck: ContainerHealthcheck? = nil
    ) {
        self.image = image
        self.hostname = hostname
        self.user = user
        self.env = env
        self.labels = labels
        self.cmd = cmd
        self.entrypoint = entrypoint
        self.workingDir = workingDir
        self.tty = tty
        self.exposedPorts = exposedPorts
        self.healthcheck = healthcheck
    }

    /// `env` as a dictionary; a later duplicate wins, as in the container.
    public var environment: [String: String] {
        var result: [String: String] = [:]
        for entry in env {
            if let equals = entry.firstIndex(of: "=") {
                result[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            } else {
                result[entry] = ""
            }
        }
        return result
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image", hostname = "Hostname", user = "User", env = "Env", labels = "Labels", cmd = "Cmd"
        case entrypoint = "Entrypoint", workingDir = "WorkingDir", tty = "Tty", exposedPorts = "ExposedPorts"
        case healthcheck = "Healthcheck"
    }

    /// `{}`, the value of each `ExposedPorts` entry.
    private struct Empty: Codable {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        image = try c.value(.image, or: "")
        hostname = try c.value(.hostname, or: "")
        user = try c.value(.user, or: "")
        env = try c.value(.env, or: [])
        labels = try c.value(.labels, or: [:])
        cmd = try Self.stringList(c, .cmd)
        entrypoint = try Self.stringList(c, .entrypoint)
        workingDir = try c.value(.workingDir, or: "")
        tty = try c.value(.tty, or: false)
        exposedPorts = try c.value(.exposedPorts, or: [String: Empty]()).keys.sorted()
        healthcheck = try c.decodeIfPresent(ContainerHealthcheck.self, forKey: .healthcheck)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(image, forKey: .image)
        try c.encode(hostname, forKey: .hostname)
        try c.encode(user, forKey: .user)
        try c.encode(env, forKey: .env)
        try c.encode(labels, forKey: .labels)
        try c.encode(cmd, forKey: .cmd)
        try c.encode(entrypoint, forKey: .entrypoint)
        try c.encode(workingDir, forKey: .workingDir)
        try c.encode(tty, forKey: .tty)
        try c.encode(Dictionary(uniqueKeysWithValues: exposedPorts.map { ($0, Empty()) }), forKey: .exposedPorts)
        try c.encodeIfPresent(healthcheck, forKey: .healthcheck)
    }

    /// Old engines write `Cmd` and `Entrypoint` as one string rather than a list.
    private static func stringList(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [String] {
        if let list = try? c.decodeIfPresent([String].self, forKey: key) { return list }
        if let single = try c.decodeIfPresent(String.self, forKey: key) { return [single] }
        return []
    }
}

/// The health check a container runs (`Config.Healthcheck`); durations in nanoseconds, 0 for
/// the engine's default.
public struct ContainerHealthcheck: Sendable, Hashable, Codable {
    /// `["CMD-SHELL", "pg_isready"]`, `["CMD", "curl", …]`, or `["NONE"]`.
    public var test: [String]
    public var interval: Int64
    public var timeout: Int64
    public var startPeriod: Int64
    public var retries: Int

    public init(test: [String], interval: Int64 = 0, timeout: Int64 = 0, startPeriod: Int64 = 0, retries: Int = 0) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.retries = retries
    }

    enum CodingKeys: String, CodingKey {
        case test = "Test", interval = "Interval", timeout = "Timeout", startPeriod = "StartPeriod"
        case retries = "Retries"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        test = try c.value(.test, or: [])
        interval = try c.value(.interval, or: 0)
        timeout = try c.value(.timeout, or: 0)
        startPeriod = try c.value(.startPeriod, or: 0)
        retries = try c.value(.retries, or: 0)
    }
}
