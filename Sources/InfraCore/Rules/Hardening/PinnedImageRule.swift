/// SEC011: a service's image is pinned to a version, and in the end to a digest.
public struct PinnedImageRule: Rule {
    public static let description = RuleDescription(
        id: "SEC011", name: "unpinned-image",
        summary: "A service's image must name a version tag, and should name its digest",
        message: "{service} uses the unpinned image {image}",
        rationale: """
            An image without a tag is `:latest`, and `latest`, `stable`, `edge`, `nightly`, \
            `dev` and `test` move: every pull can bring other code, a rollback cannot return to \
            what ran, and whoever controls the registry decides what runs next (warning). A \
            version tag (`postgres:16-alpine`) is better but still mutable: the registry can point \
            it at other bytes at any time; only a digest (`postgres:16-alpine@sha256:…`) names \
            exactly one image (info). Keep the tag beside the digest so update tools can find \
            newer versions, and let a bot move the pin. The rule reads `image`; a service that \
            is only built (`build` without `image`) pins its base image in its Dockerfile.
            """,
        severity: .warning, category: .security, equivalents: ["compose-lint CL-0004", "compose-lint CL-0019", "CIS 5.28"],
        scope: .audit,
        nonTriggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    image: registry.local:5000/axiom/nexus:1.4.0@sha256:4b1cf4e3b25a8e8e4c2a2d3c0bb6dc8c1fd8bb1b1a6d8b2b8c5f3b9e0a1d2c3e
                """)),
        ],
        triggeringExamples: [
            RuleExample(HardeningExamples.workspace("""
                services:
                  api:
                    container_name: nexus-api
                    1️⃣image: axiom/nexus
                  worker:
                    container_name: nexus-worker
                    2️⃣image: registry.local:5000/axiom/nexus:dev
                """)),
            // A version tag without a digest: info.
            RuleExample(HardeningExamples.workspace("""
                services:
                  nexus-postgres:
                    1️⃣image: postgres:16-alpine
                """), severity: .info),
        ])

    /// Tags that name no fixed version.
    static let mutableTags: Set<String> = ["latest", "stable", "edge", "nightly", "dev", "test"]

    public init() {}

    public func validate(_ context: ValidationContext) -> [Finding] {
        HardenedService.all(in: context).compactMap { service in
            guard let image = service.compose.image, !image.contains("@sha256:") else { return nil }
            let location = service.compose.location(of: "image")
            let tag = Self.tag(of: image)
            let mutable = tag.map { Self.mutableTags.contains($0.lowercased()) } ?? true
            let why = tag.map { mutable ? "its tag :\($0) moves" : "the tag :\($0) can be pointed at other bytes" } ?? "it has no tag, so it is :latest"
            return service.finding(
                Self.description, "\(service.name) uses the unpinned image \(image).", at: location, severity: mutable ? .warning : .info,
                evidence: ["\(image): \(why)"],
                fix: Fix(
                    file: location.file, line: location.line,
                    explanation: mutable
                        ? "Name a version tag, and its digest: `image: \(Self.name(of: image)):<version>@sha256:<digest>`."
                        : "Add the digest beside the tag (`docker buildx imagetools inspect \(image)` prints it): `image: \(image)@sha256:<digest>`."))
        }
    }

    /// The tag of an image reference, or `nil` when it has none (a registry's port is no tag).
    static func tag(of image: String) -> String? {
        let reference = image.split(separator: "@", maxSplits: 1).first.map(String.init) ?? image
        guard let colon = reference.lastIndex(of: ":") else { return nil }
        let candidate = reference[reference.index(after: colon)...]
        return candidate.contains("/") ? nil : String(candidate)
    }

    /// The image reference without tag and digest.
    static func name(of image: String) -> String {
        let reference = image.split(separator: "@", maxSplits: 1).first.map(String.init) ?? image
        guard let tag = tag(of: reference) else { return reference }
        return String(reference.dropLast(tag.count + 1))
    }
}
