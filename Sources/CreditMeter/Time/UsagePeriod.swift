/// A monthly usage period: the half-open day interval `[start, end)` (R5).
///
/// A period starts on the account's anchor day of the month; in a month without that day
/// (the 31st in April, the 29th to 31st in February) it starts on the month's last day.
public struct UsagePeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first day of the period.
    public let start: CalendarDay
    /// The first day of the next period (not part of this one).
    public let end: CalendarDay

    /// Creates a period from its bounds, unchecked, as decoding does: a period whose `end`
    /// is not after its `start` contains no day, and billing refuses it
    /// (``BillingError/notAContractPeriod(_:)``).
    /// - Parameters:
    ///   - start: the first day.
    ///   - end: the first day of the next period.
    public init(start: CalendarDay, end: CalendarDay) {
        self.start = start
        self.end = end
    }

    /// The period anchored on `anchorDay` that contains `day`.
    /// - Parameters:
    ///   - day: any day.
    ///   - anchorDay: the day of the month periods start on, 1...31.
    /// - Returns: the period with `start <= day < end`; in the last month a `CalendarDay`
    ///   can hold (about 5.9 million years from now) `end` is clamped to that last day, so
    ///   the period does not contain it and ``next(anchorDay:)`` returns the same period.
    public static func containing(_ day: CalendarDay, anchorDay: Int) -> UsagePeriod {
        let (year, month, _) = day.civil
        var start = startDay(year: year, month: month, anchorDay: anchorDay)
        var (sy, sm) = (year, month)
        if day < start {
            (sy, sm) = previousMonth(year: year, month: month)
            start = startDay(year: sy, month: sm, anchorDay: anchorDay)
        }
        let (ny, nm) = nextMonth(year: sy, month: sm)
        return UsagePeriod(start: start, end: startDay(year: ny, month: nm, anchorDay: anchorDay))
    }

    /// The period right after this one, for the same anchor day.
    /// - Parameter anchorDay: the anchor day this period was built with.
    /// - Returns: the period starting at `end`.
    public func next(anchorDay: Int) -> UsagePeriod { .containing(end, anchorDay: anchorDay) }

    /// The number of days in the period: 28...31 for a period from
    /// ``containing(_:anchorDay:)`` or ``next(anchorDay:)``.
    public var dayCount: Int { start.days(to: end) }

    /// Whether `day` lies in `[start, end)`.
    /// - Parameter day: the day to test.
    /// - Returns: `true` when the period contains it.
    public func contains(_ day: CalendarDay) -> Bool { start <= day && day < end }

    /// `[start, end)` in ISO 8601 dates.
    public var description: String { "[\(start), \(end))" }

    static func startDay(year: Int, month: Int, anchorDay: Int) -> CalendarDay {
        let clamped = min(max(anchorDay, 1), CalendarDay.daysIn(year: year, month: month))
        return CalendarDay(anyYear: year, month: month, day: clamped)
    }

    static func nextMonth(year: Int, month: Int) -> (Int, Int) {
        month == 12 ? (year + 1, 1) : (year, month + 1)
    }

    static func previousMonth(year: Int, month: Int) -> (Int, Int) {
        month == 1 ? (year - 1, 12) : (year, month - 1)
    }
}
