import CreditMeter
import Testing

/// R5: periods start on the anchor day, clamped to the month's last day, half-open.
@Suite("R5 usage periods")
struct UsagePeriodTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let anchor: Int
        let day: (Int, Int, Int)
        let start: (Int, Int, Int)
        let end: (Int, Int, Int)
        var testDescription: String { "anchor \(anchor), day \(day)" }
    }

    static let cases: [Case] = [
        // Anchored on the 31st through February of a common year and of a leap year.
        Case(anchor: 31, day: (2025, 2, 10), start: (2025, 1, 31), end: (2025, 2, 28)),
        Case(anchor: 31, day: (2025, 2, 28), start: (2025, 2, 28), end: (2025, 3, 31)),
        Case(anchor: 31, day: (2024, 2, 29), start: (2024, 2, 29), end: (2024, 3, 31)),
        Case(anchor: 31, day: (2024, 2, 28), start: (2024, 1, 31), end: (2024, 2, 29)),
        Case(anchor: 31, day: (2025, 4, 30), start: (2025, 4, 30), end: (2025, 5, 31)),
        Case(anchor: 30, day: (2025, 3, 1), start: (2025, 2, 28), end: (2025, 3, 30)),
        // Anchored on the 29th and the 30th through February of a leap and a common year.
        Case(anchor: 29, day: (2024, 2, 29), start: (2024, 2, 29), end: (2024, 3, 29)),
        Case(anchor: 29, day: (2024, 2, 28), start: (2024, 1, 29), end: (2024, 2, 29)),
        Case(anchor: 29, day: (2025, 2, 28), start: (2025, 2, 28), end: (2025, 3, 29)),
        Case(anchor: 29, day: (2025, 3, 28), start: (2025, 2, 28), end: (2025, 3, 29)),
        Case(anchor: 30, day: (2024, 3, 29), start: (2024, 2, 29), end: (2024, 3, 30)),
        Case(anchor: 30, day: (2025, 4, 30), start: (2025, 4, 30), end: (2025, 5, 30)),
        Case(anchor: 1, day: (2025, 12, 31), start: (2025, 12, 1), end: (2026, 1, 1)),
        Case(anchor: 15, day: (2026, 1, 14), start: (2025, 12, 15), end: (2026, 1, 15)),
        Case(anchor: 15, day: (2026, 1, 15), start: (2026, 1, 15), end: (2026, 2, 15)),
    ]

    @Test("the period containing a day", arguments: cases)
    func containing(_ c: Case) throws {
        let day = try #require(CalendarDay(year: c.day.0, month: c.day.1, day: c.day.2))
        let period = UsagePeriod.containing(day, anchorDay: c.anchor)
        #expect(period.start == CalendarDay(year: c.start.0, month: c.start.1, day: c.start.2))
        #expect(period.end == CalendarDay(year: c.end.0, month: c.end.1, day: c.end.2))
        #expect(period.contains(day))
        #expect(!period.contains(period.end))
    }

    /// Found by a review: the lengths alone could not catch an anchor that drifted to the
    /// 28th after February; each start is now checked against the anchor day.
    @Test("consecutive periods tile the calendar with no gap and no overlap, each on its anchor day",
          arguments: [1, 15, 28, 29, 30, 31])
    func tiling(anchor: Int) throws {
        var period = UsagePeriod.containing(try #require(CalendarDay(year: 2023, month: 11, day: 5)), anchorDay: anchor)
        for _ in 0..<40 {
            let next = period.next(anchorDay: anchor)
            let start = period.start.civil
            #expect(start.day == min(anchor, CalendarDay.daysIn(year: start.year, month: start.month)))
            #expect(next.start == period.end)
            #expect((28...31).contains(period.dayCount))
            #expect(UsagePeriod.containing(period.end.adding(days: -1), anchorDay: anchor) == period)
            period = next
        }
    }

    /// Found by a review: a year before 1 printed as "00-5-…".
    @Test("ISO 8601 descriptions, years before 1 with their sign", arguments: [
        (CalendarDay(year: 2026, month: 1, day: 5)!, "2026-01-05"), (CalendarDay(year: 7, month: 12, day: 31)!, "0007-12-31"),
        (CalendarDay(daysSinceEpoch: -719_468), "0000-03-01"), (CalendarDay(daysSinceEpoch: -721_195), "-0005-06-09"),
    ])
    func descriptions(_ day: CalendarDay, _ text: String) {
        #expect(day.description == text)
    }

    @Test("civil dates round-trip and impossible dates are refused")
    func civilRoundTrip() throws {
        for offset in stride(from: -719_162, through: 2_932_896, by: 997) {
            let day = CalendarDay(daysSinceEpoch: Int32(offset))
            let (y, m, d) = day.civil
            #expect(CalendarDay(year: y, month: m, day: d) == day)
        }
        #expect(CalendarDay(year: 2025, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2025, month: 13, day: 1) == nil)
        #expect(CalendarDay(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(CalendarDay(containing: -1).daysSinceEpoch == -1)
        #expect(CalendarDay(containing: 86_399).daysSinceEpoch == 0)
    }

    @Test("I6: the day containing any instant, floor division without overflow at the ends",
          arguments: [(Int64(-86_400), Int32(-1)), (-86_401, -2), (0, 0), (86_400, 1),
                      (.min, .min), (.max, .max)])
    func dayContainingAnyInstant(seconds: Int64, day: Int32) {
        #expect(CalendarDay(containing: seconds).daysSinceEpoch == day)
    }
}
