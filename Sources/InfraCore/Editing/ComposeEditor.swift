/// Surgical edits of a Compose file: adds a service after the last one, declares a top-level
/// network, or removes a service, following the file's indentation and its habit of separating
/// services with a blank line. Every other byte stays as written.
public struct ComposeEditor: Sendable {
    private var splicer: YAMLSplicer

    public init(text: String, file: String) throws(EditError) {
        splicer = try YAMLSplicer(text: text, file: file)
    }

    /// The edited text.
    public var text: String { splicer.text }

    /// The keys under `services:`.
    public var serviceKeys: [String] { servicesPair?.value.pairs?.compactMap { $0.key.string } ?? [] }

    /// The keys under the top-level `networks:`.
    public var networkKeys: [String] {
        YAMLSplicer.pair(splicer.topPairs, "networks")?.value.pairs?.compactMap { $0.key.string } ?? []
    }

    /// Adds `service` (its key line at depth 0) under `services:`.
    public mutating func addService(_ service: YAMLFragment) throws(EditError) {
        let style = self.style
        guard let services = servicesPair else {
            try splicer.appendTopLevel(["services:"] + service.rendered(indent: style.step, step: style.step, indentedItems: style.indentedItems))
            return
        }
        let lines = service.rendered(indent: style.serviceIndent, step: style.step, indentedItems: style.indentedItems)
        if let last = services.value.pairs?.last, !splicer.layout.isFlow(services.value) {
            let end = splicer.layout.span(of: last).upperBound
            try splicer.insert((style.blankBetweenServices ? [""] : []) + lines, before: end + 1)
        } else {
            let line = try splicer.openBlock(services, what: "services")
            try splicer.insert(lines, before: line + 1)
        }
    }

    /// Declares top-level network `name` with `fields` (e.g. `external: true`).
    public mutating func declareNetwork(_ name: String, fields: [YAMLField]) throws(EditError) {
        let style = self.style
        let step = style.step
        guard let networks = YAMLSplicer.pair(splicer.topPairs, "networks") else {
            try splicer.appendTopLevel(
                ["networks:", String(repeating: " ", count: step) + "\(name):"] + YAMLSplicer.blockLines(fields, indent: 2 * step))
            return
        }
        let layout = splicer.layout
        let keyIndent = layout.childIndent(of: networks.value) ?? (networks.key.location.column - 1 + step)
        let lines = [String(repeating: " ", count: keyIndent) + "\(name):"] + YAMLSplicer.blockLines(fields, indent: keyIndent + step)
        if let last = networks.value.pairs?.last, !layout.isFlow(networks.value) {
            try splicer.insert(lines, before: layout.span(of: last).upperBound + 1)
        } else {
            let line = try splicer.openBlock(networks, what: "networks")
            try splicer.insert(lines, before: line + 1)
        }
    }

    /// Removes the service whose key (or `container_name`) is `name`, with the blank line that
    /// separated it from its neighbour.
    public mutating func removeService(_ name: String) throws(EditError) {
        guard let services = servicesPair, let pairs = services.value.pairs,
              let pair = pairs.first(where: { $0.key.string == name }) ?? pairs.first(where: { $0.value["container_name"]?.string == name })
        else { throw EditError("service \(name) is not in \(splicer.file)") }
        if splicer.layout.isFlow(services.value) {
            throw EditError.unsupportedLayout(splicer.file, line: services.value.location.line, "services is written in flow style")
        }
        var span = splicer.layout.span(of: pair)
        let buffer = splicer.buffer
        // The blank line that set it apart from a neighbour goes with it; the last service
        // leaves the blank lines around `services:` as they were.
        if pairs.count > 1, span.lowerBound > 1, buffer.isBlank(span.lowerBound - 1) {
            span = (span.lowerBound - 1)...span.upperBound
        } else if pairs.count > 1, span.upperBound < buffer.count, buffer.isBlank(span.upperBound + 1) {
            span = span.lowerBound...(span.upperBound + 1)
        }
        try splicer.remove(span)
        if pairs.count == 1, let emptied = servicesPair {
            try splicer.closeEmptyBlock(emptied, empty: "{}")
        }
    }

    /// A new Compose file: a comment, the project name, `services:` with `service`, and the
    /// top-level networks it needs.
    public static func newFile(
        comment: [String], projectName: String, service: YAMLFragment, networks: [(name: String, fields: [YAMLField])]
    ) -> String {
        var lines = comment.map { $0.isEmpty ? "#" : "# \($0)" }
        if !lines.isEmpty { lines.append("") }
        lines.append("name: \(YAMLText.scalar(projectName))")
        lines.append("")
        lines.append("services:")
        lines += service.rendered(indent: 2, step: 2)
        if !networks.isEmpty {
            lines.append("")
            lines.append("networks:")
            for network in networks {
                lines.append("  \(network.name):")
                lines += YAMLSplicer.blockLines(network.fields, indent: 4)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var servicesPair: YAMLNode.Pair? { YAMLSplicer.pair(splicer.topPairs, "services") }

    /// How this file is laid out.
    private struct Style {
        var serviceIndent: Int
        var step: Int
        var indentedItems: Bool
        var blankBetweenServices: Bool
    }

    private var style: Style {
        let layout = splicer.layout
        let buffer = splicer.buffer
        let services = servicesPair?.value.pairs ?? []
        let step: Int = {
            for service in services {
                if let field = service.value.pairs?.first, field.key.location.line > service.key.location.line {
                    let step = field.key.location.column - service.key.location.column
                    if step > 0 { return step }
                }
            }
            return splicer.step
        }()
        let serviceIndent = services.first.map { $0.key.location.column - 1 } ?? step
        var indentedItems = true
        search: for service in services {
            for field in service.value.pairs ?? [] {
                if let first = field.value.items?.first, !layout.isFlow(field.value) {
                    indentedItems = layout.dash(of: first).column > field.key.location.column
                    break search
                }
            }
        }
        var blank = false
        if services.count >= 2 {
            let second = services[1].key.location.line
            blank = second > 1 && buffer.isBlank(second - 1)
        } else if let only = services.first {
            let end = layout.span(of: only).upperBound
            blank = end < buffer.count && buffer.isBlank(end + 1)
        }
        return Style(serviceIndent: serviceIndent, step: step, indentedItems: indentedItems, blankBetweenServices: blank)
    }
}
