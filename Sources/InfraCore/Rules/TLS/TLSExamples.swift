/// Shared parts of the TLS rules' examples: a platform with one Traefik service whose file
/// provider loads `forge/config/traefik/certificates.yml`, the certificates it names, and a
/// routed NEXUS service. Each example replaces the files that matter to it with literal text.
///
/// The certificates are small self-signed P-256 certificates made once for these examples
/// (the examples are validated at `RuleExample.referenceDate`, 2026-01-01); the keys exist only
/// here and protect nothing.
enum TLSExamples {
    static let registryPath = ".dev/infra/registry.yml"
    static let traefikPath = "forge/docker-compose.traefik.yml"
    static let dynamicPath = "forge/config/traefik/certificates.yml"
    static let certificatePath = "forge/certs/axiom.local.pem"
    static let keyPath = "forge/certs/axiom.local-key.pem"
    static let appPath = "apps/nexus/docker-compose.yml"

    /// The whole example platform, with `replacing` files put in place (an empty text removes
    /// the file).
    static func workspace(_ replacing: [String: String] = [:]) -> [String: String] {
        var files: [String: String] = [
            registryPath: registry,
            traefikPath: traefik(),
            dynamicPath: dynamic,
            certificatePath: wildcardCertificate,
            keyPath: wildcardKey,
            appPath: app(rule: "Host(`nexus.axiom.local`)"),
        ]
        for (path, text) in replacing { files[path] = text.isEmpty ? nil : text }
        return files
    }

    static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          nexus: { ports: 5000-5999 }
        services:
          forge:
            dev:
              - { name: traefik, type: proxy, compose_file: forge/docker-compose.traefik.yml }
          nexus:
            dev:
              - { name: nexus-web, type: frontend, compose_file: apps/nexus/docker-compose.yml }
        """

    /// The Traefik compose file with these command flags (one per line, without the dash).
    static func traefik(
        _ flags: [String] = ["--providers.docker=true", "--entrypoints.websecure.address=:443", "--providers.file.directory=/etc/traefik/dynamic"]
    ) -> String {
        """
        services:
          traefik:
            container_name: traefik
            image: traefik:v3.1
            command:
        \(flags.map { "      - \($0)" }.joined(separator: "\n"))
            volumes:
              - ./config/traefik:/etc/traefik/dynamic:ro
              - ./certs:/certs:ro
        """
    }

    static let dynamic = """
        tls:
          certificates:
            - certFile: /certs/axiom.local.pem
              keyFile: /certs/axiom.local-key.pem
        """

    /// The NEXUS compose file, its web service routed over TLS by `rule`.
    static func app(rule: String) -> String {
        """
        services:
          web:
            container_name: nexus-web
            image: nexus-web:dev
            labels:
              - traefik.enable=true
              - traefik.http.routers.nexus.rule=\(rule)
              - traefik.http.routers.nexus.tls=true
        """
    }

    /// `*.axiom.local` and `axiom.local`, valid 2025-01-01 to 2035-01-01 (P-256, self-signed).
    static let wildcardCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBYTCCAQegAwIBAgIUadeK2OPluE1fzPgqVQohaFclVbQwCgYIKoZIzj0EAwIw
        GzEZMBcGA1UEAwwQaW5mcmFjdGwgZXhhbXBsZTAeFw0yNTAxMDEwMDAwMDBaFw0z
        NTAxMDEwMDAwMDBaMBsxGTAXBgNVBAMMEGluZnJhY3RsIGV4YW1wbGUwWTATBgcq
        hkjOPQIBBggqhkjOPQMBBwNCAASdsPfQQAgCw4kCDky1WS7BpCDqT9OWD1FhkFwS
        yqXCRVvVTVN1rSp/DJSWblyD6nJE+ioMjTtnVO0Wvyy9bejxoykwJzAlBgNVHREE
        HjAcgg0qLmF4aW9tLmxvY2FsggtheGlvbS5sb2NhbDAKBggqhkjOPQQDAgNIADBF
        AiABZLM6Wwj13dvKyjKgMWjzLNo9vwn6E7Je8jO6BAMOpgIhALCpbRMT2Y0JFY+z
        UhcAKs/77c/EuyFKx6mYAUiP2bKa
        -----END CERTIFICATE-----
        """

    /// The private key of every certificate here.
    static let wildcardKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNks55CyTVok9HKVk
        mCFs5WesReJjKf2gNXQlzMpQZeyhRANCAASdsPfQQAgCw4kCDky1WS7BpCDqT9OW
        D1FhkFwSyqXCRVvVTVN1rSp/DJSWblyD6nJE+ioMjTtnVO0Wvyy9bejx
        -----END PRIVATE KEY-----
        """

    /// A private key that belongs to none of the certificates.
    static let otherKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgDVQqxsEN4R5k9/DY
        8TnLMOMw0fOYSpNTjy6GkUJmAAuhRANCAARfEEAlQ1+1KlPM9OGbJlhOpirjQ452
        ydm30ejcs4L+RxFZXkbPAyTNlUGMkZp0Be9G0hmT3lB2t4nadvxvjhTQ
        -----END PRIVATE KEY-----
        """

    /// The same names, valid 2024-01-01 to 2025-01-01.
    static let expiredCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBYTCCAQegAwIBAgIUa1Xxv532/CR6yqTq9oJVw5Oh7dQwCgYIKoZIzj0EAwIw
        GzEZMBcGA1UEAwwQaW5mcmFjdGwgZXhhbXBsZTAeFw0yNDAxMDEwMDAwMDBaFw0y
        NTAxMDEwMDAwMDBaMBsxGTAXBgNVBAMMEGluZnJhY3RsIGV4YW1wbGUwWTATBgcq
        hkjOPQIBBggqhkjOPQMBBwNCAASdsPfQQAgCw4kCDky1WS7BpCDqT9OWD1FhkFwS
        yqXCRVvVTVN1rSp/DJSWblyD6nJE+ioMjTtnVO0Wvyy9bejxoykwJzAlBgNVHREE
        HjAcgg0qLmF4aW9tLmxvY2FsggtheGlvbS5sb2NhbDAKBggqhkjOPQQDAgNIADBF
        AiBoOYmNRir79xh/EMK2tnJPT3lFpTmIps7b6z30Bf6t7QIhAMEZAzGQxzHjGH2Y
        JIug8UM6/mmBXQ0cWUB7W0wiS2FN
        -----END CERTIFICATE-----
        """

    /// The same names, valid 2025-01-01 to 2026-01-10: nine days left at the reference date.
    static let expiringCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBYTCCAQegAwIBAgIUUXQRcgqZco3mNpHMmSsjqDH2iqMwCgYIKoZIzj0EAwIw
        GzEZMBcGA1UEAwwQaW5mcmFjdGwgZXhhbXBsZTAeFw0yNTAxMDEwMDAwMDBaFw0y
        NjAxMTAwMDAwMDBaMBsxGTAXBgNVBAMMEGluZnJhY3RsIGV4YW1wbGUwWTATBgcq
        hkjOPQIBBggqhkjOPQMBBwNCAASdsPfQQAgCw4kCDky1WS7BpCDqT9OWD1FhkFwS
        yqXCRVvVTVN1rSp/DJSWblyD6nJE+ioMjTtnVO0Wvyy9bejxoykwJzAlBgNVHREE
        HjAcgg0qLmF4aW9tLmxvY2FsggtheGlvbS5sb2NhbDAKBggqhkjOPQQDAgNIADBF
        AiB+SGAYn3csdizhDejk53dyKL1U/kTNzYYKk9F0G2q3fAIhAJKyOr4eUNYGsIM3
        +8R/f/3AxueL1byUVCJpRFF8hRzT
        -----END CERTIFICATE-----
        """

    /// The same names, valid from 2026-06-01 to 2036-06-01.
    static let futureCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBYTCCAQegAwIBAgIUNDicnAQoeitCizVn2t7NksYEY38wCgYIKoZIzj0EAwIw
        GzEZMBcGA1UEAwwQaW5mcmFjdGwgZXhhbXBsZTAeFw0yNjA2MDEwMDAwMDBaFw0z
        NjA2MDEwMDAwMDBaMBsxGTAXBgNVBAMMEGluZnJhY3RsIGV4YW1wbGUwWTATBgcq
        hkjOPQIBBggqhkjOPQMBBwNCAASdsPfQQAgCw4kCDky1WS7BpCDqT9OWD1FhkFwS
        yqXCRVvVTVN1rSp/DJSWblyD6nJE+ioMjTtnVO0Wvyy9bejxoykwJzAlBgNVHREE
        HjAcgg0qLmF4aW9tLmxvY2FsggtheGlvbS5sb2NhbDAKBggqhkjOPQQDAgNIADBF
        AiApUKVv9/U1iJthpFKS7zl4iR7PztVuR6OSC5TLPEAbPwIhAOqVQiS+yauv63U7
        pv1N2IK2kx9L9M8tP8XkeG5Q0NSt
        -----END CERTIFICATE-----
        """
}
