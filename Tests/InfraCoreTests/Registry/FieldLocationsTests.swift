import InfraCore
import Testing

@Suite("Field locations")
struct FieldLocationsTests {
    static let image = SourceLocation(file: "registry.yml", line: 4, column: 7)
    static let ports = SourceLocation(file: "registry.yml", line: 5, column: 7)
    static let networks = SourceLocation(file: "registry.yml", line: 6, column: 7)

    @Test func aFieldIsFoundSetAgainAndRemovedAsInADictionary() {
        var locations: FieldLocations = ["image": Self.image, "ports": Self.ports]
        var dictionary = ["image": Self.image, "ports": Self.ports]
        #expect(locations["image"] == Self.image)
        #expect(locations["networks"] == nil)

        locations["image"] = Self.networks
        dictionary["image"] = Self.networks
        locations["networks"] = Self.networks
        dictionary["networks"] = Self.networks
        locations["ports"] = nil
        dictionary["ports"] = nil
        locations["absent"] = nil
        dictionary["absent"] = nil

        for field in ["image", "ports", "networks", "absent"] {
            #expect(locations[field] == dictionary[field], "\(field)")
        }
        #expect(locations.count == dictionary.count)
        #expect(locations.fields == ["image", "networks"])
    }

    @Test func equalityAndHashIgnoreTheOrderFieldsWereWrittenIn() {
        let written: FieldLocations = ["image": Self.image, "ports": Self.ports, "networks": Self.networks]
        let reordered: FieldLocations = ["networks": Self.networks, "image": Self.image, "ports": Self.ports]
        #expect(written == reordered)
        #expect(written.hashValue == reordered.hashValue)
        #expect(Set([written, reordered]).count == 1)

        let moved: FieldLocations = ["image": Self.ports, "ports": Self.image, "networks": Self.networks]
        let fewer: FieldLocations = ["image": Self.image, "ports": Self.ports]
        #expect(written != moved)
        #expect(written != fewer)
        #expect(fewer != written)
        #expect(FieldLocations() == [:])
    }
}
