/// The labels Docker Compose puts on the containers it creates, read back.
public struct ComposeLabels: Sendable, Hashable {
    public static let projectKey = "com.docker.compose.project"
    public static let serviceKey = "com.docker.compose.service"
    public static let configFilesKey = "com.docker.compose.project.config_files"
    public static let workingDirectoryKey = "com.docker.compose.project.working_dir"
    public static let containerNumberKey = "com.docker.compose.container-number"
    public static let oneoffKey = "com.docker.compose.oneoff"

    /// The compose project name.
    public var project: String
    /// The service name within the project.
    public var service: String
    /// The compose files the project was started from, absolute paths as Compose wrote them.
    public var configFiles: [String]
    public var workingDirectory: String?
    /// 1 for the first replica.
    public var containerNumber: Int?
    /// A `docker compose run` container rather than a service's own.
    public var isOneOff: Bool

    /// The compose labels among `labels`; nil when the container was not made by Compose.
    public init?(labels: [String: String]) {
        guard let project = labels[Self.projectKey], let service = labels[Self.serviceKey] else { return nil }
        self.project = project
        self.service = service
        configFiles = (labels[Self.configFilesKey] ?? "").split(separator: ",").map(String.init)
        workingDirectory = labels[Self.workingDirectoryKey]
        containerNumber = labels[Self.containerNumberKey].flatMap { Int($0) }
        isOneOff = labels[Self.oneoffKey]?.lowercased() == "true"
    }
}
