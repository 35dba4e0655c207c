import Foundation
import MeterTools
import Synchronization
import Testing

@Suite("Thread gang, stop flag, deadline")
struct ThreadGangTests {
    @Test("each thread's result comes back at its index", arguments: [1, 2, 4, 7])
    func results(threadCount: Int) throws {
        let outcome = try ThreadGang.run(threadCount: threadCount) { index in index * 10 }
        #expect(outcome.results == (0..<threadCount).map { $0 * 10 })
    }

    /// The OS thread ids alive in this process (Linux: the entries of `/proc/self/task`).
    static func liveThreadIDs() -> Set<Int> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).compactMap { Int($0) })
    }

    /// The calling thread's OS id (Linux: `/proc/thread-self` links to `<pid>/task/<tid>`).
    static func currentThreadID() -> Int? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"))
            .flatMap { $0.split(separator: "/").last }.flatMap { Int($0) }
    }

    /// Bounds the spins below, so a broken flag or gang records an issue instead of hanging.
    static let spinLimit = 1 << 31

    @Test("no body starts before every thread of the gang exists (the barrier)",
          .enabled(if: FileManager.default.fileExists(atPath: "/proc/thread-self"), "needs Linux /proc"))
    func barrier() throws {
        let threadCount = 8
        let recorded = Atomic<Int>(0)
        // Each body notes its own thread id and every thread alive as it starts, then waits
        // (bounded) until all bodies have noted theirs, so no gang thread exits early. The
        // barrier releases the bodies only once every thread exists, so each body's view
        // holds every gang thread. Without it, body 0 runs while the later threads are
        // still being created (a copy of the gang without the barrier failed 188 of 200 runs).
        let outcome = try ThreadGang.run(threadCount: threadCount) { _ -> (id: Int?, alive: Set<Int>, waited: Bool) in
            let id = Self.currentThreadID(), alive = Self.liveThreadIDs()
            recorded.add(1, ordering: .relaxed)
            var spins = 0
            while recorded.load(ordering: .relaxed) < threadCount, spins < Self.spinLimit { spins += 1 }
            return (id, alive, recorded.load(ordering: .relaxed) == threadCount)
        }
        let ids = outcome.results.compactMap(\.id)
        #expect(Set(ids).count == threadCount)
        #expect(outcome.results.map(\.waited) == Array(repeating: true, count: threadCount))
        for (index, result) in outcome.results.enumerated() {
            #expect(Set(ids).isSubset(of: result.alive), "body \(index) started before threads \(Set(ids).subtracting(result.alive)) existed")
        }
    }

    @Test("zero or negative thread counts run nothing", arguments: [0, -3])
    func noThreads(threadCount: Int) throws {
        #expect(try ThreadGang.run(threadCount: threadCount) { $0 }.results.isEmpty)
    }

    @Test("workers run until the stop flag is set, then all return, seeing what was written before it")
    func stopFlag() throws {
        let stop = StopFlag()
        #expect(!stop.isStopped)
        let payload = Atomic<Int>(0)
        // Thread 0 writes the payload, then stops; every worker spins (bounded) until it sees
        // the flag, then reads the payload: releasing/acquiring order means it is 42.
        let outcome = try ThreadGang.run(threadCount: 3) { index -> (sawStop: Bool, spins: Int, payload: Int) in
            if index == 0 {
                payload.store(42, ordering: .relaxed)
                stop.stop()
            }
            var spins = 0
            while !stop.isStopped, spins < Self.spinLimit { spins += 1 }
            return (stop.isStopped, spins, payload.load(ordering: .relaxed))
        }
        #expect(outcome.results.map(\.sawStop) == [true, true, true], "a worker spun \(Self.spinLimit) times without seeing the stop")
        #expect(outcome.results.map(\.payload) == [42, 42, 42])
        // The thread that stopped sees it at once: no spin.
        #expect(outcome.results[0].spins == 0)
    }

    /// A spawner that starts real threads but refuses the one named `refused` with `EAGAIN`,
    /// counting the threads it started and those whose entry has returned.
    final class RefusingSpawner: Sendable {
        let refused: String
        let started = Atomic<Int>(0)
        let ended = Atomic<Int>(0)

        init(refused: String) {
            self.refused = refused
        }

        func spawner() -> ThreadGang.Spawner {
            ThreadGang.Spawner { [self] name, entry in
                guard name != refused else { return EAGAIN }
                let code = ThreadGang.Spawner.posix.start(name) {
                    entry()
                    self.ended.add(1, ordering: .releasing)
                }
                if code == 0 { started.add(1, ordering: .relaxed) }
                return code
            }
        }
    }

    @Test("a thread the OS refuses fails the run with its name and reason; no body runs and no thread is left waiting",
          arguments: [0, 1, 3])
    func refusedThread(refusedIndex: Int) {
        let refusing = RefusingSpawner(refused: "gang-\(refusedIndex)")
        let bodies = Atomic<Int>(0)
        #expect(throws: ThreadGang.StartFailure(threadName: "gang-\(refusedIndex)", code: EAGAIN)) {
            try ThreadGang.run(threadCount: 4, name: "gang", spawner: refusing.spawner()) { _ in
                bodies.add(1, ordering: .relaxed)
            }
        }
        #expect(bodies.load(ordering: .relaxed) == 0)
        #expect(refusing.started.load(ordering: .relaxed) == refusedIndex)
        // Every thread created before the refusal leaves (bounded wait: a leak is an issue,
        // not a hang).
        var spins = 0
        while refusing.ended.load(ordering: .acquiring) < refusedIndex, spins < Self.spinLimit { spins += 1 }
        #expect(refusing.ended.load(ordering: .acquiring) == refusedIndex)
    }

    @Test("off the pool: the results come back in order, and a refused joiner or worker is an error",
          arguments: ["", "pool-join", "pool-2"])
    func offPool(refused: String) async throws {
        let refusing = RefusingSpawner(refused: refused)
        let run = { () async throws(ThreadGang.StartFailure) -> [Int] in
            try await ThreadGang.runOffPool(threadCount: 3, name: "pool", spawner: refusing.spawner()) { $0 * 7 }.results
        }
        do {
            let results = try await run()
            #expect(refused.isEmpty, "the gang ran although the OS refused \(refused)")
            #expect(results == [0, 7, 14])
        } catch {
            #expect(error == ThreadGang.StartFailure(threadName: refused, code: EAGAIN))
        }
    }

    @Test("a start failure names the thread and the OS's reason")
    func startFailureDescription() {
        let failure = ThreadGang.StartFailure(threadName: "loadgen-3", code: EAGAIN)
        #expect(failure.description == "cannot start thread loadgen-3: \(String(cString: strerror(EAGAIN)))")
        #expect(failure.description.hasSuffix("Resource temporarily unavailable"))
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
