/// Reads typed values out of `YAMLNode`s, collecting every problem (with its place) instead of
/// stopping at the first, and noting keys a format does not know. `what` names the value in a
/// message; it is only worked out when there is a problem to report.
public struct NodeReader: Sendable {
    /// Problems that make the input unusable (exit 2).
    public var errors: [InputError] = []
    /// Keys the format does not define (REG002 warnings).
    public var unknownKeys: [UnknownKey] = []

    public init() {}

    /// Records an input error at `location`.
    public mutating func fail(_ location: SourceLocation, _ message: String) {
        errors.append(InputError(location, message))
    }

    /// The entries of a mapping; an error when `node` is something else. `what` names the value
    /// in the message (`services.web.ports`).
    public mutating func mapping(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [YAMLNode.Pair]? {
        if let pairs = node.pairs { return pairs }
        fail(node.location, "\(what()) must be a mapping, found \(node.typeDescription)")
        return nil
    }

    /// The items of a list; an error when `node` is something else.
    public mutating func sequence(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [YAMLNode]? {
        if let items = node.items { return items }
        fail(node.location, "\(what()) must be a list, found \(node.typeDescription)")
        return nil
    }

    /// The text of a scalar (numbers and booleans as written); an error for a mapping, a list
    /// or null.
    public mutating func string(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        if let text = node.string { return text }
        fail(node.location, "\(what()) must be a string, found \(node.typeDescription)")
        return nil
    }

    /// A YAML integer; an error for anything else.
    public mutating func int(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Int? {
        if let value = node.int { return value }
        fail(node.location, "\(what()) must be an integer, found \(node.typeDescription)")
        return nil
    }

    /// A YAML boolean; an error for anything else.
    public mutating func bool(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Bool? {
        if let value = node.bool { return value }
        fail(node.location, "\(what()) must be true or false, found \(node.typeDescription)")
        return nil
    }

    /// A list of strings, each located.
    public mutating func stringList(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [Located<String>]? {
        guard let items = sequence(node, what()) else { return nil }
        return items.enumerated().compactMap { index, item in
            string(item, "\(what())[\(index)]").map { Located($0, at: item.location) }
        }
    }

    /// A value from a fixed set, e.g. an enum's raw values.
    public mutating func oneOf<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: @autoclosure () -> String, as type: T.Type) -> T? where T.RawValue == String {
        guard let text = string(node, what()) else { return nil }
        if let value = T(rawValue: text) { return value }
        let known = T.allCases.map(\.rawValue)
        var message = "\(what()) has unknown value '\(text)'; expected one of: \(known.joined(separator: ", "))"
        if let guess = NodeReader.suggestion(for: text, among: known) { message += " (did you mean '\(guess)'?)" }
        fail(node.location, message)
        return nil
    }

    /// Notes every key of `pairs` that is not in `known` (and, with `allowExtensions`, does
    /// not start with `x-`); a key that is not a string is an error.
    public mutating func checkKeys(_ pairs: [YAMLNode.Pair], known: Set<String>, allowExtensions: Bool = false) {
        // By index: each key is looked at in place, not copied with its value.
        for index in pairs.indices {
            guard let key = pairs[index].key.string else {
                fail(pairs[index].key.location, "a key must be a string, found \(pairs[index].key.typeDescription)")
                continue
            }
            if known.contains(key) || (allowExtensions && key.hasPrefix("x-")) { continue }
            unknownKeys.append(UnknownKey(key: key, location: pairs[index].key.location, suggestion: NodeReader.suggestion(for: key, among: known)))
        }
    }

    /// The known word nearest to `word` when it is close enough to be a typo.
    public static func suggestion(for word: String, among known: some Sequence<String>) -> String? {
        let limit = max(1, min(3, word.count / 3))
        var best: (word: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.word
    }

    /// Levenshtein distance with adjacent transpositions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
