import Synchronization

/// The reporter's second counter; workers publish to their `ProgressCell` when it changes.
public final class ProgressTick: Sendable {
    let value = Atomic<Int>(0)

    /// Creates a counter at 0.
    public init() {}

    /// The current tick (a relaxed load: a late publication only delays a progress line).
    @inline(__always)
    public var current: Int { value.load(ordering: .relaxed) }

    /// Starts the next tick.
    public func advance() { value.add(1, ordering: .relaxed) }
}
