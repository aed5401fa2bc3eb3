import Foundation

/// The commands a finding suggests for verifying its fix, run from the workspace root.
extension DiagnosisContext {
    /// `docker compose -f base -f overlay up -d key`, with `-p` when the running project has a
    /// name other than the one Compose would derive, and the service's profiles.
    public func composeUpCommand(for service: Registry.Service) -> String {
        var arguments = ["docker", "compose"]
        let compose = self.compose(of: service)
        if let project = container(of: service.name)?.compose?.project,
           project != defaultProjectName(compose?.project, composeFile: service.composeFile) {
            arguments += ["-p", project]
        }
        for file in service.composeFiles { arguments += ["-f", Self.quoted(file)] }
        for profile in compose?.service.profiles ?? [] { arguments += ["--profile", Self.quoted(profile)] }
        arguments += ["up", "-d", Self.quoted(compose?.service.name ?? service.name)]
        return arguments.joined(separator: " ")
    }

    /// The usual checks of a service's container: its status, its last log lines, and the
    /// engine's view of its last run.
    func statusCommands(for name: String) -> [String] {
        [
            "docker ps -a --filter name=^\(name)$ --format '{{.Names}} {{.Status}}'", "docker logs \(name) --tail 50",
            "docker inspect \(name) --format '{{.State.Status}} exit={{.State.ExitCode}} restarts={{.RestartCount}} {{.State.Error}}'",
        ]
    }

    /// The networks a container is on.
    func networksCommand(_ name: String) -> String {
        "docker inspect \(name) --format '{{range $net, $config := .NetworkSettings.Networks}}{{$net}} {{end}}'"
    }

    private func defaultProjectName(_ project: ComposeProject?, composeFile: String) -> String {
        ComposeProject.derivedName(declared: project?.name, baseFile: composeFile, workspaceRoot: workspaceRoot)
    }

    /// A shell word, single-quoted when it holds anything but safe characters.
    static func quoted(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
