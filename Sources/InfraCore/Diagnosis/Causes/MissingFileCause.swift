import DockerEngine
import Foundation

/// missing-file: a file, folder or command does not exist.
public struct MissingFileCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .missingFile,
        summary: "A file, folder or command does not exist",
        rationale: """
            A path the process opens, or the command it runs, is missing: most often a bind \
            mount whose source does not exist in the workspace (Docker then mounts an empty \
            folder), a volume that does not provide the file, or a script that was never copied \
            into the image. The explanation says which, from the service's volumes and command.
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "  backend:\n", with: "  1️⃣backend:\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 2), networks: ["prism_default", "forge-network"],
                        logs: ["python: can't open file '/app/main.py': [Errno 2] No such file or directory"]),
                ]),
                service: "prism-backend",
                explanation: "/app/main.py is not in the image and no volume provides it.",
                fix: "Mount main.py from the project folder (or build it into the image).",
                replace: "services:\n  backend:\n    volumes:\n      - ./main.py:/app/main.py:ro\n"),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev\n",
                    with: "    image: prism-backend:dev\n    volumes:\n      - 1️⃣./config:/config\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["open /config/app.yaml: no such file or directory"]),
                ]),
                service: "prism-backend",
                explanation: "/config/app.yaml comes from the bind mount ./config:/config, and prism/config does not exist in the workspace.",
                fix: "Create prism/config, or correct the source of this volume entry."),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev\n", with: "    image: prism-backend:dev\n    1️⃣command: [\"/app/start.sh\"]\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["/bin/sh: /app/start.sh: not found"]),
                ]),
                service: "prism-backend",
                explanation: "Its command /app/start.sh does not exist in the image prism-backend:dev.",
                fix: "Run a command the image has, or mount the script into the container."),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev\n",
                    with: "    image: prism-backend:dev\n    volumes:\n      - 1️⃣config:/config\n").replacingOccurrences(
                    of: "networks:\n  forge-network:", with: "volumes:\n  config:\nnetworks:\n  forge-network:")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["open /config/app.yaml: no such file or directory"]),
                ]),
                service: "prism-backend",
                explanation: "/config/app.yaml should come from the mount config:/config, which does not provide it.",
                fix: "Put app.yaml into config, or mount the folder that has it."),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        context.missingFile(cause, of: service, container: container)
    }
}

extension DiagnosisContext {
    fileprivate func missingFile(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        let path = cause.path
        if let path, let (mount, project) = self.mount(covering: path, of: service) {
            let source = mount.source ?? ""
            let workspacePath = mount.type == "bind" ? WorkspacePath.join(project.directory, source) : nil
            if let workspacePath, !validation.files.exists(workspacePath) {
                return ServiceCause(
                    cause: cause,
                    explanation: "\(path) comes from the bind mount \(source):\(mount.target), and \(workspacePath) does not exist in the workspace.",
                    fix: Fix(
                        file: mount.location.file, line: mount.location.line,
                        explanation: "Create \(workspacePath), or correct the source of this volume entry."),
                    location: mount.location)
            }
            return ServiceCause(
                cause: cause,
                explanation: "\(path) should come from the mount \(source.isEmpty ? "" : "\(source):")\(mount.target), which does not provide it.",
                fix: Fix(
                    file: mount.location.file, line: mount.location.line,
                    explanation: "Put \(path.split(separator: "/").last.map(String.init) ?? path) into \(source.isEmpty ? "the volume" : source), or mount the folder that has it."),
                location: mount.location)
        }
        let program = Self.program(of: (compose?.service.entrypoint ?? []) + (compose?.service.command ?? []))
        let commandMissing = path.map { path in program.map { $0 == path || $0.hasSuffix("/" + path) } ?? false }
            ?? cause.evidence.contains { $0.hasPrefix("Exit code 127") }
        if commandMissing {
            let location = compose?.service.fieldLocations["command"] ?? compose?.service.fieldLocations["entrypoint"]
                ?? compose?.service.location ?? service.location
            let image = container.summary.image
            return ServiceCause(
                cause: cause,
                explanation: "\(path.map { "Its command \($0)" } ?? "Its command") does not exist in the image \(image).",
                fix: Fix(
                    file: location.file, line: location.line,
                    explanation: "Run a command the image has, or mount the script into the container."),
                location: location)
        }
        guard let path else {
            let location = compose?.service.location ?? service.location
            return ServiceCause(cause: cause, explanation: "A file it needs does not exist.", location: location)
        }
        let location = compose?.service.fieldLocations["volumes"] ?? compose?.service.location ?? service.location
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return ServiceCause(
            cause: cause,
            explanation: "\(path) is not in the image and no volume provides it.",
            fix: Fix(
                file: location.file, line: location.line,
                replace: "services:\n  \(key):\n    volumes:\n      - ./\(name):\(path):ro\n",
                explanation: "Mount \(name) from the project folder (or build it into the image)."),
            location: location)
    }
}
