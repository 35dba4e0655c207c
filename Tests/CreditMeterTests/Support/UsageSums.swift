import CreditMeter

/// A usage log line or report row that carries the credits it used.
protocol CreditsUsedRow {
    var creditsUsed: UInt64 { get }
}

extension UsageLogEntry: CreditsUsedRow {}
extension DailyUsage: CreditsUsedRow {}
extension FeatureUsage: CreditsUsedRow {}

extension Sequence where Element: CreditsUsedRow {
    /// The credits used over all the rows.
    var creditsUsed: UInt64 { reduce(0) { $0 + $1.creditsUsed } }
}

extension Sequence where Element == UsageLogEntry {
    /// How many actions ran over all the log lines.
    var timesRun: UInt64 { reduce(0) { $0 + $1.timesRun } }
}
