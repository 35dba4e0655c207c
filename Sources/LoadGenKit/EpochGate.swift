#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Keeps every debit inside one clock epoch in the `rollover` workload, so each decision
/// belongs to a known usage period and the per-period books stay exact.
///
/// The sequence is even while debits may run (epoch = sequence / 2) and odd while the clock
/// moves. A mover makes it odd, waits until every worker is parked or finished (so no debit
/// is in flight), moves the clock and makes it even again. Workers pay one load per debit.
public final class EpochGate: Sendable {
    let sequence = Atomic<Int>(0)
    let parked = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
    let workers: Int

    /// Creates a gate for `workers` workers, open at epoch 0.
    /// - Parameter workers: how many workers debit through the gate: ``advance(_:)`` waits
    ///   until that many are parked or finished.
    public init(workers: Int) { self.workers = workers }

    /// The current epoch; parks (spinning with yields) while the clock moves.
    /// - Returns: the epoch the caller's next debit belongs to.
    /// - Complexity: one sequentially consistent load when the gate is open.
    @inline(__always)
    public func epoch() -> Int {
        let value = sequence.load(ordering: .sequentiallyConsistent)
        return value & 1 == 0 ? value >> 1 : park()
    }

    /// Parks until the gate opens.
    func park() -> Int {
        leave()
        return enter()
    }

    /// Counts the caller as parked while it waits outside any epoch (an open-loop pacer's
    /// sleep), so that a clock move does not wait for it. Follow with ``enter()``.
    public func leave() { parked.add(1, ordering: .sequentiallyConsistent) }

    /// Ends a ``leave()``: waits while the gate is closed, then stops counting as parked.
    ///
    /// Leaving, it checks the sequence once more after it stops counting as parked: a mover
    /// that closed the gate again in between may have counted this worker as parked, and
    /// then moves the clock while the worker debits (found by a review). With sequentially
    /// consistent operations, either the mover sees the worker leave, or the worker sees
    /// the gate closed and parks again.
    /// - Returns: the epoch the caller's next debit belongs to.
    public func enter() -> Int {
        while true {
            var value = sequence.load(ordering: .sequentiallyConsistent)
            while value & 1 == 1 {
                sched_yield()
                value = sequence.load(ordering: .sequentiallyConsistent)
            }
            parked.subtract(1, ordering: .sequentiallyConsistent)
            if sequence.load(ordering: .sequentiallyConsistent) == value { return value >> 1 }
            parked.add(1, ordering: .sequentiallyConsistent)
        }
    }

    /// The current epoch for an async worker: waits with `Task.yield()` instead of blocking.
    /// - Returns: the epoch the caller's next debit belongs to.
    public func epochFromTask() async -> Int {
        let value = sequence.load(ordering: .sequentiallyConsistent)
        guard value & 1 == 1 else { return value >> 1 }
        leave()
        return await enterFromTask()
    }

    /// ``enter()`` for an async worker: waits with `Task.yield()` instead of blocking.
    /// - Returns: the epoch the caller's next debit belongs to.
    public func enterFromTask() async -> Int {
        var value = sequence.load(ordering: .sequentiallyConsistent)
        while true {
            while value & 1 == 1 {
                await Task.yield()
                value = sequence.load(ordering: .sequentiallyConsistent)
            }
            parked.subtract(1, ordering: .sequentiallyConsistent)
            // As in `enter()`: leave only if the gate did not close again meanwhile.
            if sequence.load(ordering: .sequentiallyConsistent) == value { return value >> 1 }
            parked.add(1, ordering: .sequentiallyConsistent)
            value = sequence.load(ordering: .sequentiallyConsistent)
        }
    }

    /// Marks one worker as done for good (it will never debit again).
    public func workerFinished() { finished.add(1, ordering: .sequentiallyConsistent) }

    /// Closes the gate, waits until no debit is in flight, runs `move`, and reopens the gate
    /// at the next epoch.
    /// - Parameter move: what to do while no worker debits (move the clock).
    public func advance(_ move: () -> Void) async {
        sequence.add(1, ordering: .sequentiallyConsistent)
        while parked.load(ordering: .sequentiallyConsistent) + finished.load(ordering: .sequentiallyConsistent) < workers {
            try? await Task.sleep(nanoseconds: 50_000)
        }
        move()
        sequence.add(1, ordering: .sequentiallyConsistent)
    }
}
