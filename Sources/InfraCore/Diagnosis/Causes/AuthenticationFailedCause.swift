import DockerEngine
import Foundation

/// authentication-failed: a server refused the credentials.
public struct AuthenticationFailedCause: CauseExplainer {
    public static let description = CauseDescription(
        kind: .authenticationFailed,
        summary: "A server refused the credentials",
        rationale: """
            PostgreSQL, MySQL and Redis refuse a password that is not the one they were set up \
            with; a database volume keeps the password of its first start, so changing \
            `POSTGRES_PASSWORD` later does not change it. When a connection string names the \
            server, the fix takes its password from the variable the server itself uses, \
            defined once.
            """,
        examples: [
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "      DATABASE_URL: postgresql://prism:${DB_PASSWORD}@",
                    with: "      1️⃣DATABASE_URL: postgresql://prism:old-secret@")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: [#"FATAL:  password authentication failed for user "prism""#]),
                ]),
                service: "prism-backend",
                explanation: "forge-postgres refused the credentials in DATABASE_URL (user prism): its password is not the one forge-postgres was set up with (a database volume keeps the password of its first start).",
                fix: "Take the password of DATABASE_URL from the same variable the server uses (POSTGRES_PASSWORD), defined once in an env file.",
                replace: "DATABASE_URL: postgresql://prism:${POSTGRES_PASSWORD}@forge-postgres:5432/prism"),
            CauseExample(
                ExamplePlatform.files(prism: ExamplePlatform.backend.replacingOccurrences(
                    of: "    environment:\n      DATABASE_URL: postgresql://prism:${DB_PASSWORD}@forge-postgres:5432/prism\n",
                    with: "    1️⃣environment:\n      PGHOST: forge-postgres\n      PGUSER: prism\n")),
                engine: EngineExample([
                    ExamplePlatform.postgres,
                    ContainerExample(
                        "prism-backend", state: .exited(code: 1), networks: ["prism_default", "forge-network"],
                        logs: [#"FATAL:  password authentication failed for user "prism""#]),
                ]),
                service: "prism-backend",
                explanation: "A server refused its credentials (user prism).",
                fix: "Give it the user and password the server was set up with."),
        ])

    public init() {}

    public func explain(
        _ cause: RootCause, of service: Registry.Service, container: ContainerSnapshot, in context: DiagnosisContext
    ) -> ServiceCause {
        context.authenticationFailed(cause, of: service)
    }
}

extension DiagnosisContext {
    fileprivate func authenticationFailed(_ cause: RootCause, of service: Registry.Service) -> ServiceCause {
        let user = cause.user.map { " (user \($0))" } ?? ""
        let compose = self.compose(of: service)
        for variable in compose?.service.environment ?? [] {
            guard let value = variable.value, let rawValue = variable.rawValue, value.contains("://"), value.contains("@"),
                  let endpoint = ConnectionString.endpoints(in: value, hostsAllowed: true).first else { continue }
            let server = registry.service(named: endpoint.host) ?? registryService(forHost: endpoint.host, from: service)
            let secretName = server.flatMap { passwordVariable(of: $0) } ?? "DB_PASSWORD"
            let replaced = Self.replacingPassword(in: rawValue, with: "${\(secretName)}")
            return ServiceCause(
                cause: cause,
                explanation: "\(endpoint.host) refused the credentials in \(variable.name)\(user): its password is not the one \(server?.name ?? endpoint.host) was set up with (a database volume keeps the password of its first start).",
                fix: Fix(
                    file: variable.location.file, line: variable.location.line,
                    replace: replaced.map { variable.envFile == nil ? "\(variable.name): \($0)" : "\(variable.name)=\($0)" },
                    explanation: "Take the password of \(variable.name) from the same variable the server uses (\(secretName)), defined once in an env file."),
                location: variable.location)
        }
        let location = compose?.service.location(of: "environment") ?? service.location
        return ServiceCause(
            cause: cause, explanation: "A server refused its credentials\(user).",
            fix: Fix(file: location.file, line: location.line, explanation: "Give it the user and password the server was set up with."),
            location: location)
    }

    /// The password variable a server's compose environment defines (`POSTGRES_PASSWORD`).
    fileprivate func passwordVariable(of service: Registry.Service) -> String? {
        compose(of: service)?.service.environment.first { $0.name.uppercased().contains("PASSWORD") && !$0.name.uppercased().hasSuffix("_FILE") }?.name
    }

    /// `scheme://user:secret@host` with the password replaced; nil without one.
    static func replacingPassword(in value: String, with replacement: String) -> String? {
        guard let scheme = value.range(of: "://") else { return nil }
        let rest = value[scheme.upperBound...]
        // A password may hold `/` or `@`; the host starts after the last `@` before the query.
        guard let at = rest.prefix(while: { $0 != "?" && $0 != "#" }).lastIndex(of: "@"),
              let colon = rest[..<at].firstIndex(of: ":") else { return nil }
        return String(value[..<rest.index(after: colon)]) + replacement + String(value[at...])
    }
}
