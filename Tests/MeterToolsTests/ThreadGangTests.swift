import MeterTools
import Synchronization
import Testing

@Suite("Thread gang, stop flag, deadline")
struct ThreadGangTests {
    @Test("each thread's result comes back at its index", arguments: [1, 2, 4, 7])
    func results(threadCount: Int) {
        let outcome = ThreadGang.run(threadCount: threadCount) { index in index * 10 }
        #expect(outcome.results == (0..<threadCount).map { $0 * 10 })
    }

    @Test("no body starts before every thread has reached the barrier")
    func barrier() {
        let threadCount = 4
        let started = Atomic<Int>(0)
        // Each body sees how many bodies started before it; the barrier means nothing
        // else ran first, so the set of observations is exactly 0..<threadCount.
        let outcome = ThreadGang.run(threadCount: threadCount) { _ in
            started.add(1, ordering: .relaxed).oldValue
        }
        #expect(outcome.results.sorted() == Array(0..<threadCount))
    }

    @Test("zero or negative thread counts run nothing", arguments: [0, -3])
    func noThreads(threadCount: Int) {
        #expect(ThreadGang.run(threadCount: threadCount) { $0 }.results.isEmpty)
    }

    @Test("workers run until the stop flag is set, then all return")
    func stopFlag() {
        let stop = StopFlag()
        let outcome = ThreadGang.run(threadCount: 3) { index -> Int in
            var iterations = 0
            if index == 0 {
                iterations = 1_000
                stop.stop()
            }
            while !stop.isStopped { iterations += 1 }
            return iterations
        }
        #expect(stop.isStopped)
        #expect(outcome.results[0] == 1_000)
    }

    @Test("deadlines in the past have passed, far ones have not")
    func deadline() {
        #expect(Deadline.after(nanoseconds: 0).hasPassed)
        #expect(Deadline.after(seconds: -1).hasPassed)
        #expect(Deadline.after(seconds: .nan).hasPassed)
        #expect(!Deadline.after(seconds: 3_600).hasPassed)
        #expect(Deadline.after(seconds: .infinity).nanoseconds == .max)
        #expect(Deadline.after(nanoseconds: .max).nanoseconds == .max)
        #expect(Deadline.after(seconds: 1) < Deadline.after(seconds: 2))
    }
}
