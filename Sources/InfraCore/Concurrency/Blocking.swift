import Dispatch

/// Blocking work (a `/proc` scan, waiting for a child process or a lock, loading a workspace)
/// run on a Dispatch thread, so it never holds up a thread of Swift's cooperative pool.
public enum Blocking {
    /// The result of `work`, run on a Dispatch thread; its error is rethrown as it was thrown.
    public static func run<T: Sendable, Failure: Error>(
        _ work: @escaping @Sendable () throws(Failure) -> T
    ) async throws(Failure) -> T {
        let result: Result<T, Failure> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(Failure) -> T in try work() })
            }
        }
        return try result.get()
    }
}
