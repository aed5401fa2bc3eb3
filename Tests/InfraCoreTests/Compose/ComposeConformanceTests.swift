import Foundation
import InfraCore
import Testing
import TestSupport

/// The real-world compose files the conformance test reads, and their manifest.
enum ComposeCorpus {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corpus")
    static let manifest = Prerequisite.file(folder.appendingPathComponent("MANIFEST.tsv").path, what: "the Compose corpus")
}

/// Loads every file of the Compose corpus and checks the loader agrees with the real
/// `docker compose`, run live: the same files accepted and refused, and for accepted files
/// the same services, container names, published ports, networks, dependencies, environment
/// names and health checks.
@Suite("Compose conformance", .requires(ComposeCorpus.manifest), .requires(.dockerCompose))
struct ComposeConformanceTests {
    /// Files where the loader deliberately differs from Compose, with the reason.
    static let deviations: [String: String] = [
        "compose-spec__compose-go/loader__loader_test.go__L510.yaml": "unknown keys are REG002 warnings, not errors",
        "compose-spec__compose-go/loader__loader_test.go__L1165.yaml": "unknown keys are REG002 warnings, not errors",
        "compose-spec__compose-go/loader__tests__service_hooks_test.go__L29.yaml": "unknown keys are REG002 warnings, not errors",
        "docker__compose/pkg__e2e__fixtures__wrong-composefile__compose.yaml": "unknown keys are REG002 warnings, not errors",
        "docker__compose/pkg__e2e__testdata__TestPreStartHookSequentialOrder__compose.yaml": "unknown keys are REG002 warnings, not errors",
        "compose-spec__compose-go/loader__override_test.go__L280.yaml":
            "compose-go resolves this `extends` chain with `!override` in Go map order, so its answer varies between runs",
        "compose-spec__compose-go/loader__reset_test.go__L151.yaml":
            "compose-go's alias cycle check takes `test` for a parent of `test.other`; the document has no cycle",
        "infractl__cases/container-name-shared-profile.yaml":
            "the loader checks every profile's services: both run with profile `full`, where Compose refuses the shared name; `config -q` enables no profile",
    ]

    static let corpus = ComposeCorpus.folder

    struct Row: Sendable {
        var file: String
        var composeExit: Int
        var reason: String
    }

    static func rows() throws -> [Row] {
        let text = try String(contentsOf: corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Row(file: fields[0], composeExit: Int(fields[5]) ?? -1, reason: fields[7])
        }
    }

    @Test func loaderAgreesWithDockerCompose() async throws {
        try ComposeCorpus.manifest.require()
        try Prerequisite.dockerCompose.require()
        let environment = Self.composeEnvironment
        let workspace = Workspace(root: Self.corpus.path, files: DiskFileSource(root: Self.corpus.path), environment: environment)
        let loader = ComposeLoader(workspace: workspace)
        var accepted = 0, compared = 0, rejected = 0, deviating = 0
        var disagreements: [String] = []
        let rows = try Self.rows()
        // Minutes of waiting on 500 Compose runs: on a thread of its own, not on one of Swift
        // Concurrency's few cooperative threads, which the other tests need meanwhile.
        let oracle = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Self.askCompose(about: rows)) }.start()
        }
        for (row, answer) in zip(rows, oracle) {
            let check = answer.check
            if check.status != row.composeExit {
                disagreements.append("\(row.file): docker compose exits \(check.status) here, the manifest says \(row.composeExit)")
            }
            // What the loader leaves to the rules (DEP001/DEP005) Compose refuses the file for.
            let result = Result { () throws(InputErrors) in
                let project = try loader.load([row.file])
                let deferred = ComposeProjectValidator.deferredProblems(in: project)
                guard deferred.isEmpty else { throw InputErrors(deferred) }
                return project
            }
            if Self.deviations[row.file] != nil {
                deviating += 1
                continue
            }
            switch (result, check.status == 0) {
            case (.success(let project), true):
                accepted += 1
                // Compose cannot print some projects as JSON (build.ssh as a list); nothing to compare.
                guard let json = answer.json, json.status == 0, let view = ComposeView(json: json.output) else { continue }
                compared += 1
                let mine = ComposeView(project)
                if mine != view { disagreements.append("\(row.file): loader view differs\n  loader:  \(mine)\n  compose: \(view)") }
                if !project.unknownKeys.isEmpty {
                    disagreements.append("\(row.file): keys Compose accepts reported unknown: \(project.unknownKeys.map(\.key))")
                }
            case (.failure(let errors), false):
                rejected += 1
                if errors.errors.isEmpty { disagreements.append("\(row.file): refused without an error") }
                if ProcessInfo.processInfo.environment["COMPOSE_CONFORMANCE_VERBOSE"] != nil {
                    print("refused \(row.file)\n  compose: \(check.firstLine)\n  loader:  \(errors.errors.first?.description ?? "")")
                }
            case (.failure(let errors), true):
                disagreements.append("\(row.file): Compose accepts it, the loader refuses it: \(errors.errors.first?.description ?? "")")
            case (.success, false):
                disagreements.append("\(row.file): Compose refuses it (\(check.firstLine)), the loader accepts it")
            }
        }
        print("compose conformance: \(accepted) accepted (\(compared) compared), \(rejected) rejected, \(deviating) deviations")
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.joined(separator: "\n"))")
        #expect(accepted > 100)
    }

    /// What Compose says about each row, asked two rows at a time: `config -q` as the corpus
    /// README does, and for accepted files the JSON of the project with every profile active.
    static func askCompose(about rows: [Row]) -> [(check: Output, json: Output?)] {
        final class Answers: @unchecked Sendable {
            let lock = NSLock()
            var values: [(check: Output, json: Output?)?]
            init(count: Int) { values = Array(repeating: nil, count: count) }
        }
        let answers = Answers(count: rows.count)
        DispatchQueue.concurrentPerform(iterations: rows.count) { index in
            let row = rows[index]
            let folder = corpus.appendingPathComponent(row.file).deletingLastPathComponent()
            let name = (row.file as NSString).lastPathComponent
            let check = run(["docker", "compose", "-f", name, "config", "-q"], in: folder)
            let json = check.status == 0 ? run(["docker", "compose", "-f", name, "--profile", "*", "config", "--format", "json"], in: folder) : nil
            answers.lock.withLock { answers.values[index] = (check, json) }
        }
        return answers.values.map { $0 ?? (Output(status: -1, output: Data(), firstLine: "not run"), nil) }
    }

    /// `env -i HOME=… PATH=…`, as the corpus README's loop runs Compose.
    static var composeEnvironment: [String: String] {
        let process = ProcessInfo.processInfo.environment
        return ["HOME": process["HOME"] ?? "/root", "PATH": process["PATH"] ?? "/usr/bin:/bin"]
    }

    struct Output: Sendable {
        var status: Int32
        var output: Data
        var firstLine: String
    }

    /// Runs a command under `timeout` with the clean environment, collecting stdout.
    static func run(_ arguments: [String], in folder: URL) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "-k", "5", "20"] + arguments
        process.currentDirectoryURL = folder
        process.environment = composeEnvironment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { return Output(status: -1, output: Data(), firstLine: "\(error)") }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let firstLine = String(decoding: errors, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        return Output(status: process.terminationStatus, output: output, firstLine: firstLine)
    }
}

/// What the conformance test compares: per service, the facts the rules read.
struct ComposeView: Equatable, CustomStringConvertible {
    struct Service: Equatable {
        var containerName: String?
        var ports: [String]
        var networks: [String]
        var dependsOn: [String]
        var environment: [String]
        var healthcheck: Bool
    }

    var services: [String: Service]

    init(_ project: ComposeProject) {
        var services: [String: Service] = [:]
        for service in project.services {
            var ports: [String] = []
            for port in service.ports {
                let host = port.hostIP ?? ""
                if port.target.count > 1 {
                    for (offset, target) in port.target.enumerated() {
                        let published = port.published.map { "\($0.lowerBound + offset)" } ?? ""
                        ports.append("\(host):\(published):\(target)/\(port.protocol)")
                    }
                } else {
                    let published = port.published.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" } ?? ""
                    ports.append("\(host):\(published):\(port.target.lowerBound)/\(port.protocol)")
                }
            }
            services[service.name] = Service(
                containerName: service.containerName, ports: ports.sorted(), networks: service.networkNames.sorted(),
                dependsOn: service.dependsOn.map { "\($0.service):\($0.condition.rawValue)" }.sorted(),
                environment: Set(service.environment.map(\.name)).sorted(), healthcheck: service.healthcheck != nil)
        }
        self.services = services
    }

    init?(json: Data) {
        guard let root = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else { return nil }
        var services: [String: Service] = [:]
        for (name, value) in root["services"] as? [String: Any] ?? [:] {
            let service = value as? [String: Any] ?? [:]
            let ports = (service["ports"] as? [[String: Any]] ?? []).map { port in
                "\(port["host_ip"] as? String ?? ""):\(port["published"] as? String ?? ""):\(port["target"] as? Int ?? 0)/\(port["protocol"] as? String ?? "tcp")"
            }
            let dependsOn = (service["depends_on"] as? [String: Any] ?? [:]).map { key, value in
                "\(key):\((value as? [String: Any])?["condition"] as? String ?? "")"
            }
            services[name] = Service(
                containerName: service["container_name"] as? String, ports: ports.sorted(), networks: (service["networks"] as? [String: Any] ?? [:]).keys.sorted(),
                dependsOn: dependsOn.sorted(), environment: (service["environment"] as? [String: Any] ?? [:]).keys.sorted(),
                healthcheck: service["healthcheck"] != nil)
        }
        self.services = services
    }

    var description: String {
        services.keys.sorted().map { name in
            let service = services[name]
            return "\(name){name \(service?.containerName ?? "-") ports \(service?.ports ?? []) nets \(service?.networks ?? []) deps \(service?.dependsOn ?? []) env \(service?.environment ?? []) hc \(service?.healthcheck ?? false)}"
        }.joined(separator: " ")
    }
}
