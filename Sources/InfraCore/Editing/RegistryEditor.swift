/// Surgical edits of `.dev/infra/registry.yml`: adds or removes one port allocation or one
/// service entry by splicing lines where the located tree says they belong, in the style of
/// their neighbours (block or flow, indentation). Every other byte stays as written.
public struct RegistryEditor: Sendable {
    private var splicer: YAMLSplicer

    /// The registry text `text` of `file` (workspace-relative, for messages).
    public init(text: String, file: String) throws(EditError) {
        splicer = try YAMLSplicer(text: text, file: file)
    }

    /// The edited text.
    public var text: String { splicer.text }

    // MARK: Allocations

    /// Adds `port_registry.allocated.<port>` with `fields` (values written as YAML), next to
    /// the app's other ports in ascending order, or after a comment naming the app when it
    /// has none yet.
    public mutating func addAllocation(port: Int, app: String, fields: [YAMLField]) throws(EditError) {
        let step = splicer.step
        guard let portRegistry = YAMLSplicer.pair(splicer.topPairs, "port_registry") else {
            let indent = String(repeating: " ", count: step)
            try splicer.appendTopLevel(
                ["port_registry:", indent + "allocated:", indent + indent + "\(port):"]
                    + YAMLSplicer.blockLines(fields, indent: 3 * step))
            return
        }
        guard let allocated = portRegistry.value.pairs.flatMap({ YAMLSplicer.pair($0, "allocated") }) else {
            let after = try splicer.openBlock(portRegistry, what: "port_registry")
            let indent = portRegistry.key.location.column - 1 + step
            try splicer.insert(
                [String(repeating: " ", count: indent) + "allocated:", String(repeating: " ", count: indent + step) + "\(port):"]
                    + YAMLSplicer.blockLines(fields, indent: indent + 2 * step),
                before: after + 1)
            return
        }
        if splicer.layout.isFlow(allocated.value), !(allocated.value.pairs ?? []).isEmpty {
            throw EditError.unsupportedLayout(splicer.file, line: allocated.value.location.line, "port_registry.allocated is written in flow style")
        }
        let entries = (allocated.value.pairs ?? []).compactMap { pair in pair.key.int.map { (port: $0, pair: pair) } }
        if entries.contains(where: { $0.port == port }) {
            throw EditError("port \(port) is already allocated in \(splicer.file)")
        }
        let layout = splicer.layout
        let sameApp = entries.filter { $0.pair.value["app"]?.string == app }
        let line: Int
        let reference: YAMLNode.Pair?
        if let previous = sameApp.filter({ $0.port < port }).max(by: { $0.port < $1.port }) {
            line = layout.span(of: previous.pair).upperBound + 1
            reference = previous.pair
        } else if let next = sameApp.filter({ $0.port > port }).min(by: { $0.port < $1.port }) {
            line = next.pair.key.location.line
            reference = next.pair
        } else if let first = entries.first,
                  let comment = splicer.comment(
                      naming: app, in: (allocated.key.location.line + 1)...layout.span(of: allocated).upperBound,
                      indent: first.pair.key.location.column - 1) {
            line = comment + 1
            reference = first.pair
        } else if let previous = entries.filter({ $0.port < port }).max(by: { $0.port < $1.port }) {
            line = layout.span(of: previous.pair).upperBound + 1
            reference = previous.pair
        } else if let first = entries.first {
            line = first.pair.key.location.line
            reference = first.pair
        } else {
            line = try splicer.openBlock(allocated, what: "port_registry.allocated") + 1
            reference = nil
        }
        let keyIndent = reference.map { $0.key.location.column - 1 } ?? (allocated.key.location.column - 1 + step)
        let lines: [String]
        if let reference, layout.isFlow(reference.value) {
            lines = [String(repeating: " ", count: keyIndent) + "\(port): " + YAMLSplicer.flowMapping(fields)]
        } else {
            let fieldIndent = reference.flatMap { $0.value.pairs?.first }.map { $0.key.location.column - 1 } ?? (keyIndent + step)
            lines = [String(repeating: " ", count: keyIndent) + "\(port):"] + YAMLSplicer.blockLines(fields, indent: fieldIndent)
        }
        try splicer.insert(lines, before: line)
    }

    /// Removes `port_registry.allocated.<port>` (and the comments inside its entry).
    public mutating func removeAllocation(port: Int) throws(EditError) {
        guard let allocated = YAMLSplicer.pair(splicer.topPairs, "port_registry")?.value.pairs.flatMap({ YAMLSplicer.pair($0, "allocated") }),
              let entries = allocated.value.pairs,
              let entry = entries.first(where: { $0.key.int == port }) else {
            throw EditError("port \(port) is not allocated in \(splicer.file)")
        }
        if splicer.layout.isFlow(allocated.value) {
            throw EditError.unsupportedLayout(splicer.file, line: allocated.value.location.line, "port_registry.allocated is written in flow style")
        }
        try splicer.remove(splicer.layout.span(of: entry))
        if entries.count == 1, let emptied = YAMLSplicer.pair(splicer.topPairs, "port_registry")?.value.pairs.flatMap({ YAMLSplicer.pair($0, "allocated") }) {
            try splicer.closeEmptyBlock(emptied, empty: "{}")
        }
    }

    // MARK: Networks

    /// Adds `networks.<name>` with `fields` after the last network.
    public mutating func addNetwork(_ name: String, fields: [YAMLField]) throws(EditError) {
        let step = splicer.step
        guard let networks = YAMLSplicer.pair(splicer.topPairs, "networks") else {
            try splicer.appendTopLevel(
                ["networks:", String(repeating: " ", count: step) + "\(name):"] + YAMLSplicer.blockLines(fields, indent: 2 * step))
            return
        }
        let layout = splicer.layout
        let existing = networks.value.pairs ?? []
        if existing.contains(where: { $0.key.string == name }) { return }
        if layout.isFlow(networks.value), !existing.isEmpty {
            throw EditError.unsupportedLayout(splicer.file, line: networks.value.location.line, "networks is written in flow style")
        }
        let keyIndent = existing.first.map { $0.key.location.column - 1 } ?? (networks.key.location.column - 1 + step)
        let reference = existing.last
        let line: Int
        if let reference {
            line = layout.span(of: reference).upperBound
        } else {
            line = try splicer.openBlock(networks, what: "networks")
        }
        let lines: [String]
        if let reference, layout.isFlow(reference.value) {
            lines = [String(repeating: " ", count: keyIndent) + "\(name): " + YAMLSplicer.flowMapping(fields)]
        } else {
            let fieldIndent = reference.flatMap { $0.value.pairs?.first }.map { $0.key.location.column - 1 } ?? (keyIndent + step)
            lines = [String(repeating: " ", count: keyIndent) + "\(name):"] + YAMLSplicer.blockLines(fields, indent: fieldIndent)
        }
        try splicer.insert(lines, before: line + 1)
    }

    // MARK: Services

    /// Adds a service entry (`fields`, `name` first) to `services.<app>.<environment>`,
    /// creating the app or environment key when missing, after the list's last entry.
    public mutating func addService(app: String, environment: Registry.Environment, fields: [YAMLField]) throws(EditError) {
        let step = splicer.step
        let env = environment.rawValue
        guard let services = YAMLSplicer.pair(splicer.topPairs, "services") else {
            try splicer.appendTopLevel(
                ["services:", String(repeating: " ", count: step) + "\(app):", String(repeating: " ", count: 2 * step) + "\(env):"]
                    + YAMLSplicer.itemLines(fields, dashIndent: 3 * step))
            return
        }
        let layout = splicer.layout
        if layout.isFlow(services.value), !(services.value.pairs ?? []).isEmpty {
            throw EditError.unsupportedLayout(splicer.file, line: services.value.location.line, "services is written in flow style")
        }
        let reference = referenceItem()
        let appPairs = services.value.pairs ?? []
        guard let appPair = YAMLSplicer.pair(appPairs, app) else {
            let appIndent = appPairs.first.map { $0.key.location.column - 1 } ?? (services.key.location.column - 1 + step)
            let line: Int
            if let comment = splicer.comment(naming: app, in: (services.key.location.line + 1)...layout.span(of: services).upperBound, indent: appIndent) {
                line = comment + 1
            } else if let last = appPairs.last {
                line = layout.span(of: last).upperBound + 1
            } else {
                line = try splicer.openBlock(services, what: "services") + 1
            }
            let envIndent = reference.map { $0.envIndent - $0.appIndent + appIndent } ?? (appIndent + step)
            let head = [String(repeating: " ", count: appIndent) + "\(app):", String(repeating: " ", count: envIndent) + "\(env):"]
            try splicer.insert(head + itemLines(fields, envIndent: envIndent, reference: reference), before: line)
            return
        }
        let envPairs = appPair.value.pairs ?? []
        guard let envPair = YAMLSplicer.pair(envPairs, env) else {
            let envIndent = envPairs.first.map { $0.key.location.column - 1 } ?? (appPair.key.location.column - 1 + step)
            let line: Int
            if let last = envPairs.last {
                line = layout.span(of: last).upperBound + 1
            } else {
                line = try splicer.openBlock(appPair, what: "services.\(app)") + 1
            }
            try splicer.insert(
                [String(repeating: " ", count: envIndent) + "\(env):"] + itemLines(fields, envIndent: envIndent, reference: reference),
                before: line)
            return
        }
        let envIndent = envPair.key.location.column - 1
        for node in [appPair.value, envPair.value] where layout.isFlow(node) && !((node.pairs?.isEmpty ?? true) && (node.items?.isEmpty ?? true)) {
            throw EditError.unsupportedLayout(splicer.file, line: node.location.line, "services.\(app) is written in flow style")
        }
        if let last = envPair.value.items?.last {
            let line = layout.span(ofItem: last).upperBound + 1
            let ownReference = ReferenceItem(
                appIndent: appPair.key.location.column - 1, envIndent: envIndent,
                dashIndent: layout.dash(of: last).column - 1, isFlow: layout.isFlow(last))
            try splicer.insert(itemLines(fields, envIndent: envIndent, reference: ownReference), before: line)
        } else {
            let line = try splicer.openBlock(envPair, what: "services.\(app).\(env)") + 1
            try splicer.insert(itemLines(fields, envIndent: envIndent, reference: reference), before: line)
        }
    }

    /// Removes the service entry named `name`; an environment (or app) left without services
    /// is removed with it.
    public mutating func removeService(named name: String) throws(EditError) {
        guard let services = YAMLSplicer.pair(splicer.topPairs, "services") else {
            throw EditError("service \(name) is not in \(splicer.file)")
        }
        let layout = splicer.layout
        let appPairs = services.value.pairs ?? []
        for appPair in appPairs {
            let envPairs = appPair.value.pairs ?? []
            for envPair in envPairs {
                let items = envPair.value.items ?? []
                guard let item = items.first(where: { $0["name"]?.string == name }) else { continue }
                if layout.isFlow(envPair.value) {
                    throw EditError.unsupportedLayout(splicer.file, line: envPair.value.location.line, "the service list is written in flow style")
                }
                if items.count > 1 {
                    try splicer.remove(layout.span(ofItem: item))
                } else if envPairs.count > 1 {
                    try splicer.remove(layout.span(of: envPair))
                } else {
                    try splicer.remove(layout.span(of: appPair))
                    if appPairs.count == 1, let emptied = YAMLSplicer.pair(splicer.topPairs, "services") {
                        try splicer.closeEmptyBlock(emptied, empty: "{}")
                    }
                }
                return
            }
        }
        throw EditError("service \(name) is not in \(splicer.file)")
    }

    /// How existing service entries are laid out, so that a new one looks like them.
    private struct ReferenceItem {
        var appIndent: Int
        var envIndent: Int
        var dashIndent: Int
        var isFlow: Bool
    }

    /// The first service entry of the registry, as a model of layout.
    private func referenceItem() -> ReferenceItem? {
        let layout = splicer.layout
        guard let services = YAMLSplicer.pair(splicer.topPairs, "services")?.value.pairs else { return nil }
        for appPair in services {
            for envPair in appPair.value.pairs ?? [] {
                if let item = envPair.value.items?.first, !layout.isFlow(envPair.value) {
                    return ReferenceItem(
                        appIndent: appPair.key.location.column - 1, envIndent: envPair.key.location.column - 1,
                        dashIndent: layout.dash(of: item).column - 1, isFlow: layout.isFlow(item))
                }
            }
        }
        return nil
    }

    private func itemLines(_ fields: [YAMLField], envIndent: Int, reference: ReferenceItem?) -> [String] {
        let dashIndent = reference.map { $0.dashIndent - $0.envIndent + envIndent } ?? (envIndent + splicer.step)
        if reference?.isFlow == true {
            return [String(repeating: " ", count: dashIndent) + "- " + YAMLSplicer.flowMapping(fields)]
        }
        return YAMLSplicer.itemLines(fields, dashIndent: dashIndent)
    }
}
