import InfraCore
import Testing

@Suite("Secret masker")
struct SecretMaskerTests {
    @Test(
        "masks secrets",
        arguments: [
            ("postgres://synapse:s3cr3t@synapse-db:5432/synapse", "postgres://synapse:****@synapse-db:5432/synapse"),
            ("redis://:hunter2@cache:6379/0", "redis://:****@cache:6379/0"),
            ("amqp://user:p@ss@rabbit/", "amqp://user:****@rabbit/"),
            ("POSTGRES_PASSWORD=hunter2", "POSTGRES_PASSWORD=****"),
            ("  - POSTGRES_PASSWORD=hunter2", "  - POSTGRES_PASSWORD=****"),
            ("POSTGRES_PASSWORD: hunter2", "POSTGRES_PASSWORD: ****"),
            ("postgres_password: 'hunter2'", "postgres_password: '****'"),
            (#"{"API_KEY": "abc123", "name": "web"}"#, #"{"API_KEY": "****", "name": "web"}"#),
            ("JWT_SECRET=abc, REFRESH_TOKEN=def;", "JWT_SECRET=****, REFRESH_TOKEN=****;"),
            ("docker run -e GITHUB_TOKEN=ghp_abcdef -p 80:80", "docker run -e GITHUB_TOKEN=**** -p 80:80"),
            ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", "Authorization: Bearer ****"),
            ("curl -H 'authorization: Basic dXNlcjpwYXNz' http://x", "curl -H 'authorization: Basic ****' http://x"),
            ("sent bearer abcdefghijklmnop0123 upstream", "sent bearer **** upstream"),
            ("POSTGRES_PASSWORD: ${DB_PASS:-changeme}", "POSTGRES_PASSWORD: ${DB_PASS:-****}"),
            ("password is ${POSTGRES_PASSWORD:-changeme}", "password is ${POSTGRES_PASSWORD:-****}"),
            ("url?api_key=abc123&page=2", "url?api_key=****&page=2"),
        ])
    func masks(input: String, expected: String) {
        #expect(SecretMasker().mask(input) == expected)
    }

    @Test(
        "leaves everything else alone",
        arguments: [
            "POSTGRES_PASSWORD=${POSTGRES_PASSWORD}",
            "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}",
            "POSTGRES_PASSWORD: $POSTGRES_PASSWORD",
            "${POSTGRES_PASSWORD}",
            "${POSTGRES_PASSWORD:?set it in .env}",
            "POSTGRES_PASSWORD_FILE=/run/secrets/db_password",
            "keyFile: /certs/local-key.pem",
            "POSTGRES_PASSWORD of synapse-db is hard-coded; use an env file or secret",
            "Variable JWT_SECRET used in apps/synapse/docker-compose.dev.yml is not defined",
            "Port 4000 already allocated to synapse-backend",
            "DATABASE_URL=postgres://synapse-db:5432/synapse",
            "http://localhost:4000/health",
            "ports:\n  - \"4001:3000\"",
            "POSTGRES_PASSWORD=****",
            "postgres://u:****@db/x",
            "",
        ])
    func leavesAlone(input: String) {
        #expect(SecretMasker().mask(input) == input)
    }

    @Test func masksKnownSecretsAnywhere() {
        let masker = SecretMasker(knownSecrets: ["correct-horse", "abc"])
        #expect(masker.mask("login with correct-horse failed; abc stays") == "login with **** failed; abc stays")
    }

    @Test func masksEveryTextOfAFinding() {
        let finding = Finding(
            rule: "SEC001", severity: .warning, message: "TOKEN=abc",
            evidence: ["API_KEY: xyz"], fix: Fix(replace: "SECRET: s", explanation: "PASSWORD=p"),
            verify: ["curl -H 'Authorization: Bearer t'"])
        let masked = finding.masked(by: SecretMasker())
        #expect(masked.message == "TOKEN=****")
        #expect(masked.evidence == ["API_KEY: ****"])
        #expect(masked.fix?.replace == "SECRET: ****")
        #expect(masked.fix?.explanation == "PASSWORD=****")
        #expect(masked.verify == ["curl -H 'Authorization: Bearer ****'"])
    }
}
