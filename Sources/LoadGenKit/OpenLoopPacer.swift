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
    let gap: UInt64
    var next: UInt64 = 0

    init(gap: UInt64) { self.gap = gap }

    /// Waits until the next intended send time (never when behind) and returns it.
    @inline(__always)
    mutating func start() -> UInt64 {
        let now = MonotonicClock.now()
        guard gap > 0 else { return now }
        next = next == 0 ? now : next &+ gap
        if next > now { sleep(until: next, now: now) }
        return next
    }

    /// The same for an async worker: sleeps the task instead of the thread.
    mutating func startFromTask() async -> UInt64 {
        let now = MonotonicClock.now()
        guard gap > 0 else { return now }
        next = next == 0 ? now : next &+ gap
        if next > now { try? await Task.sleep(nanoseconds: next - now) }
        return next
    }

    /// Sleeps most of the wait (leaving the core to others on a shared machine) and spins
    /// the last 60 µs, about the kernel's timer slack, for a precise send time.
    func sleep(until target: UInt64, now: UInt64) {
        var now = now
        if target - now > 120_000 { usleep(UInt32((target - now - 60_000) / 1_000)) }
        while now < target { now = MonotonicClock.now() }
    }
}
