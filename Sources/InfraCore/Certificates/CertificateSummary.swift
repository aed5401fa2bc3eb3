import Foundation
import X509

/// What the TLS rules need to know of a certificate: the names it presents and when it is
/// valid. Read from the leaf (first) certificate of a PEM chain.
public struct CertificateSummary: Sendable, Hashable {
    /// DNS names of the subject alternative name extension, as written (`*.axiom.local`).
    public var dnsNames: [String]
    /// IP addresses of the subject alternative name extension, in text form.
    public var ipAddresses: [String]
    /// The subject's common name, when it has one.
    public var commonName: String?
    public var notValidBefore: Date
    public var notValidAfter: Date
    /// How many certificates the PEM text holds (leaf plus intermediates).
    public var chainLength: Int

    public init(
        dnsNames: [String], ipAddresses: [String] = [], commonName: String? = nil,
        notValidBefore: Date, notValidAfter: Date, chainLength: Int = 1
    ) {
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.commonName = commonName
        self.notValidBefore = notValidBefore
        self.notValidAfter = notValidAfter
        self.chainLength = chainLength
    }

    /// Whether the certificate has a subject alternative name; without one, clients fall back
    /// to the common name.
    public var hasAlternativeNames: Bool { !dnsNames.isEmpty || !ipAddresses.isEmpty }

    /// The names a client matches: the alternative names, or the common name when there are none.
    public var names: [String] {
        if hasAlternativeNames { return dnsNames + ipAddresses }
        return commonName.map { [$0] } ?? []
    }

    /// Whether the certificate is valid for `host` (a DNS name or an IP address).
    public func covers(_ host: String) -> Bool {
        if let address = IPAddressText.bytes(host) {
            return ipAddresses.contains { IPAddressText.bytes($0) == address }
        }
        let dns = hasAlternativeNames ? dnsNames : (commonName.map { [$0] } ?? [])
        return dns.contains { HostnameMatcher.matches(pattern: $0, host: host) }
    }
}

/// Parsing PEM certificates and keys with swift-certificates.
public enum PEMCertificates {
    /// A PEM file that holds no usable certificate or key.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The leaf (first) certificate of a PEM chain, summarised.
    public static func summary(ofChain pem: String) throws(ParseError) -> CertificateSummary {
        let certificates = try chain(pem)
        guard let leaf = certificates.first else { throw ParseError("no PEM certificate (BEGIN CERTIFICATE) found") }
        return summary(leaf, chainLength: certificates.count)
    }

    /// Whether the private key in `keyPEM` belongs to the leaf certificate of `certificatePEM`,
    /// judged by comparing public keys (RSA, P-256, P-384, P-521, Ed25519).
    public static func keyMatches(certificatePEM: String, keyPEM: String) throws(ParseError) -> Bool {
        guard let leaf = try chain(certificatePEM).first else { throw ParseError("no PEM certificate (BEGIN CERTIFICATE) found") }
        return try privateKey(keyPEM).publicKey == leaf.publicKey
    }

    /// The certificates of a PEM text, in order.
    static func chain(_ pem: String) throws(ParseError) -> [Certificate] {
        var certificates: [Certificate] = []
        for block in blocks(pem) where block.label == "CERTIFICATE" {
            do {
                certificates.append(try Certificate(pemEncoded: block.text))
            } catch {
                throw ParseError("the certificate cannot be parsed: \(error)")
            }
        }
        return certificates
    }

    /// The first private key of a PEM text (PKCS#8, SEC1 or PKCS#1).
    static func privateKey(_ pem: String) throws(ParseError) -> Certificate.PrivateKey {
        let keys = blocks(pem).filter { $0.label.hasSuffix("PRIVATE KEY") }
        guard let block = keys.first else { throw ParseError("no PEM private key (BEGIN PRIVATE KEY) found") }
        if block.label.contains("ENCRYPTED") { throw ParseError("the private key is encrypted; Traefik needs an unencrypted key") }
        do {
            return try Certificate.PrivateKey(pemEncoded: block.text)
        } catch {
            throw ParseError("the private key cannot be parsed: \(error)")
        }
    }

    /// The `-----BEGIN X-----` … `-----END X-----` blocks of a text, with their labels.
    static func blocks(_ text: String) -> [(label: String, text: String)] {
        var blocks: [(String, String)] = []
        var label: String?
        var lines: [Substring] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingSpaces()
            if let current = label {
                lines.append(Substring(trimmed))
                if trimmed == "-----END \(current)-----" {
                    blocks.append((current, lines.joined(separator: "\n")))
                    label = nil
                    lines = []
                }
            } else if trimmed.hasPrefix("-----BEGIN "), trimmed.hasSuffix("-----") {
                label = String(trimmed.dropFirst("-----BEGIN ".count).dropLast(5))
                lines = [Substring(trimmed)]
            }
        }
        return blocks
    }

    static func summary(_ certificate: Certificate, chainLength: Int) -> CertificateSummary {
        var dns: [String] = []
        var ips: [String] = []
        if let names = try? certificate.extensions.subjectAlternativeNames {
            for name in names {
                switch name {
                case .dnsName(let value): dns.append(value)
                case .ipAddress(let octets): ips.append(IPAddressText.text(Array(octets.bytes)))
                default: continue
                }
            }
        }
        let commonName = certificate.subject.lazy.flatMap { $0 }
            .first { $0.type == .RDNAttributeType.commonName }
            .flatMap { String($0.value) }
        return CertificateSummary(
            dnsNames: dns, ipAddresses: ips, commonName: commonName,
            notValidBefore: certificate.notValidBefore, notValidAfter: certificate.notValidAfter,
            chainLength: chainLength)
    }
}

/// IPv4 and IPv6 addresses as text and as bytes, for comparing a host with a certificate's
/// IP address names.
enum IPAddressText {
    /// `127.0.0.1` or the full lowercase IPv6 form for 4 or 16 bytes; hex otherwise.
    static func text(_ bytes: [UInt8]) -> String {
        switch bytes.count {
        case 4: return bytes.map(String.init).joined(separator: ".")
        case 16:
            return stride(from: 0, to: 16, by: 2)
                .map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        default: return bytes.map { String($0, radix: 16) }.joined()
        }
    }

    /// The bytes of an IPv4 dotted quad or an IPv6 address (with `::`, optionally in brackets);
    /// `nil` for anything else, such as a DNS name.
    static func bytes(_ text: String) -> [UInt8]? {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let v4 = ipv4(text) { return v4 }
        guard text.contains(":") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(piece) {
                    bytes += v4
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xff)]
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 16 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    private static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }
}
