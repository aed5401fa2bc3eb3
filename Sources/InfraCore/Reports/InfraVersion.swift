import BuildInfo

/// The version of infractl, reported in every machine-readable output.
public enum InfraVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"

    /// The git commit the binary was built from, `nil` when the build was not told
    /// (INFRACTL_COMMIT unset, as in a plain `swift build`).
    public static let commit: String? = {
        let commit = String(cString: infractl_build_commit())
        return commit.isEmpty ? nil : commit
    }()

    /// `0.1.0 (commit 1a2b3c4d5e6f)`, as `infractl --version` prints it.
    public static var description: String {
        current + " (" + (commit.map { "commit \($0.prefix(12))" } ?? "commit unknown: built without INFRACTL_COMMIT") + ")"
    }
}
