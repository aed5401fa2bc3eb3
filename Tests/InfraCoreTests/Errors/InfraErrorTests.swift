import DockerEngine
@testable import InfraCore
import Testing

/// Every error a person sees prints through `InfraError`, with a stable code.
@Suite struct InfraErrorTests {
    @Test func inputErrorsSayWhereTheyAreThemselves() {
        let one = InputError(file: "apps/a/docker-compose.yml", line: 3, column: 5, message: "ports must be a list")
        #expect(one.printedMessage == "apps/a/docker-compose.yml:3:5: error: ports must be a list")
        let two = InputErrors([one, InputError(file: ".dev/infra/registry.yml", message: "version is missing")])
        #expect(two.printedMessage == """
            apps/a/docker-compose.yml:3:5: error: ports must be a list
            .dev/infra/registry.yml: error: version is missing
            """)
        #expect(one.code == "input" && two.code == "input")
    }

    @Test func otherErrorsAreTheirDescriptionAfterError() {
        let errors: [(any InfraError, String, String)] = [
            (EditError("port 4000 is taken"), "edit", "error: port 4000 is taken"),
            (WorkspaceError.outsideWorkspace("../x"), "workspace.outside", "error: path ../x leaves the workspace"),
            (StartupError.composeUnavailable("no docker"), "startup.compose-unavailable", "error: no docker"),
            (DiagnosisError.unknownService("web", suggestion: nil), "diagnosis.unknown-service",
             "error: unknown service web; the registry's services are the ones to diagnose"),
            (DockerEngineError(kind: .engineUnreachable, address: "unix:///x.sock", message: "refused"), "engine.unreachable",
             "error: cannot reach the Docker engine at unix:///x.sock: refused"),
            (AtomicFile.POSIXFailure(operation: "rename", path: "/x", errorNumber: 2), "file.rename",
             "error: cannot rename /x: No such file or directory"),
        ]
        for (error, code, printed) in errors {
            #expect(error.code == code)
            #expect(error.printedMessage == printed)
            #expect(error.localizedDescription == String(printed.dropFirst("error: ".count)))
        }
    }
}
