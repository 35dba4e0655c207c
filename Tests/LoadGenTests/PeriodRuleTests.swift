import CreditMeter
import LoadGenKit
import Testing

/// LoadGen's own R5 reading, which keys the audit's periods, against the engine's.
@Suite("R5: LoadGen's period rule")
struct PeriodRuleTests {
    /// Every day of 2027 and the leap year 2028, for every anchor day: the two readings of
    /// R5 agree, so the audit's period keys match the engine's when both are right, and an
    /// engine that drifts from R5 disagrees with the audit.
    @Test("R5: the period start agrees with UsagePeriod for every anchor day over a common and a leap year")
    func agreesWithTheEngine() {
        let first = CalendarDay(year: 2027, month: 1, day: 1)!
        var disagreements: [String] = []
        for offset in 0..<(365 + 366) {
            let day = first.adding(days: Int32(offset))
            for anchor in 1...31 {
                let engine = UsagePeriod.containing(day, anchorDay: anchor).start.daysSinceEpoch
                let loadgen = PeriodRule.start(of: day, anchorDay: anchor)
                if engine != loadgen { disagreements.append("\(day) anchor \(anchor)") }
            }
        }
        #expect(disagreements == [])
    }

    @Test("R5: month-end clamps, from the SPEC's example", arguments: [
        ((2026, 2, 28), 31, (2026, 2, 28)),   // February clamps the 31st to the 28th
        ((2026, 2, 27), 31, (2026, 1, 31)),
        ((2028, 2, 29), 30, (2028, 2, 29)),   // leap year
        ((2028, 2, 28), 30, (2028, 1, 30)),
        ((2026, 3, 30), 31, (2026, 2, 28)),
        ((2026, 3, 31), 31, (2026, 3, 31)),
        ((2026, 1, 4), 5, (2025, 12, 5)),     // across the year
    ] as [((Int, Int, Int), Int, (Int, Int, Int))])
    func clamps(_ day: (Int, Int, Int), _ anchor: Int, _ start: (Int, Int, Int)) {
        let day = CalendarDay(year: day.0, month: day.1, day: day.2)!
        #expect(PeriodRule.start(of: day, anchorDay: anchor) == CalendarDay(year: start.0, month: start.1, day: start.2)!.daysSinceEpoch)
    }
}
