/// An account's usage reports (R21), computed from the engine's usage log.
///
/// Usage by feature, daily usage and the log itself are sums over the same log entries, so
/// they agree with one another by construction. The summary's usage is the engine's figure
/// read at the same instant as the limit and the cap when the report was given one
/// (``Meter/usageReport(for:from:to:)`` does), else the log's sum. The engine's figure and
/// the log's agree once no debit is in flight (I3); under traffic the log is read just
/// after the summary, so it may also hold debits made in between.
public struct UsageReport: Sendable {
    /// The longest range ``dailyUsage(from:to:)`` fills day by day: 100 years.
    public static let maximumRangeDays = 36_525

    /// The current usage period.
    public let period: UsagePeriod
    /// The monthly limit in force (R8).
    public let monthlyLimit: UInt64
    /// The cap, if any (R13).
    public let cap: UInt64?
    /// The engine's usage this period, read at the same instant as ``monthlyLimit`` and
    /// ``cap``; `nil` when the report was built from a log alone.
    public let usageAtSummary: UInt64?
    /// The log, ordered by day, then feature, then credits per action.
    public let log: [UsageLogEntry]
    /// The days the log is complete for, or `nil` when it is complete for every day. A
    /// range query outside it is refused rather than answered with zeros for days the log
    /// never read.
    public let coverage: Range<CalendarDay>?

    /// Creates a report.
    /// - Parameters:
    ///   - period: the current usage period.
    ///   - monthlyLimit: the monthly limit in force.
    ///   - cap: the cap, if any.
    ///   - usage: the engine's usage this period, read with the limit and the cap; `nil`
    ///     (the default) to take the log's sum.
    ///   - log: usage log entries over any range of days, in any order.
    ///   - coverage: the days `log` holds every entry of; `nil` (the default) when it
    ///     holds every entry there is.
    /// - Complexity: O(n log n) for `n` entries.
    public init(period: UsagePeriod, monthlyLimit: UInt64, cap: UInt64?, usage: UInt64? = nil,
                log: [UsageLogEntry], coverage: Range<CalendarDay>? = nil) {
        self.period = period
        self.monthlyLimit = monthlyLimit
        self.cap = cap
        usageAtSummary = usage
        self.log = log.sorted { ($0.day, $0.feature, $0.creditsPerAction) < ($1.day, $1.feature, $1.creditsPerAction) }
        self.coverage = coverage
    }

    /// Credits used in the current period, summed over the log.
    /// - Complexity: O(n).
    public var usageThisPeriod: UInt64 {
        log.reduce(0) { period.contains($1.day) ? $0.saturatingAdding($1.creditsUsed) : $0 }
    }

    /// Limit, cap and usage this period, as one exportable row: the usage is
    /// ``usageAtSummary`` when the report has it, so that the row holds at one instant
    /// (found by a review: under traffic, a usage summed from a log read later could pass
    /// the limit shown beside it), else ``usageThisPeriod``.
    /// - Complexity: O(1) with ``usageAtSummary``, else O(n).
    public var summary: UsageSummary {
        UsageSummary(period: period, monthlyLimit: monthlyLimit, cap: cap, usage: usageAtSummary ?? usageThisPeriod)
    }

    /// Usage by feature in the current period, ordered by feature key.
    /// - Complexity: O(n log n).
    public var usageByFeature: [FeatureUsage] {
        var totals: [String: (runs: UInt64, credits: UInt64)] = [:]
        for entry in log where period.contains(entry.day) {
            totals[entry.feature, default: (0, 0)].runs = totals[entry.feature, default: (0, 0)].runs.saturatingAdding(entry.timesRun)
            totals[entry.feature, default: (0, 0)].credits = totals[entry.feature, default: (0, 0)].credits.saturatingAdding(entry.creditsUsed)
        }
        return totals.sorted { $0.key < $1.key }
            .map { FeatureUsage(feature: $0.key, timesRun: $0.value.runs, creditsUsed: $0.value.credits) }
    }

    /// Usage per day over `[from, to)`, one row per day, days without usage at 0.
    /// - Parameters:
    ///   - from: the first day.
    ///   - to: the day after the last one.
    /// - Returns: `from.days(to: to)` rows in day order.
    /// - Throws: ``BillingError/invalidDateRange(from:to:)`` when `to < from`,
    ///   ``BillingError/outsideReport(from:to:)`` when the range leaves ``coverage``,
    ///   ``BillingError/dateRangeTooLong(days:)`` beyond ``maximumRangeDays``.
    /// - Complexity: O(n + days).
    public func dailyUsage(from: CalendarDay, to: CalendarDay) throws(BillingError) -> [DailyUsage] {
        let count = try checkRange(from: from, to: to)
        guard count <= Self.maximumRangeDays else { throw .dateRangeTooLong(days: count) }
        var credits = [UInt64](repeating: 0, count: count)
        for entry in log where from <= entry.day && entry.day < to {
            credits[from.days(to: entry.day)] = credits[from.days(to: entry.day)].saturatingAdding(entry.creditsUsed)
        }
        return credits.enumerated().map { DailyUsage(day: from.adding(days: Int32($0.offset)), creditsUsed: $0.element) }
    }

    /// The usage log over `[from, to)`: per day, the action, credits per action, times run
    /// and credits used.
    /// - Parameters:
    ///   - from: the first day.
    ///   - to: the day after the last one.
    /// - Returns: the entries in the range, ordered as ``log``.
    /// - Throws: ``BillingError/invalidDateRange(from:to:)`` when `to < from`,
    ///   ``BillingError/outsideReport(from:to:)`` when the range leaves ``coverage``.
    /// - Complexity: O(n).
    public func usageLog(from: CalendarDay, to: CalendarDay) throws(BillingError) -> [UsageLogEntry] {
        _ = try checkRange(from: from, to: to)
        return log.filter { from <= $0.day && $0.day < to }
    }

    /// The number of days in `[from, to)`, or an error when it ends before it starts or
    /// leaves ``coverage`` (found by a review: days the log never read came back as 0).
    private func checkRange(from: CalendarDay, to: CalendarDay) throws(BillingError) -> Int {
        guard from <= to else { throw .invalidDateRange(from: from, to: to) }
        if let coverage, from < to, from < coverage.lowerBound || to > coverage.upperBound {
            throw .outsideReport(from: coverage.lowerBound, to: coverage.upperBound)
        }
        return from.days(to: to)
    }
}
