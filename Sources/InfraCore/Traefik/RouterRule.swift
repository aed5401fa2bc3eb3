/// The host names a Traefik router rule matches: the arguments of its `Host` and `HostSNI`
/// matchers, in either syntax (v3 `Host(`a`)`, v2 `Host(`a`, `b`)`), combined with `||`, `&&`
/// and parentheses. `HostRegexp`, negated matchers (`!Host(…)`) and `HostSNI(`*`)` name no
/// host and are skipped.
public enum RouterRule {
    /// The host names of `rule`, lowercased, in order of appearance, without duplicates.
    public static func hosts(_ rule: String) -> [String] {
        let characters = Array(rule)
        var hosts: [String] = []
        var index = 0
        while index < characters.count {
            let char = characters[index]
            guard char.isLetter else {
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end].isLetter || characters[end].isNumber { end += 1 }
            let name = String(characters[index..<end])
            let negated = precedingNonSpace(characters, before: index) == "!"
            var cursor = end
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            guard cursor < characters.count, characters[cursor] == "(" else {
                index = end
                continue
            }
            let (arguments, after) = readArguments(characters, from: cursor + 1)
            index = after
            guard !negated, ["host", "hostsni"].contains(name.lowercased()) else { continue }
            for argument in arguments {
                let host = argument.trimmingSpaces().lowercased()
                guard !host.isEmpty, host != "*", !hosts.contains(host) else { continue }
                hosts.append(host)
            }
        }
        return hosts
    }

    private static func precedingNonSpace(_ characters: [Character], before index: Int) -> Character? {
        var cursor = index - 1
        while cursor >= 0, characters[cursor] == " " { cursor -= 1 }
        return cursor >= 0 ? characters[cursor] : nil
    }

    /// The quoted arguments of a matcher from just after its `(` to its `)`, and the index
    /// after the `)`.
    private static func readArguments(_ characters: [Character], from start: Int) -> ([String], Int) {
        var arguments: [String] = []
        var index = start
        while index < characters.count {
            let char = characters[index]
            if char == ")" { return (arguments, index + 1) }
            if char == "`" || char == "\"" {
                var end = index + 1
                var text = ""
                while end < characters.count, characters[end] != char {
                    if char == "\"", characters[end] == "\\", end + 1 < characters.count {
                        end += 1
                    }
                    text.append(characters[end])
                    end += 1
                }
                arguments.append(text)
                index = end + 1
                continue
            }
            index += 1
        }
        return (arguments, index)
    }
}
