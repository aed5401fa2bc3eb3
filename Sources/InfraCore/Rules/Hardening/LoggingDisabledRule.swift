/// SEC017: a service's output is kept.
public struct LoggingDisabledRule: Rule {
    public static let description = RuleDescription(
        id: "SEC017", name: "logging-disabled",
        summary: "A service must not discard its logs (`logging.driver: none`)",
        message: "{service} discards its logs",
        rationale: """
            `logging.driver: none` throws away everything the container writes to stdout and \
            stderr: after an incident there is nothing to read, `docker logs` and \
            `infractl diagnose` see nothing, and the platform's log shipper has nothing to \
            collect. Remove the driver (Docker's default `json-file` applies) or name one that \
            keeps the logs, with `max-size` and `max-file` to bound them.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0014"], scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    logging:
                      driver: json-file
                      options: { max-size: 10m, max-file: "3" }
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: axiom/nexus:1.4.0
                    logging:
                      driver: 1️⃣none
                """)),
        ])

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).compactMap { service in
            guard let driver = service.hardening.loggingDriver, driver.value.lowercased() == "none" else { return nil }
            return service.finding(
                Self.description, "\(service.name) discards its logs.", at: driver.location,
                evidence: ["logging.driver: none"],
                fix: Fix(
                    file: driver.location.file, line: driver.location.line, replace: "driver: json-file",
                    explanation: "Keep the logs: remove the driver, or use json-file with max-size and max-file."))
        }
    }
}
