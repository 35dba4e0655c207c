public import Synchronization
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The engine's source of time (R7): the system clock in production, a manual clock in
/// tests and simulations.
///
/// Everything the engine decides by time falls on whole UTC days (periods, rates, grace
/// windows, the usage log), so the clock keeps the current day in one atomic word and the
/// debit hot path reads that word: about 1 ns, where `clock_gettime(CLOCK_REALTIME)` costs
/// 23 ns on this machine. The system clock's day is advanced by a timekeeper thread that
/// sleeps until each UTC midnight; a debit in the few microseconds between midnight and the
/// timekeeper's wake-up is counted on the day before. A manual clock's day changes at the
/// moment ``ManualClock/advance(days:)`` or ``ManualClock/set(to:)`` returns. Only a
/// ``ManualClock`` has those two methods, so moving the system clock by hand does not
/// compile (it cannot be a crash at run time). Every clock stays within ``supportedDays``.
public class MeterClock: @unchecked Sendable {
    // `@unchecked`: a class that is not final cannot be checked, but the only subclass is
    // `ManualClock` (the class is not `open`), and both hold nothing but one atomic.
    @usableFromInline let _day: Atomic<Int32>

    fileprivate init(day: CalendarDay) {
        _day = Atomic(day.daysSinceEpoch)
    }

    /// The shared system clock (UTC). One timekeeper thread serves every engine.
    /// - Returns: the process-wide system clock.
    public static func system() -> MeterClock { systemClock }

    /// The days a clock can show: 1970-01-01 through 3999-12-31. The engine keys its usage
    /// rows by day in 20 bits (up to the year 4840); a day outside this range is clamped
    /// into it, so the usage log and conservation (I3) hold on every day a clock shows.
    public static let supportedDays = CalendarDay(daysSinceEpoch: 0)...CalendarDay(daysSinceEpoch: 741_441)  // 3999-12-31

    /// `day`, clamped into ``supportedDays``.
    static func supported(_ day: Int) -> Int32 {
        Int32(min(max(day, Int(supportedDays.lowerBound.daysSinceEpoch)), Int(supportedDays.upperBound.daysSinceEpoch)))
    }

    /// A clock that moves only when told to, starting at the beginning of `start`.
    /// - Parameter start: the first day, clamped into ``supportedDays``.
    /// - Returns: a new manual clock.
    public static func manual(start: CalendarDay) -> ManualClock {
        ManualClock(day: CalendarDay(daysSinceEpoch: supported(Int(start.daysSinceEpoch))))
    }

    /// The current UTC day.
    /// - Complexity: one relaxed atomic load.
    @inlinable
    public var today: CalendarDay { CalendarDay(daysSinceEpoch: _day.load(ordering: .relaxed)) }

    private static let systemClock: MeterClock = {
        let clock = MeterClock(day: currentSystemDay())
        let thread = Thread { clock.keepTime() }
        thread.name = "CreditMeter timekeeper"
        thread.start()
        return clock
    }()

    private static func currentSystemDay() -> CalendarDay {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return CalendarDay(daysSinceEpoch: supported(Int(CalendarDay(containing: Int64(now.tv_sec)).daysSinceEpoch)))
    }

    /// Sleeps until each UTC midnight (an absolute deadline on the realtime clock, so a
    /// clock step does not make it late) and publishes the new day.
    private func keepTime() {
        // At the last supported day there is no next day to wait for.
        while today < Self.supportedDays.upperBound {
            let next = today.adding(days: 1)
            var deadline = timespec(tv_sec: Int(next.startSecondsSinceEpoch), tv_nsec: 0)
            while clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &deadline, nil) != 0 {}
            _ = _day.max(Self.currentSystemDay().daysSinceEpoch, ordering: .releasing)
        }
    }
}

/// A clock for tests and simulations: it shows the day it was set to until it is moved.
/// Made with ``MeterClock/manual(start:)``; pass it wherever a ``MeterClock`` is taken.
public final class ManualClock: MeterClock, @unchecked Sendable {
    /// Moves a manual clock forward by whole days, stopping at the last of
    /// ``supportedDays``.
    /// - Parameter days: days to move; 0 or less leaves the clock unchanged (time never
    ///   runs backwards).
    public func advance(days: Int) {
        guard days > 0 else { return }
        var now = _day.load(ordering: .relaxed)
        while true {
            let (moved, overflow) = Int(now).addingReportingOverflow(days)
            let (exchanged, original) = _day.compareExchange(
                expected: now, desired: Self.supported(overflow ? .max : moved), ordering: .releasing)
            if exchanged { return }
            now = original
        }
    }

    /// Sets a manual clock to `day` if that is not earlier than now.
    /// - Parameter day: the new current day, clamped into ``supportedDays``.
    ///   A day earlier than now leaves it unchanged (time never runs backwards).
    public func set(to day: CalendarDay) {
        _ = _day.max(Self.supported(Int(day.daysSinceEpoch)), ordering: .releasing)
    }
}
