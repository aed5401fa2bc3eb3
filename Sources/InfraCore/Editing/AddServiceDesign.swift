/// What a new service will be, decided from the request and the workspace as loaded, before
/// any file is edited: its port, compose file, networks, variables, secrets, tier and the
/// blueprint every edit step writes from.
public struct AddServiceDesign: Sendable {
    /// What was asked for.
    public var request: AddServiceRequest
    /// The app it belongs to.
    public var app: Registry.App
    /// Its registry type.
    public var type: ServiceType
    /// The host port: reused from an earlier `ports allocate`, else the app's lowest free one.
    public var port: Int
    /// Whether the port was allocated to the service before and is reused.
    public var reusedAllocation: Bool
    /// The compose file that gets the service.
    public var composeFile: String
    /// The networks the service joins (`default` in development).
    public var networks: [String]
    /// An internal network the app lacks and the change declares.
    public var newNetwork: String?
    /// Variables the service reads that the `.env` beside its compose file must define, with
    /// the file that holds their value.
    public var secrets: [(variable: String, source: String?)]
    /// Everything the edit steps write, as fields and compose text.
    public var blueprint: ServiceBlueprint
    /// Things a person should know, found while designing.
    public var notes: [String]

    /// `development` or `production`, as the files' comments and entries say it.
    public var environmentWord: String { request.environment == .prod ? "production" : "development" }
}
