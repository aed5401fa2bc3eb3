import DockerEngine
import InfraCore
import Testing

/// The Diagnosis Report layout and the JSON of `diagnose`, as golden files.
@Suite("Diagnosis report")
struct DiagnosisReportTests {
    typealias F = DiagnosisFixture

    /// forge-postgres exited (its data directory has the wrong owner), so the worker cannot
    /// reach it and the backend, still running, depends on it; a stray container runs beside.
    static func brokenReport() throws -> Report {
        var stray = F.running("stray-box", networks: ["bridge"])
        stray.summary.labels = [:]
        let diagnosis = try F.diagnose(containers: [
            F.exited("forge-postgres", code: 1, logs: [
                "2027-01-15 08:00:00.000 UTC [1] FATAL:  data directory \"/var/lib/postgresql/data\" has wrong ownership",
                "2027-01-15 08:00:00.000 UTC [1] HINT:  The server must be started by the user that owns the data directory.",
            ], networks: ["forge-network"], environment: ["POSTGRES_PASSWORD=pg-literal-secret"]),
            F.backend,
            F.exited("prism-worker", code: 1, logs: ["nc: bad address 'forge-postgres'"], networks: ["prism_default", "forge-network"]),
            stray,
        ])
        return Report(diagnosis: diagnosis, workspace: F.root, platform: "MINI", registryFile: ".dev/infra/registry.yml")
    }

    @Test func markdown() throws {
        let report = try Self.brokenReport()
        let text = MarkdownReporter().generate(report)
        try Golden.check(text, against: "diagnose.md")
        #expect(!text.contains("pg-literal-secret"))
    }

    @Test func json() throws {
        try Golden.check(JSONReporter().generate(try Self.brokenReport()), against: "diagnose.json")
    }

    @Test func healthy() throws {
        let diagnosis = try F.diagnose(containers: [F.postgres, F.backend, F.worker])
        let report = Report(diagnosis: diagnosis, workspace: F.root, platform: "MINI", registryFile: ".dev/infra/registry.yml")
        try Golden.check(MarkdownReporter().generate(report), against: "diagnose-healthy.md")
    }
}
