import Foundation
import Testing

/// Every input a fuzzer found a defect with (`scripts/fuzz.sh`), kept in
/// `Fixtures/fuzz/TARGET/`, read again by its target: it must be read or refused with a located
/// error, quickly. The fuzz binary runs the same `FuzzTarget` code.
@Suite("Fuzzer findings stay fixed")
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    /// The kept inputs, as (target, file name).
    static var inputs: [Input] {
        FuzzTarget.allCases.flatMap { target in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target.rawValue).path)) ?? []
            return names.sorted().map { Input(target: target, name: $0) }
        }
    }

    struct Input: Sendable, CustomTestStringConvertible {
        var target: FuzzTarget
        var name: String
        var testDescription: String { "\(target.rawValue)/\(name)" }
    }

    @Test(arguments: inputs) func keptInputIsReadOrRefusedWithItsPlace(_ input: Input) throws {
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(input.target.rawValue).appendingPathComponent(input.name))
        let started = ContinuousClock.now
        let verdict = input.target.run(Array(bytes))
        #expect(ContinuousClock.now - started < .seconds(2), "too slow")
        if case .defect(let problem) = verdict { Issue.record("\(problem)") }
    }
}
