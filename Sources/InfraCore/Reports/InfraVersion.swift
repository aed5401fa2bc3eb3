/// The version of infractl, reported in every machine-readable output.
public enum InfraVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
