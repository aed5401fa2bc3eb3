/// The Change Impact Report: the runbook's sections (Affected, What the Change Does, Migration
/// Plan, Risks, Rollback Plan, Test Plan, Updates Required) in Markdown and text, and the JSON
/// keys `target`, `change`, `affected` and `plan`.
public struct ImpactPayload: ReportPayload {
    public var impact: ImpactAnalysis

    public init(_ impact: ImpactAnalysis) { self.impact = impact }

    public var jsonFields: [JSONMember] {
        [
            JSONMember("target", .array(impact.targets.map(JSONValue.string))),
            JSONMember("change", .string(impact.change.description)),
            JSONMember("affected", .array(impact.affected.map { item in
                .fields([
                    "service": .string(item.service), "app": .string(item.app), "tier": .number(item.tier),
                    "via": .array(item.via.map { .string($0.rawValue) }), "distance": .int(item.distance),
                    "effect": .string(item.effect),
                    "evidence": .array(item.evidence.map { .fields(["file": .string($0.location.file), "line": .int($0.location.line), "detail": .string($0.detail)]) }),
                ])
            })),
            JSONMember("mentions", .array(impact.mentions.map {
                .fields(["file": .string($0.location.file), "line": .int($0.location.line), "text": .string($0.text)])
            })),
            JSONMember("plan", .fields([
                "migration": .array(impact.migration.map(JSONValue.string)),
                "risks": .array(impact.risks.map(JSONValue.string)),
                "rollback": .array(impact.rollback.map(JSONValue.string)),
                "test": .array(impact.tests.map(JSONValue.string)),
                "updates": .array(impact.updates.map { .fields(["file": .string($0.file), "change": .string($0.what)]) }),
            ])),
        ]
    }

    public func masked(by masker: SecretMasker) -> ImpactPayload {
        var copy = self
        copy.impact.mentions = impact.mentions.map { ImpactAnalysis.Mention(location: $0.location, text: masker.mask($0.text)) }
        copy.impact.affected = impact.affected.map { item in
            var item = item
            item.evidence = item.evidence.map { edge in
                var edge = edge
                edge.detail = masker.mask(edge.detail)
                return edge
            }
            return item
        }
        return copy
    }

    /// The sections as (heading, lines), shared by Markdown and text.
    var sections: [(String, [String])] {
        let impact = self.impact
        let affected = impact.affected.isEmpty ? ["✅ No service depends on \(impact.services.joined(separator: ", "))"]
            : impact.affected.map { item in
                let tier = item.tier.map { "tier \($0)" } ?? "no tier"
                let evidence = item.evidence.first.map { " — `\($0.location.file):\($0.location.line)` \($0.detail)" } ?? ""
                return "\(item.distance == 1 ? "⚠️" : "ℹ️") **\(item.service)** (\(item.app), \(tier), distance \(item.distance), via \(item.via.map(\.rawValue).joined(separator: ", ")))\(evidence)"
            }
        let does = impact.affected.map { "\($0.service): \($0.effect)" } + impact.mentions.map { "`\($0.location.file):\($0.location.line)` \($0.text)" }
        return [
            ("Affected", affected),
            ("What the Change Does", does.isEmpty ? ["Nothing else changes."] : does),
            ("Migration Plan", impact.migration.enumerated().map { "\($0.offset + 1). \($0.element)" }),
            ("Risks", impact.risks.isEmpty ? ["✅ None found"] : impact.risks.map { $0.hasPrefix("❌") ? $0 : "⚠️ \($0)" }),
            ("Rollback Plan", impact.rollback.map { "`\($0)`" }),
            ("Test Plan", impact.tests.map { "`\($0)`" }),
            ("Updates Required", impact.updates.map { "\($0.file): \($0.what)" }),
        ]
    }

    public var markdown: String? {
        var writer = MarkdownWriter()
        writer.paragraph("**Target:** \(impact.targets.joined(separator: ", ")) · **Change:** \(impact.change)")
        for (heading, lines) in sections {
            writer.heading(3, heading)
            for line in lines {
                if line.first?.isNumber == true { writer.lineBlock([line]) } else { writer.bullet(line) }
            }
            writer.blankLine()
        }
        return writer.text
    }

    public var text: String? {
        ([impact.change == .add ? "Impact of adding \(impact.targets.joined(separator: ", "))" : "Impact of \(impact.change) on \(impact.targets.joined(separator: ", "))"] + sections.map { heading, lines in
            ([heading + ":"] + lines.map { "  " + $0.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "") }).joined(separator: "\n")
        }).joined(separator: "\n\n")
    }
}
