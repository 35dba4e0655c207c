#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw monotonic time in nanoseconds, for measuring durations.
///
/// Reads `CLOCK_MONOTONIC`: unaffected by wall-clock changes, and with an arbitrary origin
/// (boot time on Linux), so only differences between two readings mean anything. Not to be
/// confused with the engine's `MeterClock`, which tells calendar days.
public enum MonotonicClock {
    /// The current reading.
    /// - Returns: Nanoseconds since an arbitrary, fixed origin.
    /// - Complexity: O(1); a vDSO call of some 20 ns on Linux, no system call, no allocation.
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The nanoseconds elapsed since an earlier reading.
    /// - Parameter start: A value returned by ``now()``.
    /// - Returns: `now() - start`, or 0 if `start` is somehow in the future.
    public static func nanoseconds(since start: UInt64) -> UInt64 {
        let end = now()
        return end >= start ? end - start : 0
    }
}
