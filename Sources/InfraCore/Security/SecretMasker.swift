/// Hides secrets in text before anyone sees it: passwords in URLs (`postgres://user:****@db`),
/// values of secret variables (`NAME=value`, `NAME: value`, `"NAME": "value"`, where a part of
/// NAME holds PASSWORD, PASSWD, SECRET or TOKEN, or is KEY), `Authorization` credentials and bearer
/// tokens, and literal values it is told are secret. `${VAR}` and `$VAR` references are not
/// secrets and stay as written; a literal default inside one (`${DB_PASSWORD:-changeme}`) is
/// masked. Words that merely contain the letters (`keycloak: tier 1`, `valkey`), the names of
/// the workspace, `*_FILE` paths and boolean flags are left alone.
public struct SecretMasker: Sendable {
    /// What a secret is replaced with.
    public static let mask = "****"

    /// Literal values masked wherever they appear, longest first: those given that can be
    /// nothing else, at least 8 characters (or 4 mixing letters with digits or symbols) and
    /// not part of any name of the workspace. The others are masked where they stand as a value.
    public let knownSecrets: [String]
    /// Names of the workspace (services, containers, apps, networks, images, projects): never
    /// read as the name of a secret variable.
    public let names: Set<String>
    /// Names of the workspace's variables that hold secrets, in whatever case they are written.
    public let variables: Set<String>

    /// A masker of the patterns, `knownSecrets`, and the workspace's `names` and secret
    /// `variables`.
    public init(knownSecrets: [String] = [], names: [String] = [], variables: [String] = []) {
        let lowercasedNames = Set(names.map { $0.lowercased() })
        self.knownSecrets = Set(knownSecrets.filter { Self.isMaskableAnywhere($0, names: lowercasedNames) })
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
        self.names = Set(names)
        self.variables = Set(variables)
    }

    /// `text` with every secret it recognises replaced by `****`; everything else unchanged.
    public func mask(_ text: String) -> String {
        var text = text
        for secret in knownSecrets { text = text.replacing(secret, with: Self.mask) }
        // No pattern below spans a line break, so only the lines that name something secret
        // (a cheap test) go through the regular expressions, which are slow on long reports.
        guard Self.mightHoldSecret(text.utf8) else { return text }
        guard text.contains("\n") else { return maskPatterns(text) }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { Self.mightHoldSecret($0.utf8) ? maskPatterns(String($0)) : String($0) }
            .joined(separator: "\n")
    }

    /// Whether a literal secret can be masked wherever it appears without hiding anything else:
    /// four characters or more, as always, and not part of a name of the workspace (`plane` in
    /// a project called `plane` is masked only after its variable or in a URL).
    static func isMaskableAnywhere(_ value: String, names: Set<String>) -> Bool {
        guard value != mask, value.count >= 4, !booleans.contains(value.lowercased()) else { return false }
        let lowercased = value.lowercased()
        return !names.contains { $0.contains(lowercased) }
    }

    /// Words without which none of the patterns can match, lower-case ASCII.
    private static let triggers: [[UInt8]] = ["://", "authorization", "bearer", "password", "passwd", "secret", "token", "key"].map { Array($0.utf8) }

    /// Whether `bytes` contain a trigger word, ignoring ASCII case. Every line of every report
    /// is asked, so it reads the bytes in place (a native string's are contiguous).
    static func mightHoldSecret(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.withContiguousStorageIfAvailable(containsTrigger) ?? containsTrigger(Array(bytes))
    }

    private static func containsTrigger<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool where Bytes.Index == Int {
        let start = bytes.startIndex, count = bytes.count
        let triggers = Self.triggers
        for offset in 0..<count {
            // Most bytes start no trigger word: `:` or one of the letters a b k p s t.
            switch bytes[start + offset] | 0x20 {
            case UInt8(ascii: ":"), UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "k"), UInt8(ascii: "p"), UInt8(ascii: "s"), UInt8(ascii: "t"): break
            default: continue
            }
            let first = lowered(bytes[start + offset])
            words: for word in triggers where word[0] == first && word.count <= count - offset {
                for position in 1..<word.count where lowered(bytes[start + offset + position]) != word[position] { continue words }
                return true
            }
        }
        return false
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// The pattern-based masking of `mask`.
    private func maskPatterns(_ text: String) -> String {
        var text = text
        text = text.replacing(Self.urlPassword) { match in
            let password = match.output.password
            if Self.isReference(password) { return String(match.output.0) }
            return "\(match.output.prefix):\(Self.mask)@"
        }
        text = text.replacing(Self.authorization) { match in "\(match.output.head)\(Self.mask)" }
        text = text.replacing(Self.bearer) { match in "\(match.output.head)\(Self.mask)" }
        return maskNamedValues(text)
    }

    /// Values of secret variables in `text`; after a name that is not one, its value is searched.
    private func maskNamedValues(_ text: String) -> String {
        text.replacing(Self.namedValue) { match in
            let output = match.output
            if isSecretName(output.name) { return Self.maskNamedValue(output) }
            let whole = String(output.0)
            return String(whole.dropLast(output.value.count)) + maskNamedValues(String(output.value))
        }
    }

    /// Whether `name`, met in text before `=` or `:`, is that of a secret variable: a variable of
    /// the workspace that holds one, or a name that is not the workspace's and reads as one
    /// (`KEY` ending a part only when written upper-case, as variables are: `APIKEY`, not `valkey`).
    private func isSecretName(_ name: Substring) -> Bool {
        if variables.contains(String(name)) { return true }
        if names.contains(String(name)) { return false }
        return Self.isSecretVariable(name, ordinary: namePartsOfWorkspace)
    }

    /// The workspace's names as variable-name parts (`valkey` → `VALKEY`): a part that is one
    /// of them names the service, not a key.
    private var namePartsOfWorkspace: Set<String> { Set(names.map { $0.uppercased() }) }

    /// Whether a variable's name says it holds a secret: one of its parts (split at `_`, `-`, `.`
    /// and where lower case turns upper) holds PASSWORD, PASSWD, SECRET or TOKEN, or is KEY or
    /// KEYS, or ends in KEY (`MEILI_MASTERKEY`, `jwtkey`), unless that part is an ordinary word
    /// (`valkey`, `monkey`) or one of `ordinary` (the workspace's names, upper-cased). `*_FILE`
    /// names hold a path, not a secret.
    public static func isSecretVariable(_ name: some StringProtocol, ordinary: Set<String> = []) -> Bool {
        let parts = nameParts(name)
        guard let last = parts.last, last != "FILE" else { return false }
        return parts.contains { part in
            secretWords.contains(where: part.contains) || part == "KEY" || part == "KEYS"
                || (part.hasSuffix("KEY") && !ordinaryKeyWords.contains(part) && !ordinary.contains(part))
        }
    }

    /// Whether a literal value of a secret variable can be a secret: not empty, not a boolean
    /// flag (`MYSQL_ALLOW_EMPTY_PASSWORD: "yes"`), not a reference or a file path.
    public static func isSecretValue(_ value: String) -> Bool {
        let value = Substring(value)
        return !value.isEmpty && !booleans.contains(value.lowercased()) && !isReference(value) && !isPath(value)
    }

    /// A name upper-cased and split into parts at `_`, `-`, `.` and lower-to-upper case changes.
    private static func nameParts(_ name: some StringProtocol) -> [String] {
        var parts: [String] = []
        var current = ""
        var previous: Character?
        for char in name {
            if char == "_" || char == "-" || char == "." {
                if !current.isEmpty { parts.append(current) }
                current = ""
            } else {
                if char.isUppercase, let previous, previous.isLowercase, !current.isEmpty {
                    parts.append(current)
                    current = ""
                }
                current += char.uppercased()
            }
            previous = char
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    private static let secretWords = ["PASSWORD", "PASSWD", "SECRET", "TOKEN"]
    /// Words ending in KEY that name no key.
    private static let ordinaryKeyWords: Set<String> = [
        "VALKEY", "MONKEY", "DONKEY", "TURKEY", "HOCKEY", "JOCKEY", "WHISKEY", "TURNKEY", "HOTKEY", "LACKEY",
    ]
    /// Values that are settings, not secrets.
    private static let booleans: Set<String> = ["true", "false", "yes", "no", "on", "off"]

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
        // A name followed by `-` is only a separator inside `${…}`.
        if output.separator == "-" { return whole }
        return String(whole.dropLast(output.value.count)) + maskValue(output.value)
    }

    /// A variable's value masked, keeping quotes, trailing punctuation, references and paths.
    private static func maskValue(_ value: Substring) -> String {
        if let quote = value.first, quote == "\"" || quote == "'" {
            let inner = value.dropFirst().dropLast()
            if inner.isEmpty || isReference(inner) || isPath(inner) || booleans.contains(inner.lowercased()) { return String(value) }
            return "\(quote)\(maskReference(inner) ?? mask)\(quote)"
        }
        if let masked = maskReference(value) { return masked }
        var core = value
        var trailing = ""
        while let last = core.last, ",;.)]}".contains(last) {
            trailing = String(last) + trailing
            core = core.dropLast()
        }
        if core.isEmpty || isReference(core) || isPath(core) || booleans.contains(core.lowercased()) { return String(value) }
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
