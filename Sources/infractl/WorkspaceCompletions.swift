import ArgumentParser
import Foundation
import InfraCore

/// Shell completions of names that live in the workspace: the shell runs
/// `infractl ---completion …` and these read the registry of the workspace the command line
/// names (`--workspace DIR`) or the one found from the current folder. A workspace that cannot
/// be read completes nothing rather than printing an error into the shell.
enum WorkspaceCompletions {
    /// Registry service names.
    static let services = CompletionKind.custom { arguments, _, prefix in
        names(arguments, prefix) { $0.services.map(\.name) }
    }

    /// App names.
    static let apps = CompletionKind.custom { arguments, _, prefix in
        names(arguments, prefix) { $0.apps.map(\.name) }
    }

    /// What `impact` takes: services, apps and networks.
    static let targets = CompletionKind.custom { arguments, _, prefix in
        names(arguments, prefix) { $0.services.map(\.name) + $0.apps.map(\.name) + $0.networks.map(\.name) }
    }

    /// Rule and live-check ids; these need no workspace.
    static let rules = CompletionKind.custom { _, _, prefix in
        RuleCatalog.descriptions.map(\.id).filter { $0.lowercased().hasPrefix(prefix.lowercased()) }
    }

    /// `pick`'s names from the registry, those starting with `prefix`, sorted.
    static func names(_ arguments: [String], _ prefix: String, _ pick: (Registry) -> [String]) -> [String] {
        guard
            let workspace = try? Workspace.locate(explicitRoot: value(of: "--workspace", in: arguments), registryPath: value(of: "--registry", in: arguments)),
            let registry = try? RegistryLoader(workspace: workspace).load()
        else { return [] }
        return Set(pick(registry)).filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// The value of `--name VALUE` or `--name=VALUE` on the command line being completed.
    static func value(of name: String, in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == name, index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
        }
        return nil
    }
}
