/// The short volume syntax (`SOURCE:TARGET[:MODE]`, or `TARGET` alone for an anonymous
/// volume), parsed as compose-go's `format.ParseVolume` does.
public struct VolumeSpec: Sendable, Hashable {
    /// `bind` when the source is a path, `volume` otherwise.
    public var type: String
    public var source: String?
    public var target: String
    public var readOnly: Bool
    /// The bind propagation among the options (`shared`, `rslave`…), when one is given.
    public var propagation: String? = nil

    /// The propagation modes of a bind mount.
    static let propagations: Set<String> = ["shared", "rshared", "slave", "rslave", "private", "rprivate"]

    /// Parses `text`; the error is Compose's.
    public static func parse(_ text: String) -> Result<VolumeSpec, PortSpecError> {
        var fields: [String] = []
        var buffer = ""
        let chars = Array(text)
        for (index, char) in chars.enumerated() {
            // A Windows drive letter (`C:\`) is part of the path, not a separator.
            if char == ":", buffer.count == 1, buffer.first?.isLetter == true, index + 1 < chars.count, chars[index + 1] == "\\" || chars[index + 1] == "/", fields.isEmpty {
                buffer.append(char)
                continue
            }
            if char == ":" {
                guard !buffer.isEmpty else { return .failure(PortSpecError("invalid spec: \(text): empty section between colons")) }
                guard fields.count < 2 else { return .failure(PortSpecError("invalid spec: \(text): too many colons")) }
                fields.append(buffer)
                buffer = ""
            } else {
                buffer.append(char)
            }
        }
        guard !buffer.isEmpty else { return .failure(PortSpecError("invalid spec: \(text): empty section between colons")) }
        fields.append(buffer)
        if fields.count == 1 { return .success(VolumeSpec(type: "volume", source: nil, target: fields[0], readOnly: false)) }
        let source = fields[0]
        let options = fields.count > 2 ? fields[2].split(separator: ",").map(String.init) : []
        let isPath = source.hasPrefix(".") || source.hasPrefix("/") || source.hasPrefix("~") || source.contains("\\") || (source.count >= 2 && Array(source)[1] == ":")
        var spec = VolumeSpec(type: isPath ? "bind" : "volume", source: source, target: fields[1], readOnly: options.contains("ro"))
        spec.propagation = options.last(where: propagations.contains)
        return .success(spec)
    }
}
