/// Traefik's static configuration as written on its command line (`--providers.docker.network=web`),
/// read from a compose service's `command`.
public struct TraefikCommand: Sendable, Hashable {
    /// Option values by option name, lowercased and without the leading dashes; an option given
    /// without a value (`--providers.docker`) has the value `true`.
    public var options: [String: String]

    /// Reads `--option=value`, `--option value` and bare `--option` arguments; other arguments
    /// (the `traefik` executable, positional words) are skipped.
    public init(arguments: [String]) {
        var options: [String: String] = [:]
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else { continue }
            let option = argument.drop { $0 == "-" }
            guard !option.isEmpty else { continue }
            if let equals = option.firstIndex(of: "=") {
                options[option[..<equals].lowercased()] = String(option[option.index(after: equals)...])
            } else if index < arguments.endIndex, !arguments[index].hasPrefix("-") {
                options[option.lowercased()] = arguments[index]
                index += 1
            } else {
                options[option.lowercased()] = "true"
            }
        }
        self.options = options
    }

    /// The command of a compose service, when it has one.
    public init?(_ service: ComposeService) {
        guard let command = service.command else { return nil }
        self.init(arguments: command)
    }

    /// The value of an option, by name without dashes (case-insensitive).
    public func value(_ option: String) -> String? { options[option.lowercased()] }

    /// The network the Docker provider uses to reach containers (`--providers.docker.network`).
    public var dockerNetwork: String? { value("providers.docker.network").flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether a compose service runs Traefik, judged by its image.
    public static func runsTraefik(_ service: ComposeService) -> Bool {
        service.image?.lowercased().includes("traefik") ?? false
    }
}
