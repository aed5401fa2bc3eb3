import Foundation

/// libFuzzer's entry point (`scripts/fuzz.sh` builds it with `FuzzTarget.swift` from the tests):
/// the target is named by `INFRACTL_FUZZ_TARGET`; a broken contract traps, which libFuzzer
/// reports with the input that did it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if case .defect(let problem) = selectedTarget.run(Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError("\(selectedTarget.rawValue): \(problem)")
    }
    return 0
}

let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["INFRACTL_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        fatalError("INFRACTL_FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
}()
