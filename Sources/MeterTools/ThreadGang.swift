#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Runs one closure on several real OS threads that start together, and collects what each
/// returns: the shape of every load generator and concurrency benchmark.
///
/// Each thread is a dedicated, detached pthread, not a task on the cooperative pool, so
/// blocking or spinning in the body starves nobody. The threads first wait at a barrier;
/// they are released together once all of them exist, which keeps thread start-up cost out
/// of the measurement. When the OS refuses a thread (`pthread_create` fails, for example
/// with `EAGAIN` when the process is out of threads), the threads already created are let
/// go without running the body, and the run throws ``StartFailure``: it never runs a partial
/// gang and never waits for a thread that does not exist.
public enum ThreadGang {
    /// What a run produced.
    public struct Outcome<Result: Sendable>: Sendable {
        /// What each thread's body returned, indexed by thread index.
        public let results: [Result]
        /// Monotonic nanoseconds from the release of the barrier until the last thread
        /// finished.
        public let wallNanoseconds: UInt64
    }

    /// The OS refused to create one of the gang's threads; no body ran.
    public struct StartFailure: Error, Equatable, CustomStringConvertible {
        /// The name the refused thread would have had (`name-index`, or `name-join` for the
        /// joiner of ``runOffPool(threadCount:name:_:)``).
        public let threadName: String
        /// The error number `pthread_create` returned (`EAGAIN`, `ENOMEM`, …).
        public let code: Int32

        /// A failure of the thread named `threadName` with error number `code`.
        package init(threadName: String, code: Int32) {
            self.threadName = threadName
            self.code = code
        }

        /// The thread and the OS's reason, for example
        /// `cannot start thread loadgen-3: Resource temporarily unavailable`.
        public var description: String {
            "cannot start thread \(threadName): \(String(cString: strerror(code)))"
        }
    }

    /// Runs `body` on `threadCount` new threads at once and waits for all of them.
    ///
    /// Blocks the calling thread until every body has returned, so do not call it from a
    /// Swift concurrency task (that would hold a cooperative thread for the whole run): use
    /// ``runOffPool(threadCount:name:_:)`` there.
    /// - Parameters:
    ///   - threadCount: The number of threads; values below 1 run nothing.
    ///   - name: The threads are named `name-0`, `name-1`, … (seen in `top -H`, debuggers;
    ///     Linux keeps the first 15 bytes).
    ///   - body: The work; it receives its thread index in `0..<threadCount`. Typical bodies
    ///     build their own generator and histogram from the index and return them.
    /// - Returns: The results in thread-index order and the wall time of the run.
    /// - Throws: ``StartFailure`` when the OS refuses a thread; no body has run then.
    public static func run<Result: Sendable>(
        threadCount: Int,
        name: String = "worker",
        _ body: @escaping @Sendable (Int) -> Result
    ) throws(StartFailure) -> Outcome<Result> {
        try run(threadCount: threadCount, name: name, spawner: .posix, body)
    }

    /// ``run(threadCount:name:_:)`` started and joined from a thread of its own, awaited
    /// through a continuation: no thread of the cooperative pool (which has one per CPU)
    /// blocks while the gang runs.
    /// - Parameters:
    ///   - threadCount: The number of threads; values below 1 run nothing.
    ///   - name: The threads' name prefix; the joiner is `name-join`.
    ///   - body: The work, given its thread index.
    /// - Returns: The results in thread-index order and the wall time of the run.
    /// - Throws: ``StartFailure`` when the OS refuses the joiner or a worker; no body has
    ///   run then.
    public static func runOffPool<Result: Sendable>(
        threadCount: Int,
        name: String = "worker",
        _ body: @escaping @Sendable (Int) -> Result
    ) async throws(StartFailure) -> Outcome<Result> {
        try await runOffPool(threadCount: threadCount, name: name, spawner: .posix, body)
    }

    /// ``run(threadCount:name:_:)`` with the threads started by `spawner` (tests inject
    /// one that fails).
    package static func run<Result: Sendable>(
        threadCount: Int, name: String, spawner: Spawner,
        _ body: @escaping @Sendable (Int) -> Result
    ) throws(StartFailure) -> Outcome<Result> {
        guard threadCount > 0 else { return Outcome(results: [], wallNanoseconds: 0) }
        let rendezvous = Rendezvous()
        let slots = ResultSlots<Result>(count: threadCount)
        for index in 0..<threadCount {
            let threadName = "\(name)-\(index)"
            let code = spawner.start(threadName) {
                if rendezvous.arriveAndWaitForRelease() {
                    slots.store(body(index), at: index)
                }
                rendezvous.finish()
            }
            if code != 0 {
                // Let the threads already created go without running the body, and wait
                // until they have left the rendezvous (it is theirs as much as ours).
                rendezvous.cancel()
                rendezvous.waitUntil { $0.finished == index }
                throw StartFailure(threadName: threadName, code: code)
            }
        }
        rendezvous.waitUntil { $0.arrived == threadCount }
        let start = MonotonicClock.now()
        rendezvous.release()
        rendezvous.waitUntil { $0.finished == threadCount }
        let wall = MonotonicClock.nanoseconds(since: start)
        return Outcome(results: slots.take(), wallNanoseconds: wall)
    }

    /// ``runOffPool(threadCount:name:_:)`` with the threads started by `spawner`.
    package static func runOffPool<Result: Sendable>(
        threadCount: Int, name: String, spawner: Spawner,
        _ body: @escaping @Sendable (Int) -> Result
    ) async throws(StartFailure) -> Outcome<Result> {
        let joinerName = "\(name)-join"
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Swift.Result<Outcome<Result>, StartFailure>, Never>) in
            let code = spawner.start(joinerName) {
                continuation.resume(returning: Swift.Result { () throws(StartFailure) in
                    try run(threadCount: threadCount, name: name, spawner: spawner, body)
                })
            }
            if code != 0 { continuation.resume(returning: .failure(StartFailure(threadName: joinerName, code: code))) }
        }
        return try result.get()
    }
}

extension ThreadGang {
    /// Starts one detached OS thread.
    package struct Spawner: Sendable {
        /// Starts a thread named `name` that runs `entry`; returns 0, or the error number the
        /// OS refused it with (then `entry` never runs).
        package let start: @Sendable (_ name: String, _ entry: @escaping @Sendable () -> Void) -> Int32

        /// A spawner from a closure.
        package init(start: @escaping @Sendable (_ name: String, _ entry: @escaping @Sendable () -> Void) -> Int32) {
            self.start = start
        }

        /// Detached pthreads with the default attributes (the stack size of `ulimit -s`).
        package static let posix = Spawner { name, entry in
            let box = Unmanaged.passRetained(ThreadEntry(name: name, entry))
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
            #if canImport(Darwin)
            var thread: pthread_t?
            #else
            var thread = pthread_t()
            #endif
            let code = pthread_create(&thread, &attributes, { ThreadEntry.main($0) }, box.toOpaque())
            if code != 0 { box.release() }
            return code
        }
    }

    /// What a new pthread runs: names itself, then runs the entry.
    private final class ThreadEntry: Sendable {
        let name: String
        let entry: @Sendable () -> Void

        init(name: String, _ entry: @escaping @Sendable () -> Void) {
            self.name = name
            self.entry = entry
        }

        /// The thread's start routine. (`argument` is optional on Linux only; an optional
        /// parameter takes both.)
        static func main(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
            guard let argument else { return nil }
            let thread = Unmanaged<ThreadEntry>.fromOpaque(argument).takeRetainedValue()
            // Foundation names the current pthread (`pthread_setname_np` is not imported on
            // Linux); Linux keeps the first 15 bytes.
            Thread.current.name = thread.name
            thread.entry()
            return nil
        }
    }

    /// The barrier and the join: counters guarded by one condition variable.
    private final class Rendezvous: @unchecked Sendable {
        struct Counters {
            var arrived = 0
            var released = false
            var cancelled = false
            var finished = 0
        }

        // Every access to `counters` holds `condition`: that is what makes this Sendable.
        private let condition = NSCondition()
        private var counters = Counters()

        /// Arrives, then waits for the release; returns whether to run the body (false once
        /// the run was cancelled).
        func arriveAndWaitForRelease() -> Bool {
            update { $0.arrived += 1 }
            var cancelled = false
            waitUntil { counters in
                cancelled = counters.cancelled
                return counters.released
            }
            return !cancelled
        }

        func release() {
            update { $0.released = true }
        }

        /// Releases the threads that arrived, or will, telling them not to run the body.
        func cancel() {
            update {
                $0.cancelled = true
                $0.released = true
            }
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
