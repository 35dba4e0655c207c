#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MeterTools

/// Paces one worker in open loop and says when each debit was *meant* to be sent, so latency
/// is measured from the intended send time and a stalled engine cannot hide its queueing
/// (no coordinated omission). In closed loop (gap 0) the intended time is simply now.
struct OpenLoopPacer {
    /// The longest single sleep, so that a stop, and a progress tick (see `whileWaiting`),
    /// are noticed within it whatever the rate. Shorter than the 20 ms the progress
    /// reporter gives workers to publish after a tick.
    static let longestSleep: UInt64 = 10_000_000
    /// How much of a wait must remain for the idle hook to run: a publication then never
    /// delays the send (found by a review: run just before it, it was billed to the
    /// debit's latency).
    static let idleMargin: UInt64 = 1_000_000

    let gap: UInt64
    /// How far after the first call the first send is meant: worker `i` of `n` starts
    /// `i × gap / n` in, so the workers' sends interleave evenly instead of leaving together
    /// (found by a review: 64 workers at `--rate 100` sent in bursts of 64).
    let phase: UInt64
    let stop: StopFlag
    var next: UInt64 = 0

    /// A pacer for one of `workers` workers.
    /// - Parameters:
    ///   - gap: nanoseconds between this worker's sends; 0 for closed loop.
    ///   - worker: the worker's index, which sets its phase.
    ///   - workers: how many workers share the rate.
    ///   - stop: the run's stop flag.
    init(gap: UInt64, worker: Int, of workers: Int, stop: StopFlag) {
        self.gap = gap
        // In 128 bits: gap × worker passes 64 bits for an hour's gap and many workers.
        phase = workers > 1 ? UInt64(UInt128(gap) * UInt128(worker) / UInt128(workers)) : 0
        self.stop = stop
    }

    /// The next intended send time, the first one `phase` after `now`.
    @inline(__always)
    mutating func advance(now: UInt64) -> UInt64 {
        next = next == 0 ? now &+ phase : next &+ gap
        return next
    }

    /// Waits until the next intended send time (never when behind) and returns it, or
    /// `nil` when the run stopped during the wait (the debit is then not sent).
    /// - Parameter idle: run after each sleep of the wait that leaves more than
    ///   ``idleMargin`` to go, so at most ``longestSleep`` apart: the worker publishes its
    ///   progress there, so a progress line at a low `--rate` is not a whole gap late
    ///   (found by a review: workers published only between debits).
    /// - Returns: the intended send time, or `nil` when the run stopped.
    @inline(__always)
    mutating func start(whileWaiting idle: () -> Void = {}) -> UInt64? {
        var now = MonotonicClock.now()
        guard gap > 0 else { return now }
        let next = advance(now: now)
        // Sleep most of the wait (leaving the core to others on a shared machine) and spin
        // the last 60 µs, about the kernel's timer slack, for a precise send time.
        while now < next {
            if next - now > 120_000 {
                usleep(UInt32(min(next - now - 60_000, Self.longestSleep) / 1_000))
                if stop.isStopped { return nil }
                if MonotonicClock.now() &+ Self.idleMargin < next { idle() }
            }
            now = MonotonicClock.now()
        }
        return next
    }

    /// The same for an async worker: sleeps the task instead of the thread.
    /// - Parameter idle: run after each sleep of the wait, as in ``start(whileWaiting:)``.
    /// - Returns: the intended send time, or `nil` when the run stopped.
    mutating func startFromTask(whileWaiting idle: () -> Void = {}) async -> UInt64? {
        var now = MonotonicClock.now()
        guard gap > 0 else { return now }
        let next = advance(now: now)
        while now < next {
            try? await Task.sleep(nanoseconds: min(next - now, Self.longestSleep))
            if stop.isStopped { return nil }
            if MonotonicClock.now() &+ Self.idleMargin < next { idle() }
            now = MonotonicClock.now()
        }
        return next
    }
}
