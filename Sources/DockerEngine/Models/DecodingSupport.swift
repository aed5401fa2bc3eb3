extension KeyedDecodingContainer {
    /// The value at `key`, or `fallback` when the key is missing or null; the engine leaves out
    /// or nulls many fields depending on its version and the object's state.
    func value<T: Decodable>(_ key: Key, or fallback: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback()
    }
}
