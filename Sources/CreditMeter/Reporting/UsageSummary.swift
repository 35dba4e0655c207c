/// An account's standing this period (R21): limit, cap and usage.
public struct UsageSummary: Sendable, Hashable, ReportRow {
    /// The current usage period.
    public let period: UsagePeriod
    /// The monthly limit in force (R8).
    public let monthlyLimit: UInt64
    /// The cap, if any (R13).
    public let cap: UInt64?
    /// Credits used this period.
    public let usage: UInt64

    /// Creates a summary.
    /// - Parameters:
    ///   - period: the current usage period.
    ///   - monthlyLimit: the monthly limit in force.
    ///   - cap: the cap, if any.
    ///   - usage: credits used this period.
    public init(period: UsagePeriod, monthlyLimit: UInt64, cap: UInt64?, usage: UInt64) {
        self.period = period
        self.monthlyLimit = monthlyLimit
        self.cap = cap
        self.usage = usage
    }

    /// `period_start, period_end, monthly_limit, cap, usage`; `period_end` is exclusive.
    public static let columns = ["period_start", "period_end", "monthly_limit", "cap", "usage"]

    /// The values; an absent cap is empty in CSV and `null` in JSON.
    public var values: [ReportValue] {
        [.text(period.start.description), .text(period.end.description), .unsigned(monthlyLimit),
         cap.map(ReportValue.unsigned) ?? .empty, .unsigned(usage)]
    }
}
