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
    /// The longest single sleep, so a stop is noticed within it whatever the rate.
    static let longestSleep: UInt64 = 50_000_000

    let gap: UInt64
    let stop: StopFlag
    var next: UInt64 = 0

    init(gap: UInt64, stop: StopFlag) {
        self.gap = gap
        self.stop = stop
    }

    /// Waits until the next intended send time (never when behind) and returns it, or
    /// `nil` when the run stopped during the wait (the debit is then not sent).
    @inline(__always)
    mutating func start() -> UInt64? {
        var now = MonotonicClock.now()
        guard gap > 0 else { return now }
        next = next == 0 ? now : next &+ gap
        // Sleep most of the wait (leaving the core to others on a shared machine) and spin
        // the last 60 µs, about the kernel's timer slack, for a precise send time.
        while now < next {
            if next - now > 120_000 {
                usleep(UInt32(min(next - now - 60_000, Self.longestSleep) / 1_000))
                if stop.isStopped { return nil }
            }
            now = MonotonicClock.now()
        }
        return next
    }

    /// The same for an async worker: sleeps the task instead of the thread.
    mutating func startFromTask() async -> UInt64? {
        var now = MonotonicClock.now()
        guard gap > 0 else { return now }
        next = next == 0 ? now : next &+ gap
        while now < next {
            try? await Task.sleep(nanoseconds: min(next - now, Self.longestSleep))
            if stop.isStopped { return nil }
            now = MonotonicClock.now()
        }
        return next
    }
}
