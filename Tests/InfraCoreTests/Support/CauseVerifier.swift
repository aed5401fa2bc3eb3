import InfraCore
import Testing

/// Runs a cause explainer's examples through a whole diagnosis (as `RuleVerifier` runs a
/// rule's): each example's service must have the explainer's kind as its root cause, with
/// exactly the explanation, fix and replacement text written, located at the 1️⃣ marker.
enum CauseVerifier {
    static let root = "/example"

    static func verify(_ explainer: any CauseExplainer.Type) {
        let description = explainer.description
        if description.examples.isEmpty {
            Issue.record("\(description.id): the cause has no example")
        }
        for example in description.examples {
            verify(example, of: description)
        }
    }

    static func verify(_ example: CauseExample, of description: CauseDescription) {
        let place = place(example)
        let (files, marks) = example.unmarked()
        guard marks.count == 1, let mark = marks.first else {
            Issue.record("\(description.id): an example needs exactly one 1️⃣ marker, found \(marks.count)", sourceLocation: place)
            return
        }
        let causes: [ServiceCause]
        do {
            let context = try context(files: files, engine: example.engine)
            causes = context.causes(of: example.service)
        } catch {
            Issue.record("\(description.id): example does not load: \(error)", sourceLocation: place)
            return
        }
        guard let root = causes.first else {
            Issue.record("\(description.id): \(example.service) has no cause", sourceLocation: place)
            return
        }
        let found = "kind: \(root.cause.kind.rawValue)\nexplanation: \(root.explanation)\nfix: \(root.fix?.explanation ?? "nil")"
            + "\nreplace: \(root.fix?.replace ?? "nil")\nlocation: \(root.location?.description ?? "nil")"
        if root.cause.kind != description.kind {
            Issue.record("\(description.id): the root cause is \(root.cause.kind.rawValue)\n\(found)", sourceLocation: place)
        }
        if root.explanation != example.explanation {
            Issue.record("\(description.id): explanation differs\n\(found)", sourceLocation: place)
        }
        if root.fix?.explanation != example.fix {
            Issue.record("\(description.id): fix differs\n\(found)", sourceLocation: place)
        }
        if let replace = example.replace, root.fix?.replace != replace {
            Issue.record("\(description.id): replacement differs\n\(found)", sourceLocation: place)
        }
        let location = root.location.map { "\($0.file):\($0.line):\($0.column)" }
        if location != "\(mark.file):\(mark.line):\(mark.column)" {
            Issue.record("\(description.id): expected the cause at \(mark.file):\(mark.line):\(mark.column)\n\(found)", sourceLocation: place)
        }
    }

    /// The diagnosis context of an example's files and engine.
    static func context(files: [String: String], engine: EngineExample) throws -> DiagnosisContext {
        let workspace = Workspace(root: root, files: MemoryFileSource(files), environment: [:])
        let validation = try WorkspaceLoader(workspace: workspace).load()
        let external = validation.registry.networks.filter(\.external).map(\.name)
        return try DiagnosisContext(validation: validation, snapshot: engine.snapshot(externalNetworks: external), workspaceRoot: root)
    }

    static func place(_ example: CauseExample) -> Testing.SourceLocation {
        Testing.SourceLocation(
            fileID: "InfraCore/\(example.sourceFile.split(separator: "/").last ?? "")", filePath: example.sourceFile,
            line: example.sourceLine, column: 1)
    }
}
