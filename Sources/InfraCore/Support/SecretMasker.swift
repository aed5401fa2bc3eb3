/// Hides secrets in text before anyone sees it: passwords in URLs (`postgres://user:****@db`),
/// values of variables whose name contains PASSWORD, SECRET, TOKEN or KEY (`NAME=value`,
/// `NAME: value`, `"NAME": "value"`), `Authorization` credentials and bearer tokens, and any
/// value it is told is secret. `${VAR}` and `$VAR` references are not secrets and stay as
/// written; a literal default inside one (`${DB_PASSWORD:-changeme}`) is masked.
public struct SecretMasker: Sendable {
    /// What a secret is replaced with.
    public static let mask = "****"

    /// Exact values masked wherever they appear (such as literal passwords read from compose
    /// files), longest first; values shorter than 4 characters are ignored as too common.
    public let knownSecrets: [String]

    public init(knownSecrets: [String] = []) {
        self.knownSecrets = Set(knownSecrets.filter { $0.count >= 4 && $0 != Self.mask })
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// `text` with every secret it recognises replaced by `****`; everything else unchanged.
    public func mask(_ text: String) -> String {
        var text = text
        for secret in knownSecrets { text = text.replacing(secret, with: Self.mask) }
        // No pattern below spans a line break, so only the lines that name something secret
        // (a cheap test) go through the regular expressions, which are slow on long reports.
        guard Self.mightHoldSecret(text.utf8) else { return text }
        guard text.contains("\n") else { return Self.maskPatterns(text) }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { Self.mightHoldSecret($0.utf8) ? Self.maskPatterns(String($0)) : String($0) }
            .joined(separator: "\n")
    }

    /// Words without which none of the patterns can match, lower-case ASCII.
    private static let triggers: [[UInt8]] = ["://", "authorization", "bearer", "password", "passwd", "secret", "token", "key"].map { Array($0.utf8) }

    /// Whether `bytes` contain a trigger word, ignoring ASCII case.
    static func mightHoldSecret(_ bytes: some Collection<UInt8>) -> Bool {
        let lower = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        guard !lower.isEmpty else { return false }
        for word in triggers where word.count <= lower.count {
            for start in 0...(lower.count - word.count) where lower[start] == word[0] {
                if lower[start..<(start + word.count)].elementsEqual(word) { return true }
            }
        }
        return false
    }

    /// The pattern-based masking of `mask`.
    private static func maskPatterns(_ text: String) -> String {
        var text = text
        text = text.replacing(Self.urlPassword) { match in
            let password = match.output.password
            if Self.isReference(password) { return String(match.output.0) }
            return "\(match.output.prefix):\(Self.mask)@"
        }
        text = text.replacing(Self.authorization) { match in "\(match.output.head)\(Self.mask)" }
        text = text.replacing(Self.bearer) { match in "\(match.output.head)\(Self.mask)" }
        text = text.replacing(Self.namedValue) { match in Self.maskNamedValue(match.output) }
        return text
    }

    /// `scheme://user:password@`; the password runs to the last `@` before the host.
    nonisolated(unsafe) private static let urlPassword =
        #/(?<prefix>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@"']*):(?<password>[^\s/"']+)@/#

    /// `Authorization: Bearer xyz`, `authorization=Basic xyz`, `"Authorization": "xyz"`.
    nonisolated(unsafe) private static let authorization =
        #/(?i)(?<head>authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest)[ \t]+)?)(?<credential>[^\s"',;]+)/#

    /// A bare `Bearer <token>` of token length, as in a logged header.
    nonisolated(unsafe) private static let bearer =
        #/(?i)(?<head>\bbearer[ \t]+)(?<credential>[A-Za-z0-9._~+/=\-]{16,})/#

    /// `NAME=value`, `NAME: value`, `"NAME": "value"`, or `${NAME:-default}` when `interpolation`
    /// is present. The leftmost match always starts at the beginning of the name.
    nonisolated(unsafe) private static let namedValue =
        #/(?i)(?<interpolation>\$\{)?(?<quote>["']?)(?<name>[A-Za-z0-9_.\-]*(?:PASSWORD|PASSWD|SECRET|TOKEN|KEY)[A-Za-z0-9_.\-]*)["']?(?<separator>[ \t]*[=:][ \t]*|-)(?<value>"[^"\n]*"|'[^'\n]*'|[^\s"'&]+)/#

    private static func maskNamedValue(
        _ output: (Substring, interpolation: Substring?, quote: Substring, name: Substring, separator: Substring, value: Substring)
    ) -> String {
        let whole = String(output.0)
        if output.interpolation != nil {
            return maskReference(Substring("${\(output.name)\(output.separator)\(output.value)")) ?? whole
        }
        // A name followed by `-` is only a separator inside `${…}`; `*_FILE` names hold a path.
        if output.separator == "-" || output.name.uppercased().hasSuffix("_FILE") { return whole }
        return String(whole.dropLast(output.value.count)) + maskValue(output.value)
    }

    /// A variable's value masked, keeping quotes, trailing punctuation, references and paths.
    private static func maskValue(_ value: Substring) -> String {
        if let quote = value.first, quote == "\"" || quote == "'" {
            let inner = value.dropFirst().dropLast()
            if inner.isEmpty || isReference(inner) || isPath(inner) { return String(value) }
            return "\(quote)\(maskReference(inner) ?? mask)\(quote)"
        }
        if let masked = maskReference(value) { return masked }
        var core = value
        var trailing = ""
        while let last = core.last, ",;.)]}".contains(last) {
            trailing = String(last) + trailing
            core = core.dropLast()
        }
        if core.isEmpty || isReference(core) || isPath(core) { return String(value) }
        return mask + trailing
    }

    /// `${NAME}`, `${NAME:?message}` or `${NAME:+alt}` unchanged, `${NAME:-default}` (and `-`,
    /// `:=`, `=`) with the default masked, text after the `}` kept; `nil` when `text` does not
    /// start with `${`.
    private static func maskReference(_ text: Substring) -> String? {
        guard text.hasPrefix("${") else { return nil }
        let body = text.dropFirst(2)
        let nameEnd = body.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? body.endIndex
        let afterName = body[nameEnd...]
        let operators = [":-", ":=", "-", "="]
        guard let op = operators.first(where: { afterName.hasPrefix($0) }) else { return String(text) }
        let rest = afterName.dropFirst(op.count)
        let close = rest.firstIndex(of: "}") ?? rest.endIndex
        let fallback = rest[..<close]
        if fallback.isEmpty || isReference(fallback) { return String(text) }
        return "${\(body[..<nameEnd])\(op)\(mask)\(rest[close...])"
    }

    /// `$NAME` or `${…}`: a reference to a variable, not a value.
    private static func isReference(_ text: Substring) -> Bool {
        guard text.first == "$", let next = text.dropFirst().first else { return false }
        return next == "{" || next == "_" || next.isLetter
    }

    private static func isPath(_ text: Substring) -> Bool {
        ["/", "./", "../", "~/"].contains { text.hasPrefix($0) }
    }
}

extension Finding {
    /// This finding with every text a report shows (message, evidence, fix, verification
    /// commands) passed through `masker`.
    public func masked(by masker: SecretMasker) -> Finding {
        var finding = self
        finding.message = masker.mask(message)
        finding.evidence = evidence.map(masker.mask)
        finding.verify = verify.map(masker.mask)
        if var fix {
            fix.replace = fix.replace.map(masker.mask)
            fix.explanation = masker.mask(fix.explanation)
            finding.fix = fix
        }
        return finding
    }
}
