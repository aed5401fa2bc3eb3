extension SecretMasker {
    /// A masker that knows, besides the patterns, the literal values of the workspace's
    /// secret-named variables (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*KEY*`) and `extra`:
    /// for text the workspace does not control, such as `docker compose`'s own output.
    public init(workspace context: ValidationContext, also extra: [String] = []) {
        self.init(knownSecrets: HealthChecker.secretValues(context) + extra)
    }
}
