public import CreditMeter

/// LoadGen's own reading of R5, so the audit keys usage by periods it did not take from
/// the engine it audits (found by a review: with `UsagePeriod.containing` an off-by-one in
/// the engine's month-end clamp went unseen). A period starts on the account's anchor day,
/// or on the month's last day when the month is shorter.
public enum PeriodRule {
    /// The first day of the usage period that contains `day`.
    /// - Parameters:
    ///   - day: any day.
    ///   - anchorDay: the account's anchor day, 1...31.
    /// - Returns: the period's first day, as days since 1970-01-01.
    /// - Complexity: O(1).
    public static func start(of day: CalendarDay, anchorDay: Int) -> Int32 {
        let (year, month, dayOfMonth) = day.civil
        let thisMonth = min(anchorDay, daysIn(year, month))
        if dayOfMonth >= thisMonth { return first(year, month, thisMonth) }
        let (previousYear, previousMonth) = month == 1 ? (year - 1, 12) : (year, month - 1)
        return first(previousYear, previousMonth, min(anchorDay, daysIn(previousYear, previousMonth)))
    }

    /// Days in a month of the Gregorian calendar.
    static func daysIn(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func first(_ year: Int, _ month: Int, _ day: Int) -> Int32 {
        // Valid by construction: the day is clamped to the month's length.
        CalendarDay(year: year, month: month, day: day)?.daysSinceEpoch ?? 0
    }
}
