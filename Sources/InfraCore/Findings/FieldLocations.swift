/// Where each field of one entry (a registry service or port, a compose service) is written, by
/// field name.
///
/// An entry has a handful of fields, so they are kept in one array in the order they were
/// written and found by comparing names: a dictionary per entry held its buckets' worth of
/// room (1.9 MB for the registry of a 1,000-service platform, by massif). Equality and hashing
/// ignore the order, as a dictionary's do.
public struct FieldLocations: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    private struct Entry: Sendable, Hashable {
        var field: String
        var location: SourceLocation
    }

    private var entries: [Entry] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, SourceLocation)...) {
        for (field, location) in elements { self[field] = location }
    }

    /// The location of `field`; setting one replaces the field's location, setting `nil`
    /// removes it.
    public subscript(field: String) -> SourceLocation? {
        get { entries.first { $0.field == field }?.location }
        set {
            let index = entries.firstIndex { $0.field == field }
            switch (index, newValue) {
            case let (index?, location?): entries[index].location = location
            case let (index?, nil): entries.remove(at: index)
            case let (nil, location?): entries.append(Entry(field: field, location: location))
            case (nil, nil): break
            }
        }
    }

    /// The fields that have a location, in the order they were set.
    public var fields: [String] { entries.map(\.field) }

    public var count: Int { entries.count }

    /// Room for `count` fields, so that setting them one by one allocates once.
    public mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    public static func == (lhs: FieldLocations, rhs: FieldLocations) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { rhs[$0.field] == $0.location }
    }

    public func hash(into hasher: inout Hasher) {
        // Each entry hashed on its own and combined by addition: the same for any order.
        var combined = 0
        for entry in entries { combined &+= entry.hashValue }
        hasher.combine(entries.count)
        hasher.combine(combined)
    }
}
