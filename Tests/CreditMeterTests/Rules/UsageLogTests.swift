@testable import CreditMeter
import Testing

/// R21, I6: the usage log names each row's feature.
@Suite("R21: usage log feature keys")
struct UsageLogTests {
    /// Found by a review: `usageLog` copied the keys before reading the rows, so a feature
    /// added and debited in between indexed past the copy and trapped. The rows are now read
    /// first; should a row still name an index the copy lacks, the log shows `#index`.
    @Test("I6: a usage row whose feature the key copy lacks is logged as #index, not a trap")
    func missingFeatureKey() {
        #expect(Ledger.featureKey(FeatureIndex(rawValue: 1), in: ["unit", "ten"]) == "ten")
        #expect(Ledger.featureKey(FeatureIndex(rawValue: 5), in: ["unit", "ten"]) == "#5")
    }

    /// Found by a review: a report built by the caller from its own log trapped when credits
    /// summed past 2^64 (I6). The sums saturate, like the counts.
    @Test("I6: a caller's report whose credits pass 2^64 saturates")
    func hugeCallerReport() throws {
        let day = CalendarDay(year: 2026, month: 1, day: 15)!
        let entry = UsageLogEntry(day: day, feature: "f", creditsPerAction: 1, timesRun: .max, creditsUsed: .max)
        let report = UsageReport(period: UsagePeriod.containing(day, anchorDay: 1), monthlyLimit: 500, cap: nil, log: [entry, entry])
        #expect(report.usageThisPeriod == .max)
        #expect(report.usageByFeature.map(\.creditsUsed) == [.max])
        #expect(try report.dailyUsage(from: day, to: day.adding(days: 1)).map(\.creditsUsed) == [.max])
    }
}
