import Synchronization

/// A one-way signal telling worker threads to stop: set once, read often.
///
/// Share one instance between the controlling thread and the workers; workers poll
/// ``isStopped`` in their loop. A class, because `Atomic` cannot be copied.
public final class StopFlag: Sendable {
    private let stopped = Atomic<Bool>(false)

    /// Creates a flag that is not yet stopped.
    public init() {}

    /// Tells every worker to stop. Idempotent.
    ///
    /// Releasing order: writes made before `stop()` are visible to a worker that sees
    /// ``isStopped`` return `true`.
    public func stop() {
        stopped.store(true, ordering: .releasing)
    }

    /// Whether ``stop()`` has been called.
    /// - Returns: `true` once stopped, forever after.
    /// - Complexity: O(1); one acquiring load (a plain load on x86 and about as cheap on
    ///   ARM), cheap enough for every iteration of a hot loop.
    public var isStopped: Bool {
        stopped.load(ordering: .acquiring)
    }
}
