@testable import InfraCore
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
            ("KEYCLOAK_ADMIN_PASSWORD=hunter2", "KEYCLOAK_ADMIN_PASSWORD=****"),
            ("keycloak_admin_password: hunter2", "keycloak_admin_password: ****"),
            ("apiKey: abc123 clientSecret=xyz", "apiKey: **** clientSecret=****"),
            ("MEILI_MASTERKEY=abc SESSION_KEYS=k1,k2", "MEILI_MASTERKEY=**** SESSION_KEYS=****"),
            ("spring.datasource.password=hunter2", "spring.datasource.password=****"),
            ("keycloak: KC_DB_PASSWORD=hunter2", "keycloak: KC_DB_PASSWORD=****"),
            ("VALKEY_PASSWORD: 'hunter2'", "VALKEY_PASSWORD: '****'"),
            // A lower-case name ending in key is a key, as it was before service names were spared.
            ("jwtkey=abc123def privkey: xyz webhookkey=w1", "jwtkey=**** privkey: **** webhookkey=****"),
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
            "keycloak: tcp check failed: connection refused",
            "Start keycloak: docker compose -f apps/idp/docker-compose.yml up -d",
            "valkey: tier 1",
            "monkey-api: running (healthy)",
            "image: quay.io/keycloak/keycloak:24.0",
            "turkey=yes, hockey: no",
            "MYSQL_ALLOW_EMPTY_PASSWORD: \"yes\"",
            "MYSQL_RANDOM_ROOT_PASSWORD=true",
            "POSTGRES_PASSWORD_FILE: /run/secrets/db",
            "KEYCLOAK_URL=http://keycloak:8080",
            "VALKEY_URL=redis://valkey:6379",
        ])
    func leavesAlone(input: String) {
        #expect(SecretMasker().mask(input) == input)
    }

    @Test func masksKnownSecretsAnywhere() {
        let masker = SecretMasker(knownSecrets: ["correct-horse", "abc"])
        #expect(masker.mask("login with correct-horse failed; abc stays") == "login with **** failed; abc stays")
        #expect(SecretMasker(knownSecrets: ["hunter2"]).mask("password hunter2 refused") == "password **** refused")
        // Short dev passwords too, wherever they stand (a server's command line, a log line).
        #expect(SecretMasker(knownSecrets: ["foobar"]).mask("redis-server --requirepass foobar") == "redis-server --requirepass ****")
    }

    @Test func masksAKnownSecretThatIsAlsoANameOnlyAsAValue() {
        let masker = SecretMasker(knownSecrets: ["plane", "postgres", "true"], names: ["plane", "plane-web", "postgres:16", "postgres"])
        #expect(masker.knownSecrets.isEmpty)
        let text = "plane-web of plane (postgres:16): POSTGRES_PASSWORD=plane, postgres://plane:plane@db/plane, external: true"
        #expect(masker.mask(text) == "plane-web of plane (postgres:16): POSTGRES_PASSWORD=****, postgres://plane:****@db/plane, external: true")
    }

    @Test func workspaceNamesAndVariablesDecide() {
        #expect(SecretMasker().mask("api-key: running") == "api-key: ****")
        #expect(SecretMasker(names: ["api-key"]).mask("api-key: running") == "api-key: running")
        #expect(SecretMasker().mask("bridgekey: b64secret") == "bridgekey: ****")
        #expect(SecretMasker(names: ["bridgekey"]).mask("bridgekey: b64secret") == "bridgekey: b64secret")
        // A part that is a workspace name names the service, not a key.
        #expect(SecretMasker(names: ["mykey"]).mask("MYKEY_URL=http://mykey:80") == "MYKEY_URL=http://mykey:80")
    }

    @Test(arguments: [
        ("POSTGRES_PASSWORD", true), ("API_KEY", true), ("APIKEY", true), ("apiKey", true), ("MEILI_MASTERKEY", true),
        ("KEYCLOAK_URL", false), ("keycloak", false), ("POSTGRES_PASSWORD_FILE", false), ("TOKEN_FILE", false),
        ("VALKEY_URL", false), ("valkey", false), ("jwtkey", true), ("privKey", true),
    ])
    func secretVariables(name: String, isSecret: Bool) {
        #expect(SecretMasker.isSecretVariable(name) == isSecret)
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

    @Test(arguments: [
        ("postgres://u:p@db", true), ("Authorization: x", true), ("my PassWord", true), ("apikey", true), ("ends with toKEN", true),
        ("", false), ("ke", false), ("keycloak runs", true), ("plain text: nothing here", false), (":/ /", false), ("t", false),
        ("BEARER x", true), ("A SECRET", true), ("PASSWD", true), ("\u{1A}//", false), ("Kasbt:p", false),
    ])
    func triggerWordsAreFoundAnywhereInAnyCase(text: String, expected: Bool) {
        #expect(SecretMasker.mightHoldSecret(text.utf8) == expected)
        #expect(SecretMasker.mightHoldSecret(Array(text.utf8)[...]) == expected)
        #expect(SecretMasker.mightHoldSecret(text.utf8.lazy.map { $0 }) == expected)
    }
}
