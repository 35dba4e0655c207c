import CreditMeter
@testable import LoadGenKit
import Testing

/// The summary's and progress lines' number formatting never traps, whatever figure a
/// caller builds or decodes.
struct FiguresTests {
    @Test("whole figures: separators, rounded down, and '-' for what no UInt64 holds",
          arguments: [(0.0, "0"), (1_234_567.9, "1,234,567"), (-1, "-"), (.nan, "-"), (.infinity, "-"), (1e20, "-")])
    func whole(_ value: Double, _ expected: String) {
        #expect(Figures.whole(value) == expected)
    }

    @Test("fixed-point figures, and '-' for what cannot be rendered",
          arguments: [(3.14159, 2, "3.14"), (-0.25, 1, "-0.3"), (2.0, 0, "2"), (.nan, 1, "-"), (1e30, 1, "-")])
    func fixed(_ value: Double, _ places: Int, _ expected: String) {
        #expect(Figures.fixed(value, places) == expected)
    }

    @Test("a progress line with a rate that is not a count prints '-'")
    func progressLine() {
        let sample = ProgressSample(elapsed: .infinity, debitsPerSecond: -.nan, accepted: 3, refused: [:], p99Nanoseconds: 0)
        #expect(sample.line.hasPrefix("[-s] - debits/s  accepted 3"))
    }

    @Test("an event of an id above Int.max counts only by kind")
    func hugeAccountID() {
        var tally = EventTally()
        let period = UsagePeriod.containing(CalendarDay(year: 2026, month: 1, day: 15)!, anchorDay: 1)
        tally.count(MeterEvent(account: AccountID(UInt64.max), period: period, day: period.start, kind: .capReached),
                    accountCount: 10)
        #expect(tally.byKind == ["capReached": 1])
    }
}
