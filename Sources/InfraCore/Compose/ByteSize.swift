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
