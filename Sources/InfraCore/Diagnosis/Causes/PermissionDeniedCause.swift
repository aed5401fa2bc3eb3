import DockerEngine
import Foundation

/// permission-denied: the process may not use a path or port.
public struct PermissionDeniedCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .permissionDenied,
        summary: "The process may not read or write a path, or bind a port",
        rationale: """
            A process denied a path writes to a read-only mount, runs as a user that does not \
            own a bind-mounted host folder, or (PostgreSQL) finds its data directory owned by \
            another user; one denied a port below 1024 runs without root. The fix follows from \
            the mount that covers the path: drop `:ro`, or use a named volume, which Docker \
            creates with the image's ownership.
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev\n",
                    with: "    image: prism-backend:dev\n    volumes:\n      - 1️⃣./data:/data:ro\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["PermissionError: [Errno 13] Permission denied: '/data/app.db'"]),
                ]),
                service: "prism-backend",
                explanation: "It writes /data/app.db, which is on the read-only mount ./data:/data.",
                fix: "Mount it read-write (drop `:ro`), or write elsewhere.",
                replace: "- ./data:/data"),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev\n",
                    with: "    image: prism-backend:dev\n    volumes:\n      - 1️⃣./data:/data\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["PermissionError: [Errno 13] Permission denied: '/data/app.db'"], user: "1000"),
                ]),
                service: "prism-backend",
                explanation: "It runs as 1000 and may not use /data/app.db, on the bind mount of ./data.",
                fix: "Use a named volume (Docker gives it the image's ownership), or give 1000 access to ./data on the host.",
                replace: "services:\n  backend:\n    volumes:\n      - backend-data:/data\nvolumes:\n  backend-data:\n"),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: #"    ports: ["6000:8000"]"#, with: #"    1️⃣ports: ["6000:8000"]"#)),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: ["Error: listen EACCES: permission denied 0.0.0.0:80"], user: "node"),
                ]),
                service: "prism-backend",
                explanation: "It runs as node and may not listen on port 80 (below 1024).",
                fix: "Listen on a port above 1023 inside the container and map it in `ports`."),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    image: prism-backend:dev\n", with: "    image: prism-backend:dev\n    1️⃣user: postgres\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: [#"FATAL:  data directory "/var/lib/postgresql/data" has wrong ownership"#]),
                ]),
                service: "prism-backend",
                explanation: "Its data directory /var/lib/postgresql/data belongs to another user than the one the server runs as.",
                fix: "Keep the data in a named volume (Docker gives it the image's ownership), or chown the host folder to the server's user."),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        context.permissionDenied(cause, of: service, container: container)
    }
}

extension DiagnosisContext {
    fileprivate func permissionDenied(_ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot) -> ServiceCause {
        let compose = self.compose(of: service)
        let key = compose?.service.name ?? service.name
        let user = container.details?.config.user.isEmpty == false ? container.details?.config.user ?? "" : "root"
        if let path = cause.path, let (mount, _) = self.mount(covering: path, of: service) {
            let source = mount.source ?? "an anonymous volume"
            if mount.readOnly {
                return ServiceCause(
                    cause: cause,
                    explanation: "It writes \(path), which is on the read-only mount \(source):\(mount.target).",
                    fix: Fix(
                        file: mount.location.file, line: mount.location.line, replace: "- \(source):\(mount.target)",
                        explanation: "Mount it read-write (drop `:ro`), or write elsewhere."),
                    location: mount.location)
            }
            let volume = "\(key)-data"
            return ServiceCause(
                cause: cause,
                explanation: "It runs as \(user) and may not use \(path), on the \(mount.type) mount of \(source).",
                fix: Fix(
                    file: mount.location.file, line: mount.location.line,
                    replace: "services:\n  \(key):\n    volumes:\n      - \(volume):\(mount.target)\nvolumes:\n  \(volume):\n",
                    explanation: "Use a named volume (Docker gives it the image's ownership), or give \(user) access to \(source) on the host."),
                location: mount.location)
        }
        if let port = cause.port, port < 1024 {
            let location = compose?.service.location(of: "ports") ?? service.location
            return ServiceCause(
                cause: cause, explanation: "It runs as \(user) and may not listen on port \(port) (below 1024).",
                fix: Fix(file: location.file, line: location.line, explanation: "Listen on a port above 1023 inside the container and map it in `ports`."),
                location: location)
        }
        let location = compose?.service.fieldLocations["user"] ?? compose?.service.location ?? service.location
        if let path = cause.path, cause.evidence.contains(where: { $0.contains("wrong ownership") }) {
            return ServiceCause(
                cause: cause,
                explanation: "Its data directory \(path) belongs to another user than the one the server runs as.",
                fix: Fix(
                    file: location.file, line: location.line,
                    explanation: "Keep the data in a named volume (Docker gives it the image's ownership), or chown the host folder to the server's user."),
                location: location)
        }
        return ServiceCause(
            cause: cause, explanation: "It runs as \(user) and is denied \(cause.path ?? "access to a file or port").",
            fix: Fix(file: location.file, line: location.line, explanation: "Run it as a user that owns \(cause.path ?? "what it needs"), or fix the ownership in the image."),
            location: location)
    }
}
