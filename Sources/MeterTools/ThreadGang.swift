import Foundation
import Synchronization

/// Runs one closure on several real OS threads that start together, and collects what each
/// returns: the shape of every load generator and concurrency benchmark.
///
/// Each thread is a dedicated Foundation `Thread` (a pthread), not a task on the
/// cooperative pool, so blocking or spinning in the body starves nobody. The threads first
/// wait at a barrier; they are released together once all of them exist, which keeps
/// thread start-up cost out of the measurement.
public enum ThreadGang {
    /// What a run produced.
    public struct Outcome<Result: Sendable>: Sendable {
        /// What each thread's body returned, indexed by thread index.
        public let results: [Result]
        /// Monotonic nanoseconds from the release of the barrier until the last thread
        /// finished.
        public let wallNanoseconds: UInt64
    }

    /// Runs `body` on `threadCount` new threads at once and waits for all of them.
    ///
    /// Blocks the calling thread until every body has returned, so do not call it from a
    /// Swift concurrency task (that would hold a cooperative thread for the whole run).
    /// - Parameters:
    ///   - threadCount: The number of threads; values below 1 run nothing.
    ///   - name: The threads are named `name-0`, `name-1`, … (seen in `top -H`, debuggers).
    ///   - body: The work; it receives its thread index in `0..<threadCount`. Typical bodies
    ///     build their own generator and histogram from the index and return them.
    /// - Returns: The results in thread-index order and the wall time of the run.
    public static func run<Result: Sendable>(
        threadCount: Int,
        name: String = "worker",
        _ body: @escaping @Sendable (Int) -> Result
    ) -> Outcome<Result> {
        guard threadCount > 0 else { return Outcome(results: [], wallNanoseconds: 0) }
        let rendezvous = Rendezvous()
        let slots = ResultSlots<Result>(count: threadCount)
        for index in 0..<threadCount {
            let thread = Thread {
                rendezvous.arriveAndWaitForRelease()
                let result = body(index)
                slots.store(result, at: index)
                rendezvous.finish()
            }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
        rendezvous.waitUntil { $0.arrived == threadCount }
        let start = MonotonicClock.now()
        rendezvous.release()
        rendezvous.waitUntil { $0.finished == threadCount }
        let wall = MonotonicClock.nanoseconds(since: start)
        return Outcome(results: slots.take(), wallNanoseconds: wall)
    }
}

extension ThreadGang {
    /// The barrier and the join: counters guarded by one condition variable.
    private final class Rendezvous: @unchecked Sendable {
        struct Counters {
            var arrived = 0
            var released = false
            var finished = 0
        }

        // Every access to `counters` holds `condition`: that is what makes this Sendable.
        private let condition = NSCondition()
        private var counters = Counters()

        func arriveAndWaitForRelease() {
            update { $0.arrived += 1 }
            waitUntil { $0.released }
        }

        func release() {
            update { $0.released = true }
        }

        func finish() {
            update { $0.finished += 1 }
        }

        func waitUntil(_ predicate: (Counters) -> Bool) {
            condition.lock()
            defer { condition.unlock() }
            while !predicate(counters) { condition.wait() }
        }

        private func update(_ change: (inout Counters) -> Void) {
            condition.lock()
            defer { condition.unlock() }
            change(&counters)
            condition.broadcast()
        }
    }

    /// One slot per thread for its result.
    private final class ResultSlots<Result: Sendable>: Sendable {
        private let slots: Mutex<[Result?]>

        init(count: Int) {
            slots = Mutex(Array(repeating: nil, count: count))
        }

        func store(_ result: Result, at index: Int) {
            slots.withLock { $0[index] = result }
        }

        /// All results; called once every thread has stored its own.
        func take() -> [Result] {
            slots.withLock { $0.compactMap { $0 } }
        }
    }
}
