/// Matches host names against the names a certificate presents, as RFC 6125 (section 6.4)
/// does it for server identities.
public enum HostnameMatcher {
    /// Whether `pattern` (a DNS name from a certificate, possibly `*.example.com`) covers `host`.
    ///
    /// Comparison ignores case and a trailing dot. A wildcard stands for exactly one whole
    /// label and only as the complete left-most label: `*.axiom.local` covers `a.axiom.local`
    /// but neither `axiom.local` nor `a.b.axiom.local`; partial-label wildcards (`a*.axiom.local`,
    /// `*a.axiom.local`) and wildcards anywhere else match nothing.
    public static func matches(pattern: String, host: String) -> Bool {
        let pattern = normalized(pattern)
        let host = normalized(host)
        guard !pattern.isEmpty, !host.isEmpty else { return false }
        let patternLabels = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let hostLabels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard !hostLabels.contains(where: \.isEmpty), !patternLabels.contains(where: \.isEmpty) else { return false }
        guard patternLabels.count == hostLabels.count else { return false }
        if patternLabels[0] == "*" {
            guard patternLabels.count >= 2 else { return false }
            guard !patternLabels.dropFirst().contains(where: { $0.contains("*") }) else { return false }
            return patternLabels.dropFirst() == hostLabels.dropFirst()
        }
        guard !pattern.contains("*") else { return false }
        return pattern == host
    }

    /// Lowercased, without one trailing dot.
    static func normalized(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasSuffix(".") ? String(lower.dropLast()) : lower
    }
}
