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
