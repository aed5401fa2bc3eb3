/// A service's memory and CPU limits as its compose file writes them: `mem_limit` and `cpus`,
/// or `deploy.resources.limits.memory` and `.cpus` (which Compose prefers when both are set),
/// each with the line it is on, so a fix can point at it.
public struct ResourceLimits: Sendable, Hashable {
    /// The memory limit's text (`512m`, `1g`, `1073741824`) and location.
    public var memory: Located<String>?
    /// The CPU limit's text (`0.5`, `2`) and location.
    public var cpus: Located<String>?

    public init(memory: Located<String>? = nil, cpus: Located<String>? = nil) {
        self.memory = memory
        self.cpus = cpus
    }

    /// The memory limit in bytes, when it is written as a size Compose understands.
    public var memoryBytes: Int64? { memory.flatMap { ByteSize.bytes($0.value) } }

    /// The CPU limit in cores.
    public var cpuCores: Double? { cpus.flatMap { Double($0.value) } }
}

/// Sizes as Compose writes them: a number of bytes, or one with a unit `b`, `k`/`kb`, `m`/`mb`,
/// `g`/`gb` (powers of 1024, any case).
public enum ByteSize {
    public static func bytes(_ text: String) -> Int64? {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = lowered.prefix { $0.isNumber || $0 == "." }
        guard let number = Double(digits), number >= 0 else { return nil }
        let unit = lowered.dropFirst(digits.count)
        let scale: Double? = switch unit {
        case "", "b": 1
        case "k", "kb": 1024
        case "m", "mb": 1024 * 1024
        case "g", "gb": 1024 * 1024 * 1024
        default: nil
        }
        guard let scale else { return nil }
        let value = number * scale
        return value < Double(Int64.max) ? Int64(value) : nil
    }

    /// `bytes` for people: `37.5MiB`, `1GiB`, `512B`, as `docker stats` prints them.
    public static func text(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes)B" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded))\(units[unit])" : "\(rounded)\(units[unit])"
    }
}
