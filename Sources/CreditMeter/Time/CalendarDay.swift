/// A day on the UTC calendar, counted from 1970-01-01.
///
/// Periods (R5), rate effective dates (R16), grace windows (R18) and the usage log (R21)
/// all fall on whole UTC days, so the debit hot path compares one 32-bit number instead of
/// reading and converting a timestamp.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int32

    /// Creates a day from its distance to 1970-01-01.
    /// - Parameter daysSinceEpoch: days since 1970-01-01, negative before it.
    @inlinable
    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// Creates a day from a civil date, or returns `nil` when the date does not exist
    /// (month outside 1...12, day outside the month, year outside 1...9999).
    /// - Parameters:
    ///   - year: the year, 1...9999.
    ///   - month: the month, 1...12.
    ///   - day: the day of the month, 1...the month's length.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarDay.daysIn(year: year, month: month) else { return nil }
        self.init(anyYear: year, month: month, day: day)
    }

    /// Creates a day from a civil date in any year, clamped to the range of
    /// ``daysSinceEpoch``: the period arithmetic of R5 uses it, so a period that starts in
    /// December 9999 still has an end.
    /// - Parameters:
    ///   - year: any year.
    ///   - month: the month, 1...12.
    ///   - day: the day of the month, 1...the month's length.
    init(anyYear year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.daysSinceEpoch = Int32(clamping: era * 146_097 + doe - 719_468)
    }

    /// The day that contains an instant given in seconds since 1970-01-01T00:00:00Z.
    /// - Parameter secondsSinceEpoch: seconds since the Unix epoch, UTC.
    @inlinable
    public init(containing secondsSinceEpoch: Int64) {
        // Floor division without the `seconds - 86,399` that overflowed near Int64.min.
        let (quotient, remainder) = secondsSinceEpoch.quotientAndRemainder(dividingBy: 86_400)
        self.daysSinceEpoch = Int32(clamping: remainder < 0 ? quotient - 1 : quotient)
    }

    /// The civil date of this day.
    /// - Returns: year, month (1...12) and day of month (1...31).
    public var civil: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Seconds since the Unix epoch at this day's 00:00:00 UTC.
    public var startSecondsSinceEpoch: Int64 { Int64(daysSinceEpoch) * 86_400 }

    /// The day `count` days later (earlier when negative), saturating at the first and
    /// last day ``daysSinceEpoch`` can hold.
    /// - Parameter count: the number of days to move.
    /// - Returns: the moved day.
    @inlinable
    public func adding(days count: Int32) -> CalendarDay {
        let (moved, overflow) = daysSinceEpoch.addingReportingOverflow(count)
        return CalendarDay(daysSinceEpoch: overflow ? (count > 0 ? .max : .min) : moved)
    }

    /// The number of days from this day to `other` (negative when `other` is earlier).
    /// - Parameter other: the later day.
    /// - Returns: `other - self` in days.
    @inlinable
    public func days(to other: CalendarDay) -> Int { Int(other.daysSinceEpoch) - Int(daysSinceEpoch) }

    /// The number of days in a month of the proleptic Gregorian calendar.
    /// - Parameters:
    ///   - year: the year.
    ///   - month: the month, 1...12.
    /// - Returns: 28...31.
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Orders by the underlying value.
    /// - Parameters:
    ///   - lhs: a day.
    ///   - rhs: another day.
    /// - Returns: whether `lhs` is an earlier day than `rhs`.
    @inlinable
    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    /// The ISO 8601 date, `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = civil
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        // A year before 1 keeps its sign in front of the padding ("-0005", not "00-5").
        return "\(y < 0 ? "-" + pad(-y, 4) : pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
