import Foundation
import Testing

/// Every input a fuzzer found a defect with (`scripts/fuzz.sh`), kept in
/// `Fixtures/fuzz/TARGET/`, and the hand-written seeds of `Fuzz/seeds/TARGET/`, read again by
/// their target: each must be read or refused with a located error, quickly. The fuzz binary
/// runs the same `FuzzTarget` code.
@Suite("Fuzzer findings stay fixed")
struct FuzzRegressionTests {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let folders = [
        tests.appendingPathComponent("Fixtures/fuzz"),
        tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/seeds"),
    ]

    /// The kept inputs and the seeds.
    static var inputs: [Input] {
        folders.flatMap { folder in
            FuzzTarget.allCases.flatMap { target in
                let directory = folder.appendingPathComponent(target.rawValue)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                return names.sorted().map { Input(target: target, file: directory.appendingPathComponent($0)) }
            }
        }
    }

    struct Input: Sendable, CustomTestStringConvertible {
        var target: FuzzTarget
        var file: URL
        var testDescription: String { "\(target.rawValue): \(file.lastPathComponent)" }
    }

    @Test(arguments: inputs) func keptInputIsReadOrRefusedWithItsPlace(_ input: Input) throws {
        let bytes = try Data(contentsOf: input.file)
        let started = ContinuousClock.now
        let verdict = input.target.run(Array(bytes))
        #expect(ContinuousClock.now - started < .seconds(2), "too slow")
        if case .defect(let problem) = verdict { Issue.record("\(problem)") }
    }
}
