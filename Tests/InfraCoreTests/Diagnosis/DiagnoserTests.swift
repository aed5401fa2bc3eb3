import DockerEngine
import Foundation
import InfraCore
import Testing

/// The analyzers on snapshots built by hand: the right check, root cause, evidence and fix, and
/// root causes before what they explain.
@Suite("Diagnosis")
struct DiagnoserTests {
    typealias F = DiagnosisFixture

    @Test func aHealthyPlatformHasNoFindings() throws {
        let diagnosis = try F.diagnose(containers: [F.postgres, F.backend, F.worker])
        #expect(diagnosis.findings.isEmpty)
        #expect(diagnosis.services.map(\.summary) == ["Running, healthy", "Running, healthy", "Running"])
        #expect(diagnosis.services.allSatisfy { $0.condition == .ok })
    }

    @Test func aDependencyThatIsDownComesBeforeTheServicesItBreaks() throws {
        let diagnosis = try F.diagnose(containers: [
            F.exited("forge-postgres", code: 1, logs: ["FATAL:  data directory \"/var/lib/postgresql/data\" has wrong ownership"], networks: ["forge-network"]),
            F.backend,
            F.exited("prism-worker", code: 1, logs: ["nc: bad address 'forge-postgres'"], networks: ["prism_default", "forge-network"]),
        ])
        #expect(diagnosis.findings.map(\.rule) == ["RUN002", "RUN008", "RUN002"])
        #expect(diagnosis.rootCauses == [0])
        let root = try #require(diagnosis.findings.first)
        #expect(root.service == "forge-postgres")
        #expect(root.message.hasPrefix("forge-postgres: not running (exited 1)."))
        #expect(root.evidence.contains("FATAL:  data directory \"/var/lib/postgresql/data\" has wrong ownership"))
        let worker = diagnosis.findings[2]
        #expect(worker.service == "prism-worker")
        #expect(worker.message == "prism-worker: not running (exited 1). It cannot reach forge-postgres, which is not running (exited 1).")
        #expect(worker.evidence.contains("nc: bad address 'forge-postgres'"))
        #expect(worker.fix?.file == "forge/docker-compose.yml")
        #expect(worker.fix?.line == 2)
        #expect(worker.verify.first == "docker compose -f forge/docker-compose.yml up -d postgres")
        #expect(diagnosis.findings[1].message == "prism-backend depends on forge-postgres, which is not running")
    }

    @Test func aServiceOffTheSharedNetworkCannotResolveTheDatabase() throws {
        let diagnosis = try F.diagnose(
            prism: F.prism(backendNetworks: "[default]"),
            containers: [
                F.postgres, F.worker,
                F.exited("prism-backend", code: 2, logs: [
                    "psql: error: could not translate host name \"forge-postgres\" to address: Name or service not known",
                ], networks: ["prism_default"]),
            ])
        #expect(diagnosis.findings.map(\.rule) == ["RUN005", "RUN002"])
        #expect(diagnosis.rootCauses == [0])
        let network = diagnosis.findings[0]
        #expect(network.message.hasPrefix("prism-backend is not on forge-network. It cannot resolve forge-postgres: prism-backend is on prism_default, but forge-postgres is on forge-network"))
        #expect(network.location?.file == "apps/prism/docker-compose.yml")
        #expect(network.location?.line == 8)
        #expect(network.fix?.replace == "services:\n  backend:\n    networks:\n      - default\n      - forge-network\n")
        let stopped = diagnosis.findings[1]
        #expect(stopped.fix == network.fix)
        #expect(stopped.evidence.contains { $0.contains("could not translate host name") })
    }

    @Test func localhostForAnotherContainerIsFixedInTheVariable() throws {
        let validation = try F.validation(prism: F.prism(databaseURL: "postgresql://prism:hunter2-literal@localhost:5432/prism"))
        _ = validation
        let diagnosis = try F.diagnose(
            prism: F.prism(databaseURL: "postgresql://prism:hunter2-literal@localhost:5432/prism"),
            containers: [
                F.postgres, F.worker,
                F.exited("prism-backend", code: 1, logs: [
                    "Error: connect ECONNREFUSED 127.0.0.1:5432",
                    "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)",
                ], networks: ["prism_default", "forge-network"]),
            ])
        let finding = try #require(diagnosis.findings.first)
        #expect(finding.rule == "RUN002")
        #expect(finding.message.contains("It connects to 127.0.0.1:5432, which inside a container is the container itself"))
        #expect(finding.message.contains("inside Docker use forge-postgres:5432"))
        #expect(finding.location?.line == 6)
        #expect(finding.fix?.replace == "      DATABASE_URL: postgresql://prism:****@forge-postgres:5432/prism")
        #expect(finding.evidence.contains("Error: connect ECONNREFUSED 127.0.0.1:5432"))
        let report = Report(diagnosis: diagnosis, workspace: F.root, platform: "MINI", registryFile: ".dev/infra/registry.yml")
        for format in ReportFormat.allCases {
            #expect(!report.rendered(as: format).contains("hunter2-literal"), "\(format)")
        }
    }

    @Test func aHostPortHeldByAProcessStopsTheService() throws {
        let socket = HostPortHolder(port: 6000, transport: .tcp, address: "0.0.0.0", inode: 7, pid: 4242, processName: "python3")
        let diagnosis = try F.diagnose(
            containers: [
                F.postgres, F.worker,
                F.exited(
                    "prism-backend", code: 128, logs: [], networks: ["prism_default", "forge-network"],
                    engineError: "driver failed programming external connectivity on endpoint prism-backend (a1b2): failed to bind port 0.0.0.0:6000/tcp: Error starting userland proxy: listen tcp4 0.0.0.0:6000: bind: address already in use",
                    status: .created),
            ],
            hostPorts: [socket])
        #expect(diagnosis.findings.map(\.rule) == ["RUN007", "RUN002"])
        #expect(diagnosis.rootCauses == [0])
        let held = diagnosis.findings[0]
        #expect(held.message == "Port 6000 is in use by python3 (pid 4242) on 0.0.0.0:6000/tcp")
        #expect(held.location?.line == 7)
        #expect(held.fix?.explanation.contains("Stop the process python3 (pid 4242)") == true)
        let stopped = diagnosis.findings[1]
        #expect(stopped.message.hasPrefix("prism-backend: not running (exited 128). It was created but never started. The engine could not publish host port 6000: python3 (pid 4242)"))
        #expect(stopped.evidence.contains { $0.hasPrefix("Engine error: driver failed programming external connectivity") })
    }

    @Test func aHostPortHeldByAnUnregisteredContainer() throws {
        var squatter = F.running("squatter", networks: ["bridge"], ports: [(6000, 80)])
        squatter.summary.labels = [:]
        let diagnosis = try F.diagnose(containers: [
            F.postgres, F.worker, squatter,
            F.exited("prism-backend", code: 128, logs: [], networks: ["prism_default", "forge-network"],
                     engineError: "driver failed programming external connectivity on endpoint prism-backend (a1b2): Bind for 0.0.0.0:6000 failed: port is already allocated",
                     status: .created),
        ])
        #expect(diagnosis.findings.map(\.rule) == ["RUN007", "RUN004", "RUN002"])
        #expect(diagnosis.findings[0].message == "Port 6000 is in use by container squatter")
        #expect(diagnosis.findings[0].fix?.explanation.contains("docker stop squatter") == true)
        #expect(diagnosis.findings[1].message == "squatter is running but not in the registry")
        #expect(diagnosis.findings[1].severity == .warning)
        #expect(diagnosis.findings[1].fix?.replace?.contains("- name: squatter") == true)
        #expect(diagnosis.services.last?.summary == "Running, not in the registry")
    }

    @Test func anUnhealthyContainerShowsItsHealthCheckOutputAndTheRightPort() throws {
        let probe = HealthProbeResult(exitCode: 1, output: "wget: can't connect to remote host (127.0.0.1): Connection refused\n")
        let diagnosis = try F.diagnose(
            prism: F.prism(healthcheck: #"["CMD-SHELL", "wget -q -O /dev/null http://localhost:9000/health || exit 1"]"#),
            containers: [
                F.postgres, F.worker,
                F.running("prism-backend", networks: ["prism_default", "forge-network"], ports: [(6000, 8000)],
                          health: .unhealthy, probes: [probe, probe, probe]),
            ])
        #expect(diagnosis.findings.map(\.rule) == ["RUN003"])
        let finding = diagnosis.findings[0]
        #expect(finding.message == "prism-backend: unhealthy. Its health check `wget -q -O /dev/null http://localhost:9000/health || exit 1` asks port 9000, but prism-backend listens on 8000 (its registry internal port).")
        #expect(finding.evidence.contains("Health check (exit 1): wget: can't connect to remote host (127.0.0.1): Connection refused"))
        #expect(finding.fix?.replace == "services:\n  backend:\n    healthcheck:\n      test: [\"CMD-SHELL\", \"wget -q -O /dev/null http://localhost:8000/health || exit 1\"]\n")
        #expect(finding.location?.line == 9)
        #expect(finding.verify.contains("docker inspect --format '{{json .State.Health}}' prism-backend"))
    }

    @Test func aServiceWaitingForAnUnhealthyDependencyBlamesIt() throws {
        let probe = HealthProbeResult(exitCode: 2, output: "/var/run/postgresql:5432 - no response\n")
        let diagnosis = try F.diagnose(containers: [
            F.running("forge-postgres", networks: ["forge-network"], ports: [(3432, 5432)], health: .unhealthy, probes: [probe, probe]),
            F.backend,
            F.exited("prism-worker", code: 0, logs: [], networks: ["prism_default", "forge-network"], status: .created),
        ])
        #expect(diagnosis.findings.map { "\($0.rule) \($0.service ?? "")" } == ["RUN003 forge-postgres", "RUN002 prism-worker"])
        #expect(diagnosis.rootCauses == [0])
        #expect(diagnosis.findings[0].evidence.contains("Health check (exit 2): /var/run/postgresql:5432 - no response"))
        #expect(diagnosis.findings[1].message == "prism-worker: not running (exited 0). It was created but never started. It depends on forge-postgres, which is unhealthy.")
    }

    @Test func aRestartLoopIsReportedAfterItsCause() throws {
        let diagnosis = try F.diagnose(containers: [
            F.postgres, F.backend,
            F.exited("prism-worker", code: 1, logs: ["panic: open /config/worker.yaml: no such file or directory"],
                     networks: ["prism_default", "forge-network"], restarting: true, restarts: 6),
        ])
        #expect(diagnosis.findings.map(\.rule) == ["RUN002", "RUN009"])
        #expect(diagnosis.rootCauses == [0])
        #expect(diagnosis.findings[0].message.hasPrefix("prism-worker: not running (exited 1). It keeps restarting. /config/worker.yaml is not in the image and no volume provides it."))
        #expect(diagnosis.findings[0].fix?.replace == "services:\n  worker:\n    volumes:\n      - ./worker.yaml:/config/worker.yaml:ro\n")
        #expect(diagnosis.findings[1].message.hasPrefix("prism-worker restarted 6 times."))
        #expect(diagnosis.findings[1].severity == .warning)
        #expect(diagnosis.services.last?.summary == "Restarting (exited 1), restarted 6 times")
    }

    @Test func aMissingContainerAndAFilteredDiagnosis() throws {
        let diagnosis = try F.diagnose(
            containers: [F.postgres, F.worker], request: DiagnosisRequest(services: ["prism-backend"]))
        #expect(diagnosis.findings.map(\.rule) == ["RUN001"])
        #expect(diagnosis.findings[0].message == "prism-backend: not running (no container). Start it with `docker compose -f apps/prism/docker-compose.yml up -d backend`.")
        #expect(diagnosis.services.map(\.name) == ["forge-postgres", "prism-backend"])
        #expect(throws: DiagnosisError.self) {
            try F.diagnose(containers: [], request: DiagnosisRequest(services: ["prism-backnd"]))
        }
    }

    @Test func publishedPortsOtherThanTheRegistrys() throws {
        let diagnosis = try F.diagnose(containers: [
            F.postgres, F.worker,
            F.running("prism-backend", networks: ["prism_default", "forge-network"], ports: [(6001, 8000)], health: .healthy),
        ])
        #expect(diagnosis.findings.map(\.rule) == ["RUN006"])
        #expect(diagnosis.findings[0].message == "prism-backend publishes 6001, registry allocates 6000")
        #expect(diagnosis.findings[0].fix?.explanation.contains("already publishes 6000; recreate the container") == true)
    }

    @Test func workspaceSettingsApply() throws {
        var diagnosis = try F.diagnose(containers: [F.postgres, F.worker])
        #expect(diagnosis.findings.map(\.rule) == ["RUN001"])
        let files = [
            ".dev/infra/registry.yml": F.registry + "\n  disabled: [RUN001]\n", "forge/docker-compose.yml": F.forge,
            "apps/prism/docker-compose.yml": F.prism(),
        ]
        let workspace = Workspace(root: F.root, files: MemoryFileSource(files), environment: [:])
        let validation = try WorkspaceLoader(workspace: workspace).load()
        let context = try DiagnosisContext(
            validation: validation, snapshot: EngineSnapshot(containers: [F.postgres, F.worker]), workspaceRoot: F.root)
        diagnosis = Diagnoser().diagnose(context)
        #expect(diagnosis.findings.isEmpty)
    }

    @Test func everyCheckIsDescribed() {
        let ids = DiagnosisCatalog.all.map { $0.description.id }
        #expect(ids == (1...11).map { String(format: "RUN%03d", $0) })
        let all = DiagnosisCatalog.everyDescription.map(\.id)
        #expect(Set(all).count == all.count)
        for analyzer in DiagnosisCatalog.all {
            #expect(!analyzer.description.rationale.isEmpty)
            #expect(analyzer.description.category == .runtime)
        }
    }
}
