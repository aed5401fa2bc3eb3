@testable import InfraCore
import Synchronization
import Testing

@Suite struct RetirementTests {
    /// How many `Tracked` values were released.
    final class Releases: Sendable {
        let count = Mutex(0)
    }

    /// Counts its own release.
    final class Tracked: Sendable {
        let releases: Releases

        init(_ releases: Releases) { self.releases = releases }
        deinit { releases.count.withLock { $0 += 1 } }
    }

    /// Whether a value handed to `policy` is released once its only other owner lets go.
    static func releases(under policy: Retirement) -> Bool {
        let releases = Releases()
        policy.retire(Tracked(releases))
        return releases.count.withLock { $0 } == 1
    }

    @Test func freeReleasesAndAtExitKeepsUntilTheProcessEnds() {
        #expect(Self.releases(under: .free))
        #expect(!Self.releases(under: .atExit))
    }
}

@Suite struct CopyOnWriteTests {
    @Test func aCopyChangesAloneAndComparesByValue() {
        var original = CopyOnWrite([1, 2])
        var copy = original
        copy.value.append(3)
        #expect(original.value == [1, 2])
        #expect(copy.value == [1, 2, 3])
        #expect(original != copy)
        original.value.append(3)
        #expect(original == copy)
        #expect(original.hashValue == copy.hashValue)
    }

    @Test func aServiceCopyChangesAlone() {
        let location = InfraCore.SourceLocation(file: "r.yml", line: 1, column: 1)
        let service = Registry.Service(name: "a", app: "x", type: .api, composeFile: "c.yml", location: location)
        var renamed = service
        renamed.name = "b"
        renamed.ports.append(Located(8080, at: location))
        #expect(service.name == "a" && service.ports.isEmpty)
        #expect(renamed.name == "b" && renamed.ports.map(\.value) == [8080])
        #expect(service != renamed)
        renamed.name = "a"
        renamed.ports = []
        #expect(service == renamed)
        #expect(Set([service, renamed]).count == 1)
    }
}
