import Foundation

/// Text forms of a dependency graph.
public enum GraphFormat: String, Sendable, CaseIterable {
    case mermaid, dot, text, svg, json
}

/// Renders a `DependencyGraph` as Mermaid, Graphviz DOT or plain text.
public enum GraphRenderer {
    /// Mermaid `flowchart`: one subgraph per tier, shared-network services highlighted.
    public static func mermaid(_ graph: DependencyGraph) -> String {
        var lines = ["flowchart TB"]
        for tier in graph.tiers {
            lines.append("  subgraph tier_\(tier.number.map(String.init) ?? "none")[\"\(title(of: tier))\"]")
            for node in tier.nodes {
                lines.append("    \(identifier(node.name))[\"\(label(node, separator: "<br/>"))\"]")
            }
            lines.append("  end")
        }
        for edge in graph.edges {
            lines.append("  \(identifier(edge.from)) --> \(identifier(edge.to))" + (edge.resolved ? "" : "\n  \(identifier(edge.to))[\"\(edge.to) (not registered)\"]"))
        }
        let sharedNodes = graph.nodes.filter(\.onSharedNetwork)
        if let network = graph.sharedNetwork, !sharedNodes.isEmpty {
            lines.append("  classDef shared stroke:#2563eb,stroke-width:2px")
            lines.append("  class \(sharedNodes.map { identifier($0.name) }.joined(separator: ",")) shared")
            lines.append("  %% blue border: on \(network)")
        }
        return lines.joined(separator: "\n")
    }

    /// Graphviz DOT: one cluster per tier, dependency edges pointing at what starts first.
    public static func dot(_ graph: DependencyGraph) -> String {
        var lines = ["digraph platform {", "  rankdir=TB;", "  node [shape=box, style=rounded, fontname=\"Helvetica\"];"]
        for (index, tier) in graph.tiers.enumerated() {
            lines.append("  subgraph cluster_\(index) {")
            lines.append("    label=\(quoted(title(of: tier)));")
            for node in tier.nodes {
                let style = node.onSharedNetwork ? ", color=\"#2563eb\", penwidth=2" : ""
                lines.append("    \(quoted(node.name)) [label=\(quoted(label(node, separator: "\n")))\(style)];")
            }
            lines.append("  }")
        }
        for edge in graph.edges {
            lines.append("  \(quoted(edge.from)) -> \(quoted(edge.to))" + (edge.resolved ? ";" : " [style=dashed, color=red];"))
        }
        if let network = graph.sharedNetwork {
            lines.append("  label=\(quoted("blue border: on \(network)"));")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// A heading, the counts, and the graph drawn in `format` in a fenced block (no drawing
    /// for `json` and `svg`).
    public static func markdown(_ graph: DependencyGraph, drawn format: GraphFormat, platform: String?) -> String {
        var writer = MarkdownWriter()
        writer.heading(3, "Dependency Graph\(platform.map { " — \($0)" } ?? "")")
        writer.paragraph("\(graph.nodes.count) services in \(graph.tiers.count) tiers, \(graph.edges.count) dependencies"
            + (graph.sharedNetwork.map { "; shared network \($0)" } ?? "") + ".")
        switch format {
        case .mermaid: writer.codeBlock(mermaid(graph), language: "mermaid")
        case .dot: writer.codeBlock(dot(graph), language: "dot")
        case .text: writer.codeBlock(text(graph), language: "text")
        case .json, .svg: break
        }
        return writer.text
    }

    /// Plain text: tiers in start order, each service with its ports, network and dependencies.
    public static func text(_ graph: DependencyGraph) -> String {
        var lines: [String] = []
        let dependencies = Dictionary(grouping: graph.edges, by: \.from)
        for tier in graph.tiers {
            lines.append(title(of: tier))
            for node in tier.nodes {
                var line = "  \(node.name) (\(node.app), \(node.type.rawValue))"
                if !node.ports.isEmpty { line += " ports \(node.ports.map(String.init).joined(separator: ", "))" }
                if node.onSharedNetwork, let network = graph.sharedNetwork { line += " [\(network)]" }
                if let edges = dependencies[node.name] {
                    line += " → " + edges.map { $0.resolved ? $0.to : "\($0.to) (not registered)" }.joined(separator: ", ")
                }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func title(of tier: DependencyGraph.Tier) -> String {
        guard let number = tier.number else { return "No tier" }
        return "Tier \(number)" + (tier.name.map { ": \($0)" } ?? "")
    }

    private static func label(_ node: DependencyGraph.Node, separator: String) -> String {
        var parts = [node.name]
        if !node.ports.isEmpty { parts.append(":" + node.ports.map(String.init).joined(separator: ", :")) }
        if let domain = node.domain { parts.append(domain) }
        return parts.joined(separator: separator)
    }

    /// A Mermaid node id: a prefix (so no name collides with a keyword such as `end`), then the
    /// name with every character but letters and digits as `_`.
    private static func identifier(_ name: String) -> String {
        "svc_" + String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// A DOT string literal.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

extension DependencyGraph {
    /// The graph as JSON fields (`tiers`, `edges`, `shared_network`), for `graph --format json`.
    public var jsonFields: [JSONMember] {
        let tiers = tiers.map { tier in
            JSONValue.fields([
                "tier": .number(tier.number), "name": .text(tier.name),
                "services": .array(tier.nodes.map { node in
                    JSONValue.fields([
                        "name": .string(node.name), "app": .string(node.app), "type": .string(node.type.rawValue),
                        "ports": .array(node.ports.map(JSONValue.int)), "shared_network": .bool(node.onSharedNetwork),
                        "domain": .text(node.domain),
                    ])
                }),
            ])
        }
        let edges = edges.map { edge in
            JSONValue.fields(["from": .string(edge.from), "to": .string(edge.to), "resolved": .bool(edge.resolved)])
        }
        var fields = [JSONMember("tiers", .array(tiers)), JSONMember("edges", .array(edges))]
        if let sharedNetwork { fields.append(JSONMember("shared_network", .string(sharedNetwork))) }
        return fields
    }
}
