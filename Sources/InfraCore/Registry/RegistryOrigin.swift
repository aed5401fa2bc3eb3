extension Registry {
    /// Where a service or port allocation comes from: the registry file, or a proposed compose
    /// file that `validate` checks as if it were registered.
    public enum Origin: Sendable, Hashable {
        /// Written in the registry file.
        case registry
        /// Stands in for a service of a proposed compose file, not registered yet.
        case proposed(file: String)

        /// Whether the registry file holds it.
        public var isRegistered: Bool { self == .registry }
    }
}
